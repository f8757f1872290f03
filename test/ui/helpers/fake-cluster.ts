/**
 * A tiny stand-in cluster for TUI tests: `kubectl label ns books strict=true` turns on STRICT
 * mTLS after a propagation delay, and the curl probe sees 200 before and 000 (exit 56) after.
 * `kubectl get pods -A` prints 60 lines; everything else echoes. Real timers; the delay is what makes a verification retry.
 */
import type { Cluster, CommandResult, RunOptions } from '../../../src/cluster/port.js';

export interface FakeCluster extends Cluster {
  /** Every argv run, in order. */
  readonly runs: string[][];
  /** Commands still running (a `kubectl wait` runs until aborted). */
  running(): number;
  /** Applies the policy as if the learner did it in another terminal. */
  applyStrict(): void;
}

export function fakeCluster(propagationMs: number): FakeCluster {
  let strictAt: number | undefined;
  let live = 0;
  const runs: string[][] = [];
  const result = (
    argv: readonly string[],
    exitCode: number,
    stdout: string,
    stderr = '',
    cancelled = false,
  ): CommandResult => ({
    argv,
    exitCode,
    stdout,
    stderr,
    timedOut: false,
    cancelled,
    durationMs: 1,
  });
  return {
    description: 'test cluster',
    kind: 'sim',
    runs,
    running: () => live,
    applyStrict() {
      strictAt = Date.now();
    },
    async run(argv: readonly string[], o: RunOptions = {}): Promise<CommandResult> {
      runs.push([...argv]);
      const line = argv.join(' ');
      if (argv[1] === 'wait') {
        live++;
        return new Promise((resolve) => {
          o.onOutput?.('sleeping\n', 'stdout');
          const done = () => {
            live--;
            resolve(result(argv, 143, 'sleeping\n', '', true));
          };
          if (o.signal?.aborted) done();
          else o.signal?.addEventListener('abort', done, { once: true });
        });
      }
      if (line.startsWith('kubectl label ns books strict=true')) {
        strictAt ??= Date.now();
        o.onOutput?.('namespace/books labeled\n', 'stdout');
        return result(argv, 0, 'namespace/books labeled\n');
      }
      if (line === 'kubectl get pods -A') {
        const out = Array.from({ length: 60 }, (_, i) => `books   pod-${i}   2/2   Running   0   1m`).join('\n') + '\n';
        o.onOutput?.(out, 'stdout');
        return result(argv, 0, out);
      }
      if (argv[0] === 'curl') {
        const strict = strictAt !== undefined && Date.now() >= strictAt + propagationMs;
        return strict ? result(argv, 56, '000') : result(argv, 0, '200');
      }
      const out = `${argv.slice(1).join(' ')}\n`;
      o.onOutput?.(out, 'stdout');
      return result(argv, 0, out);
    },
  };
}
