// The TUI in a room, with a stand-in room port: the marker, the instructor's broadcast in the
// footer, a reset suggestion with the real command, lessons locked by the instructor, and the
// results and why? reaching the room.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import App from '../../src/ui/App.js';
import type { UiPorts } from '../../src/ui/ports.js';
import type { ResultEvent } from '../../src/engine/types.js';
import type { RoomPort, RoomStatus } from '../../src/room/client/room-status.js';
import { ProgressStore } from '../../src/progress/store.js';
import { fakeCluster } from '../ui/helpers/fake-cluster.js';
import { jwtLesson, strictLesson } from '../ui/helpers/lessons.js';
import { frameWith, frameWhere, tick } from '../ui/helpers/drive.js';
import { renderAt } from '../ui/helpers/terminal.js';

let unmounts: (() => void)[] = [];
afterEach(() => {
  for (const u of unmounts) u();
  unmounts = [];
});

function fakeRoom(initial: RoomStatus) {
  let status = initial;
  const listeners = new Set<() => void>();
  const results: ResultEvent[] = [];
  const whys: string[] = [];
  const port: RoomPort = {
    getStatus: () => status,
    subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
    onResult: (e) => void results.push(e),
    whyUsed: (lesson, step) => void whys.push(`${lesson}/${step}`),
  };
  const set = (next: Partial<RoomStatus>) => {
    status = { ...status, ...next };
    for (const l of listeners) l();
  };
  return { port, set, results, whys };
}

function show(room: RoomPort, over: Partial<UiPorts> = {}) {
  const store = new ProgressStore(join(mkdtempSync(join(tmpdir(), 'mw-tui-room-')), 'progress.json'), 'sim');
  const cluster = fakeCluster(0);
  const ports: UiPorts = {
    selectCluster: async () => ({
      label: 'simulated cluster',
      line: 'Using a stand-in cluster for tests.',
      forLesson: () => cluster,
      commandFlags: '--cluster sim',
    }),
    loadLessons: async () => ({ lessons: [strictLesson, jwtLesson], problems: [] }),
    readProgress: async () => ({ byLesson: {} }),
    saveProgress: (p) => store.save(p),
    engine: { maxIntervalMs: 50 },
    room,
    ...over,
  };
  const r = renderAt(<App ports={ports} />, 80, 24);
  unmounts.push(r.unmount);
  return r;
}

const steering = { paced: false, unlocked: [] };

describe('the TUI in a room', () => {
  it('shows whether the room is reached, and how many events wait, within 80 columns', async () => {
    const room = fakeRoom({ connection: 'connected', queued: 0, steering });
    const { lastFrame } = show(room.port);
    let f = await frameWith(lastFrame, 'choose a lesson', 'room: connected');
    room.set({ connection: 'offline', queued: 3, problem: 'the room is not reachable' });
    f = await frameWith(lastFrame, 'room: offline, 3 queued');
    expect(f).not.toContain('room: connected');
    for (const line of f.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it("shows the instructor's broadcast in the footer, terminal-safe, until dismissed or replaced", async () => {
    const room = fakeRoom({ connection: 'connected', queued: 0, steering });
    const { lastFrame, stdin } = show(room.port);
    await frameWith(lastFrame, 'choose a lesson');
    room.set({ steering: { ...steering, broadcast: { id: 1, text: 'Break\u001b[2J until 11:00', at: 1 } } });
    let f = await frameWith(lastFrame, 'Instructor: Break', 'x dismiss');
    expect(f).not.toContain('\u001b[2J');
    stdin.write('x');
    f = await frameWhere(lastFrame, (x) => !x.includes('Instructor:'));
    expect(f).not.toContain('x dismiss');
    expect(f).toContain('room: connected');
    room.set({ steering: { ...steering, broadcast: { id: 2, text: 'Now lesson 2', at: 2 } } });
    await frameWith(lastFrame, 'Instructor: Now lesson 2');
  });

  it('a suggested reset names the real command for this cluster', async () => {
    const room = fakeRoom({ connection: 'connected', queued: 0, steering });
    const { lastFrame } = show(room.port);
    await frameWith(lastFrame, 'choose a lesson');
    room.set({ steering: { ...steering, resetSuggested: { id: 7, at: 1 } } });
    await frameWith(lastFrame, 'the instructor suggests a reset: meshwalk reset --cluster sim');
  });

  it('instructor-paced: a lesson not unlocked is shown locked and does not open', async () => {
    const room = fakeRoom({ connection: 'connected', queued: 0, steering: { paced: true, unlocked: [] } });
    const { lastFrame, stdin } = show(room.port);
    let f = await frameWith(lastFrame, 'Locked by the instructor');
    expect(f).toMatch(/1\. Strict mTLS +0\/3 +LOCKED/);
    stdin.write('\r');
    f = await frameWith(lastFrame, 'has not unlocked Strict mTLS yet');
    expect(f).toContain('choose a lesson');
    expect(f).not.toContain('step 1 of 3');
    room.set({ steering: { paced: true, unlocked: ['strict-mtls'] } });
    f = await frameWhere(lastFrame, (x) => !x.includes('Locked by the instructor'));
    expect(f).toMatch(/1\. Strict mTLS +0\/3 +NEW/);
    stdin.write('\r');
    await frameWith(lastFrame, 'step 1 of 3');
  });

  it("reports the lesson's results to the room, and the room's bar stays under the step screen", async () => {
    const room = fakeRoom({ connection: 'connected', queued: 0, steering });
    const { lastFrame, stdin } = show(room.port);
    await frameWith(lastFrame, 'choose a lesson');
    stdin.write('\r');
    await frameWith(lastFrame, 'step 1 of 3', 'room: connected');
    stdin.write('r');
    const f = await frameWith(lastFrame, '✔ PASS');
    expect(f.split('\n').length).toBeLessThanOrEqual(24);
    await tick();
    expect(room.results.map((e) => e.type)).toEqual(
      expect.arrayContaining(['LessonStarted', 'StepStarted', 'StepPassed']),
    );
  });

  it('why? and hints reach the room as why-used and hint results', async () => {
    const room = fakeRoom({ connection: 'connected', queued: 0, steering });
    const step = { ...strictLesson.steps[1]!, verify: { ...strictLesson.steps[1]!.verify!, timeout: '20s' } };
    const { lastFrame, stdin } = show(room.port, {
      loadLessons: async () => ({ lessons: [{ ...strictLesson, steps: [step] }], problems: [] }),
      explain: async () => 'the plain client got 200',
    });
    await frameWith(lastFrame, 'choose a lesson');
    stdin.write('\r');
    await frameWith(lastFrame, 'r check');
    stdin.write('r');
    await frameWith(lastFrame, 'last saw status 200', 'w why?');
    stdin.write('w');
    await frameWith(lastFrame, 'the plain client got 200');
    stdin.write('h');
    await frameWith(lastFrame, 'Hint 1 of 2');
    expect(room.whys).toEqual(['strict-mtls/strict']);
    expect(room.results.filter((e) => e.type === 'HintShown')).toHaveLength(1);
  });
});
