import { execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { queueDir, RoomQueue } from '../../src/room/client/queue.js';
import type { RoomEventBody } from '../../src/room/protocol.js';
import { childScript } from '../support/child-script.js';

const opened = (lesson: string): RoomEventBody => ({ type: 'lesson-opened', lesson });
const fresh = () => new RoomQueue(mkdtempSync(join(tmpdir(), 'mw-queue-')));

describe('the room queue', () => {
  it('numbers events from 1 without gaps, and a restart goes on from the last seq', async () => {
    const q = fresh();
    await q.append([opened('a'), opened('b')], 1);
    await q.append([opened('c')], 2);
    const again = new RoomQueue(q.dir); // the next start of meshwalk
    await again.append([opened('d')], 3);
    expect(again.pending().map((e) => [e.seq, 'lesson' in e && e.lesson])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ]);
  });

  it('drops what is acknowledged, keeps numbering after the queue is empty, ignores an older ack', async () => {
    const q = fresh();
    await q.append([opened('a'), opened('b'), opened('c')], 1);
    await q.acknowledge(2);
    expect(q.pending().map((e) => e.seq)).toEqual([3]);
    await q.acknowledge(3);
    await q.acknowledge(1);
    expect(q.pending()).toEqual([]);
    await new RoomQueue(q.dir).append([opened('d')], 2);
    expect(q.pending().map((e) => e.seq)).toEqual([4]);
  });

  it('a line torn by a crash mid-append is not an event, and the next append stays whole', async () => {
    const q = fresh();
    await q.append([opened('a')], 1);
    appendFileSync(join(q.dir, 'events.jsonl'), '{"type":"lesson-opened","les');
    await q.append([opened('b')], 2);
    expect(q.pending().map((e) => [e.seq, 'lesson' in e && e.lesson])).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });

  it('keeps the identity with mode 0600, joining once for callers that start together', async () => {
    const q = fresh();
    let joins = 0;
    const joinRoom = async () => {
      joins++;
      return { url: 'http://h/', code: 'C', name: 'n', participant: 'p1', token: 'secret' };
    };
    const [a, b] = await Promise.all([q.identityOr(joinRoom), new RoomQueue(q.dir).identityOr(joinRoom)]);
    expect([a.participant, b.participant, joins]).toEqual(['p1', 'p1', 1]);
    if (process.platform !== 'win32') {
      expect(statSync(join(q.dir, 'identity.json')).mode & 0o777).toBe(0o600);
    }
    expect(JSON.parse(readFileSync(join(q.dir, 'identity.json'), 'utf8'))).toMatchObject({ token: 'secret' });
  });

  it('two processes of one participant appending at once give every seq exactly once', async () => {
    const q = fresh();
    const run = promisify(execFile);
    const child = childScript(join(import.meta.dirname, 'append-child.ts'));
    await Promise.all(['x', 'y'].map((tag) => run(process.execPath, [child, q.dir, '25', tag])));
    const events = q.pending();
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(events.map((e) => 'lesson' in e && e.lesson)).size).toBe(50);
  });

  it('is one folder per room URL and code', () => {
    expect(queueDir('/d', 'http://a/', 'C1')).not.toBe(queueDir('/d', 'http://a/', 'C2'));
    expect(queueDir('/d', 'http://a/', 'abcd 1234')).toBe(queueDir('/d', 'http://a/', 'ABCD-1234'));
    expect(queueDir('/d', 'http://a/', 'C1')).toMatch(/[\\/]rooms-joined[\\/][0-9a-f]{16}$/);
  });
});
