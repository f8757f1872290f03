import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Cluster, CommandResult, RunOptions } from '../../src/cluster/port.js';
import { createSession } from '../../src/engine/session.js';
import { systemClock } from '../../src/system-clock.js';
import type { ProgressSnapshot, ResultEvent } from '../../src/engine/types.js';
import { lesson } from './helpers.js';

/** A cluster whose policy takes effect `propagationMs` after it is applied (like the simulator). */
function fakeCluster(propagationMs: number) {
  let appliedAt: number | undefined;
  const calls: string[] = [];
  const cluster: Cluster = {
    description: 'fake',
    kind: 'sim',
    async run(argv: readonly string[], o?: RunOptions): Promise<CommandResult> {
      calls.push(argv.join(' '));
      const base = { argv, stderr: '', timedOut: false, cancelled: false, durationMs: 1 };
      if (argv[1] === 'apply') {
        appliedAt = Date.now();
        o?.onOutput?.('peerauthentication.security.istio.io/default created\n', 'stdout');
        return { ...base, exitCode: 0, stdout: 'peerauthentication.security.istio.io/default created\n' };
      }
      if (argv[1] === 'wait') {
        return new Promise((resolve) =>
          o?.signal?.addEventListener('abort', () => resolve({ ...base, exitCode: 143, stdout: '', cancelled: true })),
        );
      }
      const strict = appliedAt !== undefined && Date.now() - appliedAt >= propagationMs;
      return strict ? { ...base, exitCode: 56, stdout: '000' } : { ...base, exitCode: 0, stdout: '200' };
    },
  };
  return { cluster, clock: systemClock, calls };
}

const l = lesson({
  steps: [
    {
      id: 'strict',
      title: 'Apply STRICT',
      apply: 'manifests/strict.yaml',
      verify: {
        run: 'kubectl exec deploy/sleep -- curl -s -w "%{http_code}" http://books:4000',
        expect: { status: '000' },
        before: { status: 200 },
      },
    },
  ],
});

describe('session (reducer + runEffects) under fake timers', () => {
  beforeEach(() => void vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => void vi.useRealTimers());

  it('retries until the change propagates, then passes and saves progress', async () => {
    const { cluster, clock: systemClock, calls } = fakeCluster(1500);
    const saved: ProgressSnapshot[] = [];
    const events: ResultEvent[] = [];
    const s = createSession(
      l,
      { mode: 'learn', maxIntervalMs: 200 },
      { cluster, clock: systemClock, progress: { save: (p) => void saved.push(p) }, onResult: (e) => events.push(e) },
    );
    s.start();
    s.intent('run');
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.getState().steps[0]?.status).toBe('verifying');
    expect(s.getState().steps[0]?.verification?.attempt).toBe(6);
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.getState().steps[0]?.status).toBe('passed');
    const attempts = events.filter((e) => e.type === 'AttemptObserved');
    expect(attempts.length).toBe(9);
    expect(attempts.at(-1)).toMatchObject({
      verdict: 'pass',
      elapsedMs: 1600,
      observed: { status: '000', exitCode: 56 },
    });
    expect(calls.filter((c) => c.startsWith('kubectl apply'))).toHaveLength(1);
    expect(events.find((e) => e.type === 'CommandOutput')).toMatchObject({
      chunk: 'peerauthentication.security.istio.io/default created\n',
    });
    expect(saved.at(-1)).toEqual({ lesson: 'demo', done: ['strict'], skipped: [], current: 'strict', finished: true }); // every step done: finished, before the last next
    s.intent('next');
    await expect(s.finished).resolves.toMatchObject({ outcome: 'passed' });
  });

  it('check runs the whole lesson with no propagation and no timers needed', async () => {
    const { cluster, clock: systemClock } = fakeCluster(0);
    const s = createSession(l, { mode: 'check', saveProgress: false }, { cluster, clock: systemClock });
    s.start();
    await vi.runAllTimersAsync();
    const final = await s.finished;
    expect(final.outcome).toBe('passed');
    expect(final.steps[0]?.verification?.attempt).toBe(1);
  });

  it('cancel aborts the running command through its signal', async () => {
    const { cluster, clock: systemClock } = fakeCluster(0);
    const hang = lesson({ steps: [{ id: 'h', title: 'H', run: 'kubectl wait --for=delete pod/x' }] });
    const s = createSession(hang, { mode: 'learn' }, { cluster, clock: systemClock });
    s.start();
    s.intent('run');
    await vi.advanceTimersByTimeAsync(10);
    expect(s.getState().running?.kind).toBe('exec');
    s.intent('cancel');
    await vi.advanceTimersByTimeAsync(10);
    expect(s.getState().steps[0]).toMatchObject({ status: 'failed', failure: 'cancelled' });
    expect(s.getState().running).toBeNull();
  });

  it('a command that cannot run at all fails the step with its message', async () => {
    const cluster: Cluster = {
      description: 'broken',
      kind: 'real',
      run: async () => {
        throw new Error('kubectl not found on PATH: install kubectl 1.28 or newer');
      },
    };
    const s = createSession(
      lesson({ steps: [{ id: 'a', title: 'A', run: 'kubectl get pods' }] }),
      { mode: 'demo', saveProgress: false },
      { cluster, clock: systemClock },
    );
    s.start();
    const final = await s.finished;
    expect(final.outcome).toBe('failed');
    expect(final.steps[0]?.failure).toBe('kubectl not found on PATH: install kubectl 1.28 or newer');
  });
});
