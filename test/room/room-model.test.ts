import { describe, expect, it } from 'vitest';
import { applyEvent, newProgress, type Progress } from '../../src/room/model/participant-progress.js';
import { median, roomState, type LessonInfo } from '../../src/room/model/room-state.js';
import { judgeBatch } from '../../src/room/model/seq-rules.js';
import { noSteering, steer, steeringFor } from '../../src/room/model/steering.js';
import { DEFAULT_STUCK_RULE } from '../../src/room/model/stuck-rule.js';
import type { RoomEvent, RoomEventBody } from '../../src/room/protocol.js';

const LESSONS: LessonInfo[] = [
  {
    id: 'peer-authentication',
    title: 'Peer authentication',
    steps: [
      { id: 'deploy', title: 'Deploy' },
      { id: 'strict-mtls', title: 'STRICT' },
      { id: 'check', title: 'Check' },
    ],
  },
  { id: 'ingress-https', title: 'Ingress', steps: [{ id: 'make-cert', title: 'Cert' }] },
];
const MIN = 60_000;

/** A participant fed `bodies` at the given server times (ms), seq from 1. */
function participant(name: string, bodies: [number, RoomEventBody][]): Progress {
  const p = newProgress(`p-${name}`, name, 0);
  bodies.forEach(([at, b], i) => applyEvent(p, { ...b, seq: i + 1, at } as RoomEvent, at));
  return p;
}
const state = (participants: Progress[], now: number, lesson?: string) =>
  roomState({
    version: 1,
    now,
    participants,
    steering: noSteering(),
    lessons: LESSONS,
    rule: DEFAULT_STUCK_RULE,
    lesson,
  });
const L = 'peer-authentication';

describe('room state', () => {
  it('folds events into cells, current step, failures and the last failure line', () => {
    const ada = participant('Ada', [
      [0, { type: 'lesson-opened', lesson: L }],
      [1, { type: 'step-passed', lesson: L, step: 'deploy', attempts: 1, elapsedMs: 5000 }],
      [2, { type: 'step-started', lesson: L, step: 'strict-mtls' }],
      [3, { type: 'step-failed', lesson: L, step: 'strict-mtls', reason: 'got 200, want 000', attempts: 1 }],
      [4, { type: 'step-failed', lesson: L, step: 'strict-mtls', reason: 'got 503, want 000', attempts: 2 }],
      [5, { type: 'hint-used', lesson: L, step: 'strict-mtls' }],
    ]);
    const [row] = state([ada], 10).participants;
    expect(row).toMatchObject({
      lesson: L,
      step: 'strict-mtls',
      cells: { deploy: 'passed', 'strict-mtls': 'failed', check: 'pending' },
      failures: 2,
      lastFailure: 'got 503, want 000',
      stuck: false,
      stepSince: 2,
      hintsUsed: 1,
    });
  });

  it('is stuck after 3 failed attempts, or more than 10 minutes on one step, and not once it passed', () => {
    const failing = participant('Fay', [
      [0, { type: 'step-started', lesson: L, step: 'deploy' }],
      ...[1, 2, 3].map((t): [number, RoomEventBody] => [
        t,
        { type: 'step-failed', lesson: L, step: 'deploy', reason: 'x', attempts: t },
      ]),
    ]);
    const slow = participant('Sam', [[0, { type: 'step-started', lesson: L, step: 'deploy' }]]);
    const done = participant('Dee', [
      [0, { type: 'step-started', lesson: L, step: 'deploy' }],
      [1, { type: 'step-passed', lesson: L, step: 'deploy', attempts: 1, elapsedMs: 1 }],
    ]);
    const at = (now: number) =>
      Object.fromEntries(state([failing, slow, done], now).participants.map((r) => [r.name, r.stuck]));
    expect(at(10 * MIN)).toEqual({ Fay: true, Sam: false, Dee: false });
    expect(at(10 * MIN + 1)).toEqual({ Fay: true, Sam: true, Dee: false });
    // A new step starts the count again.
    applyEvent(failing, { type: 'step-started', lesson: L, step: 'strict-mtls', seq: 5, at: 0 }, 10 * MIN);
    expect(at(10 * MIN + 1).Fay).toBe(false);
  });

  it('lists the stuck first, then by name', () => {
    const stuck = participant('zed', [
      [0, { type: 'step-started', lesson: L, step: 'deploy' }],
      ...[1, 2, 3].map((t): [number, RoomEventBody] => [
        t,
        { type: 'step-failed', lesson: L, step: 'deploy', reason: 'x', attempts: t },
      ]),
    ]);
    const names = state([participant('bob', []), stuck, participant('Ada', [])], 5).participants.map((r) => r.name);
    expect(names).toEqual(['zed', 'Ada', 'bob']);
  });

  it('shows ?lesson=, else the lesson most participants are in, with a funnel of passes and median times', () => {
    const passed = (name: string, ms: number) =>
      participant(name, [[0, { type: 'step-passed', lesson: L, step: 'deploy', attempts: 1, elapsedMs: ms }]]);
    const other = participant('Io', [[0, { type: 'lesson-opened', lesson: 'ingress-https' }]]);
    const s = state([passed('a', 1000), passed('b', 3000), passed('c', 8000), other], 1);
    expect(s.lesson?.id).toBe(L);
    expect(s.funnel).toEqual([
      { step: 'deploy', passed: 3, medianMs: 3000 },
      { step: 'strict-mtls', passed: 0 },
      { step: 'check', passed: 0 },
    ]);
    const chosen = state([passed('a', 1000), other], 1, 'ingress-https');
    expect(chosen.lesson?.title).toBe('Ingress');
    expect(chosen.participants.find((r) => r.name === 'a')?.cells).toEqual({ 'make-cert': 'pending' });
    expect(state([], 1).lesson).toBeUndefined();
  });

  it('shows a lesson the room does not know by the step ids participants sent', () => {
    const p = participant('a', [[0, { type: 'step-started', lesson: 'my-own', step: 'first' }]]);
    expect(state([p], 1).lesson).toEqual({ id: 'my-own', title: 'my-own', steps: [{ id: 'first', title: 'first' }] });
  });

  it('median of an even count is the mean of the middle two', () => {
    expect(median([4, 1, 3, 2])).toBe(3);
    expect(median([])).toBeUndefined();
  });
});

describe('seq rules', () => {
  const ev = (seq: number): RoomEvent => ({ type: 'lesson-opened', lesson: L, seq, at: 0 });
  it('stores what follows on, acknowledges replays without storing them, and refuses a gap whole', () => {
    expect(judgeBatch(0, [ev(1), ev(2)])).toEqual({ kind: 'store', events: [ev(1), ev(2)], ack: 2 });
    expect(judgeBatch(2, [ev(1), ev(2), ev(3)])).toEqual({ kind: 'store', events: [ev(3)], ack: 3 });
    expect(judgeBatch(2, [ev(2)])).toEqual({ kind: 'store', events: [], ack: 2 });
    expect(judgeBatch(2, [ev(3), ev(5)])).toEqual({ kind: 'gap', expected: 3 });
    expect(judgeBatch(0, [ev(2)])).toEqual({ kind: 'gap', expected: 1 });
  });
});

describe('steering', () => {
  it('paces, unlocks once, locks, broadcasts and suggests a reset to one participant only, with ids counting up', () => {
    let s = noSteering();
    s = steer(s, { action: 'pace', paced: true }, 1);
    s = steer(s, { action: 'unlock', lesson: L }, 2);
    s = steer(s, { action: 'unlock', lesson: L }, 3);
    s = steer(s, { action: 'unlock', lesson: 'ingress-https' }, 3);
    s = steer(s, { action: 'lock', lesson: 'ingress-https' }, 4);
    s = steer(s, { action: 'broadcast', text: 'break until 11' }, 5);
    s = steer(s, { action: 'suggest-reset', participantId: 'p1' }, 6);
    expect(steeringFor(s, 'p1')).toEqual({
      paced: true,
      unlocked: [L],
      broadcast: { id: 1, text: 'break until 11', at: 5 },
      resetSuggested: { id: 2, at: 6 },
    });
    expect(steeringFor(s, 'p2').resetSuggested).toBeUndefined();
  });
});
