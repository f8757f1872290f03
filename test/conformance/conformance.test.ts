/**
 * Replays every recorded Istio case step by step with ../shared/conformance/run.py's rules, as
 * `meshwalk sim --state TMP [--istio X] -- ARGV` (--istio on the first step only) through the CLI's
 * entry point in this process. A subset runs end to end as real processes, twice: through the built
 * CLI exactly as run.py calls it, and through stand-in `kubectl`/`curl` executables on PATH
 * (test/fixtures/bin-sim), so the bundle and the argv path stay covered without a node start per step
 * for every case. Both ways start the first step (which carries --istio) as a process; of the steps
 * that carry a manifest on stdin or run curl in a pod, every fourth goes to a process in each way
 * (the two ways taking different ones), and every other step runs in process on the same state.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempDir } from '../support/temp-dir.js';
import { inProcess, loadCases, replay, runProcess, viaCli, type Runner } from './cases.js';

const ROOT = new URL('../../', import.meta.url).pathname;
// MESHWALK_TEST_CLI points at another build (e.g. while others rebuild dist/ in a shared tree).
const CLI = process.env.MESHWALK_TEST_CLI ?? join(ROOT, 'dist/cli.js');
const BIN = join(ROOT, 'test/fixtures/bin-sim');
const stateDir = () => tempDir('mwconf-');

const viaPath: Runner = (c, argv, _i, stdin, state) => {
  const env = {
    ...process.env,
    PATH: `${BIN}:${process.env.PATH ?? ''}`,
    MESHWALK_CLI: CLI,
    MESHWALK_SIM_STATE: state,
    MESHWALK_SIM_ISTIO: c.istio ? String(c.istio) : '',
  };
  return runProcess(argv[0] ?? '', argv.slice(1), stdin, env);
};

/** Steps after the first that go to a process: a manifest on stdin, or curl inside a pod. */
const carriesInput = (argv: readonly string[], stdin: string) => stdin !== '' || argv.includes('curl');

/** `processes` for the first step and every fourth step `carriesInput` picks (`mine`: 0 or 2, so the ways differ). */
const shared = (processes: Runner, mine: 0 | 2): Runner => {
  let picked = 0;
  return (c, argv, i, stdin, state) => {
    const ours = i === 0 || (carriesInput(argv, stdin) && picked++ % 4 === mine);
    return (ours ? processes : inProcess())(c, argv, i, stdin, state);
  };
};

const cases = loadCases();
/** mTLS, JWT and ingress TLS (stdin, files, `$(...)` substitution) run as real processes too. */
const END_TO_END = new Set([
  'authn-namespace-strict.yaml',
  'jwt-error-bodies.yaml',
  'ingress-https-credentialname.yaml',
]);

describe('conformance through meshwalk sim (in process)', () => {
  for (const c of cases) {
    test(c.file, { timeout: 120_000 }, async () => {
      expect(c.source, 'every case keeps its source line').toBeTruthy();
      expect(await replay(c, inProcess(), stateDir())).toBeUndefined();
    });
  }
});

describe.concurrent('conformance end to end: the built CLI as run.py calls it', () => {
  test('the end-to-end subset names existing cases', () => {
    expect(cases.filter((c) => END_TO_END.has(c.file))).toHaveLength(END_TO_END.size);
  });
  for (const c of cases.filter((x) => END_TO_END.has(x.file))) {
    test(c.file, { timeout: 300_000 }, async () => {
      expect(await replay(c, shared(viaCli(CLI), 0), stateDir())).toBeUndefined();
    });
  }
});

describe.concurrent('conformance end to end: stand-in kubectl/curl on PATH', () => {
  for (const c of cases.filter((x) => END_TO_END.has(x.file))) {
    test(c.file, { timeout: 300_000 }, async () => {
      expect(await replay(c, shared(viaPath, 2), stateDir())).toBeUndefined();
    });
  }
});
