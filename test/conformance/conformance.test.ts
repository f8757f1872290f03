/**
 * Replays every recorded Istio case through the built CLI, step by step, exactly as
 * ../shared/conformance/run.py does: `node dist/cli.js sim --state TMP [--istio X] -- ARGV`
 * (--istio on the first step only). Then again through the argv path: `kubectl`/`curl` are
 * stand-in executables on PATH (test/fixtures/bin-sim) and each step is a real process.
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
const BIN = join(ROOT, 'test/fixtures/bin-sim');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function stateDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mwconf-'));
  dirs.push(d);
  return d;
}

type Result = { stdout: string; stderr: string; exitCode: number };
type Runner = (c: Case, argv: string[], i: number, stdin: string, state: string) => Promise<Result>;

/** Runs a process to completion (async, so the cases replay in parallel). */
function run(file: string, args: string[], stdin: string, env?: NodeJS.ProcessEnv): Promise<Result> {
  return new Promise((resolve, reject) => {
    const p = spawn(file, args, { env, timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ stdout, stderr, exitCode: code ?? -1 }));
    p.stdin.end(stdin);
  });
}

const viaCli: Runner = (c, argv, i, stdin, state) => {
  const pre = ['sim', '--state', state, ...(i === 0 && c.istio ? ['--istio', String(c.istio)] : [])];
  return run(process.execPath, [CLI, ...pre, '--', ...argv], stdin);
};

const viaPath: Runner = (c, argv, _i, stdin, state) => {
  const env = { ...process.env, PATH: `${BIN}:${process.env.PATH ?? ''}`, MESHWALK_CLI: CLI, MESHWALK_SIM_STATE: state, MESHWALK_SIM_ISTIO: c.istio ? String(c.istio) : '' };
  return run(argv[0] ?? '', argv.slice(1), stdin, env);
};

async function replay(c: Case, runner: Runner): Promise<string | undefined> {
  const state = stateDir();
  for (const [i, step] of c.steps.entries()) {
    const r = await runner(c, shlexSplit(step.run), i, step.stdin ?? '', state);
    const why = judge(step, i, r);
    if (why) return why;
  }
  return undefined;
}

const cases = loadCases();

describe.concurrent('conformance through meshwalk sim', () => {
  for (const c of cases) {
    test(c.file, { timeout: 300_000 }, async () => {
      expect(c.source, 'every case keeps its source line').toBeTruthy();
      expect(await replay(c, viaCli)).toBeUndefined();
    });
  }
});

describe.concurrent('conformance through stand-in kubectl/curl on PATH', () => {
  for (const c of cases) {
    test(c.file, { timeout: 300_000 }, async () => {
      expect(await replay(c, viaPath)).toBeUndefined();
    });
  }
});
