/**
 * Replays the extra cases (test/conformance/extra/: scenarios from istio.io task pages and Istio
 * sources beyond the shared conformance set) through the built CLI with run.py's rules:
 * `node dist/cli.js sim --state TMP [--istio X] -- ARGV`, --istio on the first step only.
 * One test per case; the judging and case loading are conformance's own (cases.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { type Case, judge, loadCases } from './cases.js';
import { shlexSplit } from './shlex.js';

const ROOT = new URL('../../', import.meta.url).pathname;
// MESHWALK_TEST_CLI points at another build (e.g. while others rebuild dist/ in a shared tree).
const CLI = process.env.MESHWALK_TEST_CLI ?? join(ROOT, 'dist/cli.js');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function sim(state: string, c: Case, i: number, argv: string[], stdin: string): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const pre = ['sim', '--state', state, ...(i === 0 && c.istio ? ['--istio', String(c.istio)] : [])];
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CLI, ...pre, '--', ...argv], { timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ stdout, stderr, exitCode: code ?? -1 }));
    p.stdin.end(stdin);
  });
}

async function replay(c: Case): Promise<string | undefined> {
  const state = mkdtempSync(join(tmpdir(), 'mwextra-'));
  dirs.push(state);
  for (const [i, step] of c.steps.entries()) {
    const why = judge(step, i, await sim(state, c, i, shlexSplit(step.run), step.stdin ?? ''));
    if (why) return why;
  }
  return undefined;
}

describe.concurrent('extra conformance (istio.io tasks) through meshwalk sim', () => {
  for (const c of loadCases(join(ROOT, 'test/conformance/extra'))) {
    test(c.file, { timeout: 300_000 }, async () => {
      expect(c.source, 'every case names its source').toBeTruthy();
      expect(await replay(c)).toBeUndefined();
    });
  }
});
