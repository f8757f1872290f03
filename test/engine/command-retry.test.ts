// A step's own command with an `expect` waits for a policy to arrive, as a verification does,
// instead of failing at once with the answer from before the change.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimCluster } from '../../src/cluster/sim.js';
import { createSession } from '../../src/engine/session.js';
import type { ResultEvent } from '../../src/engine/types.js';
import type { Lesson } from '../../src/lesson/schema.js';
import { systemClock } from '../../src/system-clock.js';
import { Driver, lesson } from './helpers.js';

const curl =
  'kubectl exec deploy/sleep -n authz -c sleep -- curl -s -o /dev/null -w "%{http_code}" http://books.authz:4000/books/1';

const fixed = lesson({
  steps: [
    {
      id: 'fix-dr',
      title: 'See the fixed DestinationRule work',
      run: curl,
      expect: { status: 200 },
      verify: { run: 'kubectl get dr -n authz', expect: { contains: 'books' }, timeout: '3s', interval: '500ms' },
    },
    { id: 'plain', title: 'Look', run: 'kubectl get pods -n authz' },
  ],
});

describe('a step command with expect, against a cluster still changing', () => {
  it('tries again until it shows what it expects, counting attempts as a verification does', () => {
    const d = new Driver(fixed, { mode: 'learn', setup: false });
    d.start();
    d.intent('run');
    d.answer('503');
    expect(d.wait().ms).toBe(500);
    expect(d.state.steps[0]?.status).toBe('verifying');
    expect(d.state.steps[0]?.verification).toMatchObject({
      phase: 'command',
      attempt: 1,
      timeoutMs: 3000,
      expected: 'status 200',
      last: { matched: false, mismatch: 'expected 200, saw 503' },
    });
    d.fire();
    expect(d.exec().argv.at(-1)).toBe('http://books.authz:4000/books/1');
    d.answer('503');
    d.fire();
    d.answer('200');
    // Then the step's own verification, as usual.
    expect(d.exec().argv).toEqual(['kubectl', 'get', 'dr', '-n', 'authz']);
    d.answer('books   2s');
    expect(d.state.steps[0]?.status).toBe('passed');
    // One transcript entry for the command, showing its last attempt.
    expect(d.state.steps[0]?.commands.map((c) => [c.display.slice(0, 13), c.output])).toEqual([
      ['kubectl exec ', '200'],
    ]);
    const attempts = d.events().filter((e) => e.type === 'AttemptObserved' && e.phase === 'command');
    expect(attempts.map((e) => e.type === 'AttemptObserved' && [e.attempt, e.verdict])).toEqual([
      [1, 'retry'],
      [2, 'retry'],
      [3, 'pass'],
    ]);
    const finished = d.events().filter((e) => e.type === 'CommandFinished' && e.purpose === 'action');
    expect(finished.map((e) => e.type === 'CommandFinished' && [e.ok, e.retrying ?? false])).toEqual([
      [false, true],
      [false, true],
      [true, false],
    ]);
  });

  it('gives up at the bound, saying how many attempts it made', () => {
    const d = new Driver(fixed, { mode: 'learn', setup: false });
    d.start();
    d.intent('run');
    for (let i = 0; i < 6; i++) {
      d.answer('503');
      d.fire();
    }
    d.answer('503');
    expect(d.state.steps[0]?.status).toBe('failed');
    expect(d.state.steps[0]?.failedAt).toBe('action');
    expect(d.state.steps[0]?.failure).toBe(
      `\`${curl.replace('"%{http_code}"', "'%{http_code}'")}\`: expected 200, saw 503 (gave up after 7 attempts in 3 s)`,
    );
  });

  it('without a verification timeout, tries for 10 s; a command without expect fails at once', () => {
    const noVerify = lesson({ steps: [{ id: 'c', title: 'Call', run: curl, expect: { status: 200 } }] });
    const d = new Driver(noVerify, { mode: 'learn', setup: false });
    d.start();
    d.intent('run');
    d.answer('503');
    expect(d.state.steps[0]?.verification?.timeoutMs).toBe(10_000);
    const plain = new Driver(fixed, {
      mode: 'learn',
      setup: false,
      resume: { done: ['fix-dr'], skipped: [], current: 'plain' },
    });
    plain.start();
    plain.intent('run');
    plain.answer('', 1, 'error: the server could not find the requested resource');
    expect(plain.state.steps[1]?.status).toBe('failed');
    expect(plain.last.filter((f) => f.type === 'wait')).toEqual([]);
  });

  it('Esc while it waits for the next attempt stops it', () => {
    const d = new Driver(fixed, { mode: 'learn', setup: false });
    d.start();
    d.intent('run');
    d.answer('503');
    const w = d.wait();
    d.intent('cancel');
    expect(d.last).toContainEqual({ type: 'cancel', id: w.id });
    expect(d.state.steps[0]).toMatchObject({ status: 'failed', failure: 'cancelled', failedAt: 'action' });
  });
});

const ROOT = join(import.meta.dirname, '..', '..');
const manifest = (p: string) => readFileSync(join(ROOT, 'manifests', p), 'utf8');

/** Deny-all in `authz`, then a curl that must see the 403: on the simulator, with a propagation delay. */
const denyAll: Lesson = lesson({
  id: 'deny-all',
  setup: [
    { apply: { inline: manifest('least-privilege/namespaces.yaml') } },
    { apply: { inline: manifest('apps/books-api.yaml'), namespace: 'authz' } },
    { apply: { inline: manifest('apps/sleep.yaml'), namespace: 'authz' } },
  ],
  steps: [
    { id: 'deny', title: 'Deny everything', apply: { inline: manifest('least-privilege/allow-nothing.yaml') } },
    { id: 'see', title: 'See the 403', run: curl, expect: { status: 403 } },
  ],
});

describe('on the simulated cluster, with a propagation delay', () => {
  it('the engine waits for the policy to reach the sidecars instead of failing with the old 200', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshwalk-cmd-retry-'));
    const cluster = createSimCluster({ stateDir: join(dir, 'sim'), cwd: dir, env: {}, propagationMs: 600 });
    const events: ResultEvent[] = [];
    const s = createSession(
      denyAll,
      { mode: 'demo', saveProgress: false, maxIntervalMs: 100 },
      { cluster, clock: systemClock, onResult: (e) => events.push(e) },
    );
    s.start();
    const final = await s.finished;
    s.dispose();
    expect(final.outcome).toBe('passed');
    const attempts = events.flatMap((e) => (e.type === 'AttemptObserved' && e.phase === 'command' ? [e] : []));
    expect(attempts[0]).toMatchObject({ attempt: 1, observed: { status: '200' }, verdict: 'retry' });
    expect(attempts.at(-1)).toMatchObject({ observed: { status: '403' }, verdict: 'pass' });
    expect(attempts.length).toBeGreaterThan(1);
  });
});
