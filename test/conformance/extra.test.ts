/**
 * Replays the extra cases (test/conformance/extra/: scenarios from istio.io task pages and Istio
 * sources beyond the shared conformance set) through the built CLI with run.py's rules:
 * `node dist/cli.js sim --state TMP [--istio X] -- ARGV`, --istio on the first step only.
 * One test per case; the judging and case loading are conformance's own (cases.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadCases, replay, viaCli } from './cases.js';

const ROOT = new URL('../../', import.meta.url).pathname;
// MESHWALK_TEST_CLI points at another build (e.g. while others rebuild dist/ in a shared tree).
const CLI = process.env.MESHWALK_TEST_CLI ?? join(ROOT, 'dist/cli.js');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function stateDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mwextra-'));
  dirs.push(d);
  return d;
}

describe.concurrent('extra conformance (istio.io tasks) through meshwalk sim', () => {
  for (const c of loadCases(join(ROOT, 'test/conformance/extra'))) {
    test(c.file, { timeout: 300_000 }, async () => {
      expect(c.source, 'every case names its source').toBeTruthy();
      expect(await replay(c, viaCli(CLI), stateDir())).toBeUndefined();
    });
  }
});
