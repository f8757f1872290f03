import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render, cleanup } from 'ink-testing-library';
import App from '../../src/ui/App.js';
import type { UiPorts } from '../../src/ui/ports.js';
import { ProgressStore } from '../../src/progress/store.js';
import { fakeCluster, type FakeCluster } from './helpers/fake-cluster.js';
import { jwtLesson, strictLesson } from './helpers/lessons.js';
import { frameWith, frameWhere, tick } from './helpers/drive.js';

let dir: string;
let store: ProgressStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshwalk-ui-'));
  store = new ProgressStore(join(dir, 'progress.json'), 'sim');
});
afterEach(() => {
  cleanup();
  rmSync(dir, { recursive: true, force: true });
});

function ports(cluster: FakeCluster, over: Partial<UiPorts> = {}): UiPorts {
  return {
    selectCluster: async () => ({
      label: 'test cluster',
      line: 'Using a stand-in cluster for tests.',
      forLesson: () => cluster,
    }),
    loadLessons: async () => ({ lessons: [strictLesson, jwtLesson], problems: [] }),
    readProgress: async () => ({
      byLesson: Object.fromEntries(
        Object.entries(store.all()).map(([id, p]) => [
          id,
          {
            lesson: id,
            done: p.done,
            skipped: p.skipped,
            ...(p.current ? { current: p.current } : {}),
            finished: p.finishedAt !== undefined,
          },
        ]),
      ),
    }),
    saveProgress: (p) => store.save(p),
    engine: { maxIntervalMs: 50 },
    ...over,
  };
}

describe('the TUI on a stand-in cluster', () => {
  it('walks a lesson: run, a failing verification, a retry that passes after propagation, next', async () => {
    const cluster = fakeCluster(500);
    const { lastFrame, stdin } = render(<App ports={ports(cluster)} />);

    let f = await frameWith(lastFrame, 'choose a lesson');
    expect(f).toMatch(/▸ 1\. Strict mTLS +0\/3 +NEW/);
    expect(f).toMatch(/2\. JWT +0\/1 +LOCKED/);
    expect(f).toContain('Enter open');

    stdin.write('\r');
    f = await frameWith(lastFrame, 'step 1 of 3', 'r run');
    expect(f).toContain('Look at the namespace');
    expect(f).toContain('The books namespace runs the books API.');
    expect(f).toContain('$ kubectl get ns books');
    expect(f).toContain('○ TO DO');
    expect(f).not.toContain('n next'); // not done yet, so next is not offered

    stdin.write('r');
    f = await frameWith(lastFrame, '✔ PASS', 'n next');
    expect(f).toContain('── output ──');
    expect(f).toContain('get ns books'); // the command's output, streamed into the pane

    stdin.write('n');
    f = await frameWith(lastFrame, 'step 2 of 3', 'Turn on STRICT mTLS');
    expect(f).toContain(
      "Checks: curl -s -o /dev/null -w '%{http_code}' http://books:4000/books/1 → expects status 000",
    );
    expect(f).toContain('r check'); // nothing for meshwalk to run: r only checks

    // The learner has not acted yet: the verification retries, then fails, saying what it saw.
    stdin.write('r');
    f = await frameWith(lastFrame, 'VERIFYING', 'attempt');
    expect(f).toMatch(/want status 000/);
    expect(f).toContain('Esc cancel');
    f = await frameWith(lastFrame, '✘ FAIL');
    expect(f).toContain('expected 000, saw 200');
    expect(f).toMatch(/expected status 000 · saw status 200 · \d+ attempts/);
    expect(f).toContain('r retry');
    expect(f).toContain('h hint');

    stdin.write('h');
    f = await frameWith(lastFrame, 'Hint 1 of 2: Label the namespace: kubectl label ns books strict=true');

    // Now they act; the policy takes 500 ms to propagate, and the retry sees it arrive.
    cluster.applyStrict();
    stdin.write('r');
    f = await frameWith(lastFrame, 'VERIFYING', 'last saw status 200');
    f = await frameWith(lastFrame, '✔ PASS', 'saw 000 (no response, exit 56)');
    expect(f).toMatch(/✔ PASS attempt \d+ · [\d.]+s · saw 000/);
    expect(f).toContain('n next');

    stdin.write('n');
    f = await frameWith(lastFrame, 'step 3 of 3');
    stdin.write('r');
    f = await frameWith(lastFrame, '✔ PASS');
    stdin.write('n');
    f = await frameWith(lastFrame, 'Lesson complete: 3 passed. Clean up: meshwalk reset strict-mtls');
    expect(store.get('strict-mtls')?.finishedAt).toBeDefined();

    stdin.write('l');
    f = await frameWith(lastFrame, 'choose a lesson');
    expect(f).toMatch(/1\. Strict mTLS +3\/3 +DONE/);
    expect(f).toMatch(/2\. JWT +0\/1 +NEW/); // unlocked now
  });

  it('quits mid-step, saving where the learner was, and resumes there', async () => {
    const cluster = fakeCluster(0);
    const first = render(<App ports={ports(cluster)} />);
    await frameWith(first.lastFrame, 'choose a lesson');
    first.stdin.write('\r');
    await frameWith(first.lastFrame, 'step 1 of 3');
    first.stdin.write('r');
    await frameWith(first.lastFrame, '✔ PASS');
    first.stdin.write('n');
    await frameWith(first.lastFrame, 'step 2 of 3');
    first.stdin.write('q');
    await tick(100);
    expect(store.get('strict-mtls')).toMatchObject({ done: ['look'], current: 'strict' });
    first.unmount();

    const second = render(<App ports={ports(fakeCluster(0))} />);
    const f = await frameWith(second.lastFrame, 'IN PROGRESS');
    expect(f).toMatch(/1\. Strict mTLS +1\/3 +IN PROGRESS/);
    expect(f).toContain('Enter resumes at step 2 of 3.');
    second.stdin.write('\r');
    const step = await frameWith(second.lastFrame, 'Strict mTLS · step 2 of 3');
    expect(step).toContain('Turn on STRICT mTLS');
    expect(step).toContain('✔●·'); // step 1 shown as done in the trail
  });

  it('a DONE lesson stays DONE when opened and looked through again', async () => {
    store.save({
      lesson: 'strict-mtls',
      done: ['look', 'strict', 'done'],
      skipped: [],
      current: 'done',
      finished: true,
    });
    const { lastFrame, stdin } = render(<App ports={ports(fakeCluster(0))} />);
    let f = await frameWith(lastFrame, 'choose a lesson', 'DONE');
    expect(f).toMatch(/1\. Strict mTLS +3\/3 +DONE/);
    expect(f).not.toContain('LOCKED');
    stdin.write('\u001b[A'); // ↑ to the finished lesson (the cursor rests on the next one)
    await frameWith(lastFrame, '▸ 1. Strict mTLS');
    stdin.write('\r');
    await frameWith(lastFrame, 'Strict mTLS · step 1 of 3');
    stdin.write('n');
    await frameWith(lastFrame, 'step 2 of 3');
    stdin.write('l');
    f = await frameWith(lastFrame, 'choose a lesson');
    expect(f).toMatch(/Strict mTLS +3\/3 +DONE/);
    expect(f).not.toContain('LOCKED');
    expect(f).not.toContain('IN PROGRESS');
  });

  it('progress saved with every step done but before the last n reads DONE, and unlocks what builds on it', async () => {
    store.save({
      lesson: 'strict-mtls',
      done: ['look', 'strict', 'done'],
      skipped: [],
      current: 'done',
      finished: false,
    });
    const { lastFrame } = render(<App ports={ports(fakeCluster(0))} />);
    const f = await frameWith(lastFrame, 'choose a lesson', 'DONE');
    expect(f).toMatch(/1\. Strict mTLS +3\/3 +DONE/);
    expect(f).toMatch(/2\. JWT +0\/1 +NEW/);
  });

  it('c on a completed lesson runs its cleanup after asking, once', async () => {
    const cluster = fakeCluster(0);
    const withCleanup = { ...strictLesson, cleanup: [{ run: 'kubectl delete namespace books' }] };
    store.save({
      lesson: 'strict-mtls',
      done: ['look', 'strict', 'done'],
      skipped: [],
      current: 'done',
      finished: false,
    });
    const { lastFrame, stdin } = render(
      <App
        ports={ports(cluster, { loadLessons: async () => ({ lessons: [withCleanup, jwtLesson], problems: [] }) })}
      />,
    );
    await frameWith(lastFrame, 'choose a lesson', 'DONE');
    stdin.write('\u001b[A');
    await frameWith(lastFrame, '▸ 1. Strict mTLS');
    stdin.write('\r');
    let f = await frameWith(lastFrame, 'step 3 of 3', 'n finish');
    expect(f).not.toContain('c clean up'); // only once the lesson is complete
    stdin.write('n');
    f = await frameWith(lastFrame, 'Lesson complete', 'c clean up');
    stdin.write('c');
    f = await frameWith(lastFrame, 'Press c again to remove what strict-mtls made (jwt builds on it).');
    expect(cluster.runs.map((a) => a.join(' '))).not.toContain('kubectl delete namespace books');
    stdin.write('c');
    f = await frameWith(lastFrame, 'Cleaned up: what strict-mtls made is removed.');
    expect(cluster.runs.map((a) => a.join(' '))).toContain('kubectl delete namespace books');
    expect(f).not.toContain('c clean up');
    expect(store.get('strict-mtls')?.finishedAt).toBeDefined(); // progress untouched
  });

  it('cancels a running command on quit, leaving nothing running', async () => {
    const cluster = fakeCluster(0);
    const { lastFrame, stdin } = render(<App ports={ports(cluster)} />);
    await frameWith(lastFrame, 'choose a lesson');
    stdin.write('j'); // the locked JWT lesson
    await frameWith(lastFrame, '▸ 2. JWT');
    stdin.write('\r');
    await frameWith(lastFrame, 'Locked: finish strict-mtls first. Press Enter again to open it anyway.');
    stdin.write('\r');
    await frameWith(lastFrame, 'step 1 of 1');
    stdin.write('r');
    await frameWith(lastFrame, 'sleeping', 'Esc cancel');
    expect(cluster.running()).toBe(1);
    stdin.write('\u0003'); // Ctrl-C
    await frameWhere(lastFrame, () => cluster.running() === 0);
    expect(cluster.running()).toBe(0);
  });

  it('shows every key on ? and closes it again', async () => {
    const { lastFrame, stdin } = render(<App ports={ports(fakeCluster(0))} />);
    await frameWith(lastFrame, 'choose a lesson');
    stdin.write('?');
    let f = await frameWith(lastFrame, 'Keys in the lesson list');
    expect(f).toContain('open the selected lesson');
    stdin.write('?');
    f = await frameWhere(lastFrame, (x) => !x.includes('Keys in the lesson list'));
    expect(f).toContain('choose a lesson');
  });
});
