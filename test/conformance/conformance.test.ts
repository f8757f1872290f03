/**
 * Replays every recorded Istio case through the built CLI, step by step, exactly as
 * ../shared/conformance/run.py does: `node dist/cli.js sim --state TMP [--istio X] -- ARGV`
 * (--istio on the first step only). Then again through the argv path: `kubectl`/`curl` are
 * stand-in executables on PATH (test/fixtures/bin-sim) and each step is a real process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadCases, replay, runProcess, viaCli, type Runner } from './cases.js';

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

const viaPath: Runner = (c, argv, _i, stdin, state) => {
  const env = { ...process.env, PATH: `${BIN}:${process.env.PATH ?? ''}`, MESHWALK_CLI: CLI, MESHWALK_SIM_STATE: state, MESHWALK_SIM_ISTIO: c.istio ? String(c.istio) : '' };
  return runProcess(argv[0] ?? '', argv.slice(1), stdin, env);
};

const cases = loadCases();

describe.concurrent('conformance through meshwalk sim', () => {
  for (const c of cases) {
    test(c.file, { timeout: 300_000 }, async () => {
      expect(c.source, 'every case keeps its source line').toBeTruthy();
      expect(await replay(c, viaCli(CLI), stateDir())).toBeUndefined();
    });
  }
});

describe.concurrent('conformance through stand-in kubectl/curl on PATH', () => {
  for (const c of cases) {
    test(c.file, { timeout: 300_000 }, async () => {
      expect(await replay(c, viaPath, stateDir())).toBeUndefined();
    });
  }
});
