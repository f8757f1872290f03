import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { queueDir } from '../../src/room/client/queue.js';
import { startRoomLink, type RoomLink } from '../../src/room/client/room-link.js';
import { MAX_EVENTS_PER_POST, type RoomEventBody } from '../../src/room/protocol.js';
import { fakeRoom, until, type FakeRoom } from './fake-room.js';

const fast = { pollMs: 50, minBackoffMs: 20, maxBackoffMs: 100 };
const opened = (lesson: string): RoomEventBody => ({ type: 'lesson-opened', lesson });
const lessonsOf = (room: FakeRoom, id = 'p1') =>
  (room.stored.get(id) ?? []).map((e) => [e.seq, 'lesson' in e ? e.lesson : '']);

let cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup() {
  const room = await fakeRoom();
  const data = mkdtempSync(join(tmpdir(), 'mw-link-'));
  const links: RoomLink[] = [];
  const link = () => {
    const l = startRoomLink({ url: room.url, code: room.code, name: 'Ada' }, data, fast);
    links.push(l);
    return l;
  };
  cleanup.push(async () => {
    for (const l of links) await l.close(0);
    await room.close();
  });
  return { room, data, link };
}

describe('the room link', () => {
  it('joins once, delivers every event once and in order, and keeps the token private', async () => {
    const { room, data, link } = await setup();
    const l = link();
    for (const x of ['a', 'b', 'c']) l.report(opened(x));
    await until(() => lessonsOf(room).length === 3, 'delivery');
    expect(lessonsOf(room)).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    await until(() => l.getStatus().queued === 0 && l.getStatus().connection === 'connected');
    const identity = join(queueDir(data, room.url, room.code), 'identity.json');
    if (process.platform !== 'win32') expect(statSync(identity).mode & 0o777).toBe(0o600);
    expect(room.joins).toBe(1);
  });

  it('a restart of meshwalk reuses the identity and goes on with the seq', async () => {
    const { room, link } = await setup();
    const first = link();
    first.report(opened('a'));
    expect(await first.close()).toBe(0);
    const second = link();
    second.report(opened('b'));
    await until(() => lessonsOf(room).length === 2, 'delivery after restart');
    expect(lessonsOf(room)).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(room.joins).toBe(1);
  });

  it('room down: events wait, marked offline; room back: each delivered once', async () => {
    const { room, link } = await setup();
    const l = link();
    l.report(opened('a'));
    await until(() => lessonsOf(room).length === 1);
    await room.down();
    for (const x of ['b', 'c', 'd']) l.report(opened(x));
    await until(() => l.getStatus().connection === 'offline' && l.getStatus().queued === 3, 'offline with 3 queued');
    await room.up();
    await until(() => lessonsOf(room).length === 4, 'catch-up');
    expect(lessonsOf(room).map(([seq]) => seq)).toEqual([1, 2, 3, 4]);
    await until(() => l.getStatus().connection === 'connected' && l.getStatus().queued === 0);
  });

  it('leaves on close within the bound when the room is down, and the next start delivers the rest', async () => {
    const { room, link } = await setup();
    await room.down();
    const l = link();
    l.report(opened('a'));
    l.report(opened('b'));
    expect(await l.close(100)).toBe(2);
    await room.up();
    link(); // the next start of meshwalk
    await until(() => lessonsOf(room).length === 2, 'delivery on the next start');
    expect(lessonsOf(room)).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });

  it('sends at most MAX_EVENTS_PER_POST events per request', async () => {
    const { room, link } = await setup();
    await room.down();
    const l = link();
    for (let i = 0; i < 230; i++) l.report(opened(`l${i}`));
    await until(() => l.getStatus().queued === 230, 'all queued');
    await room.up();
    await until(() => lessonsOf(room).length === 230, 'delivery');
    expect(Math.max(...room.posts.map((p) => p.length))).toBeLessThanOrEqual(MAX_EVENTS_PER_POST);
    expect(lessonsOf(room).map(([seq]) => seq)).toEqual(Array.from({ length: 230 }, (_, i) => i + 1));
  });

  it('on 409 resends from the seq the room expects', async () => {
    const { room, link } = await setup();
    // The first answer is lost after a and b were stored; the resend is answered 409 "expected 3".
    room.failEvents.push({ status: 503, storeFirst: true }, { status: 409, body: { error: 'gap', expected: 3 } });
    await room.down();
    const l = link();
    l.report(opened('a'));
    l.report(opened('b'));
    await until(() => l.getStatus().queued === 2);
    await room.up();
    await until(() => room.failEvents.length === 0, 'both failures answered');
    l.report(opened('c'));
    await until(() => lessonsOf(room).length === 3, 'delivery after 409');
    expect(lessonsOf(room).map(([, x]) => x)).toEqual(['a', 'b', 'c']);
    expect(room.posts.at(-1)?.[0]?.seq).toBe(3);
  });

  it('a room that lost events it acknowledged gets what is queued numbered on from what it expects', async () => {
    const { room, link } = await setup();
    const l = link();
    for (const x of ['a', 'b', 'c']) l.report(opened(x));
    await until(() => lessonsOf(room).length === 3 && l.getStatus().queued === 0);
    room.stored.get('p1')?.splice(1); // the room kept only seq 1
    l.report(opened('d'));
    await until(() => lessonsOf(room).length === 2, 'renumbered delivery');
    expect(lessonsOf(room)).toEqual([
      [1, 'a'],
      [2, 'd'],
    ]);
  });

  it('an event the room refuses as invalid is dropped, and the rest still arrive without a gap', async () => {
    const { room, link } = await setup();
    room.refuseType = 'why-used';
    await room.down();
    const l = link();
    l.report(opened('a'));
    l.whyUsed('a', 's1');
    l.report(opened('b'));
    await until(() => l.getStatus().queued === 3);
    await room.up();
    await until(() => lessonsOf(room).length === 2, 'delivery around the refused event');
    expect(lessonsOf(room)).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    await until(() => l.getStatus().queued === 0);
  });

  it('on 429 waits as Retry-After says, then delivers', async () => {
    const { room, link } = await setup();
    room.failEvents.push({ status: 429, retryAfter: '0' }, { status: 503 });
    const l = link();
    l.report(opened('a'));
    await until(() => lessonsOf(room).length === 1, 'delivery after 429 and 503');
    expect(room.failEvents).toEqual([]);
  });

  it('takes steering from every answer', async () => {
    const { room, link } = await setup();
    const l = link();
    await l.ready(5000);
    expect(l.getStatus().steering).toEqual({ paced: false, unlocked: [] });
    room.steering = { paced: true, unlocked: ['into-the-mesh'], broadcast: { id: 1, text: 'break', at: 1 } };
    await until(() => l.getStatus().steering?.paced === true, 'polled steering');
    expect(l.getStatus().steering?.broadcast?.text).toBe('break');
  });

  it('a wrong code says so in one line and sends nothing', async () => {
    const room = await fakeRoom();
    cleanup.push(() => room.close());
    const problems: string[] = [];
    const l = startRoomLink({ url: room.url, code: 'WRONG', name: 'Ada' }, mkdtempSync(join(tmpdir(), 'mw-link-')), {
      ...fast,
      onProblem: (p) => problems.push(p),
    });
    cleanup.push(() => l.close(0));
    l.report(opened('a'));
    await until(() => problems.length > 0 && l.getStatus().queued === 1);
    expect(problems[0]).toMatch(/refused the join code/);
    expect(l.getStatus()).toMatchObject({ connection: 'offline', queued: 1 });
  });
});
