// A room server small enough to read, following src/room/protocol.ts: join, events (seq rules,
// 409 with `expected`), steering. It can go down and come back on the same port with its data.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RoomEvent, Steering } from '../../src/room/protocol.js';

export interface FakeRoom {
  url: string;
  code: string;
  /** Stored events per participant id. */
  stored: Map<string, RoomEvent[]>;
  steering: Steering;
  /** Every POST /api/events body, as received. */
  posts: RoomEvent[][];
  /** Answers the next requests to /api/events with these statuses first (e.g. 503, 429). */
  failEvents: {
    status: number;
    retryAfter?: string;
    body?: unknown;
    /** Store the batch first, then answer with the failure (an answer lost on the way back). */
    storeFirst?: boolean;
  }[];
  joins: number;
  /** Refuses batches holding an event of this type with 400, as a room that does not know it would. */
  refuseType?: string;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function fakeRoom(code = 'ABCD-1234'): Promise<FakeRoom> {
  const tokens = new Map<string, string>();
  const room: FakeRoom = {
    url: '',
    code,
    stored: new Map(),
    steering: { paced: false, unlocked: [] },
    posts: [],
    failEvents: [],
    joins: 0,
    down: async () => undefined,
    up: async () => undefined,
    close: async () => undefined,
  };
  let port = 0;
  let server: Server | undefined;
  const start = () =>
    new Promise<void>((resolve) => {
      const s = createServer((req, res) => {
        let text = '';
        req.on('data', (c: Buffer) => (text += c.toString()));
        req.on('end', () => {
          const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
            res.writeHead(status, { 'content-type': 'application/json', ...headers });
            res.end(JSON.stringify(body));
          };
          const who = tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
          if (req.method === 'POST' && req.url === '/api/join') {
            const b = JSON.parse(text) as { code: string; name: string };
            if (b.code !== room.code) return send(403, { error: 'wrong code' });
            room.joins++;
            const id = `p${room.joins}`;
            const token = `token-${id}`;
            tokens.set(token, id);
            room.stored.set(id, []);
            return send(200, { participant: id, token, steering: room.steering });
          }
          if (!who) return send(401, { error: 'unknown participant' });
          if (req.method === 'GET' && req.url === '/api/steering') return send(200, room.steering);
          if (req.method === 'POST' && req.url === '/api/events') {
            const fail = room.failEvents.shift();
            const failure = () =>
              fail &&
              send(
                fail.status,
                fail.body ?? { error: 'told to fail' },
                fail.retryAfter ? { 'retry-after': fail.retryAfter } : {},
              );
            if (fail && !fail.storeFirst) return failure();
            const { events } = JSON.parse(text) as { events: RoomEvent[] };
            const bad = events.findIndex((e) => e.type === room.refuseType);
            if (bad !== -1) return send(400, { error: `events[${bad}]: unknown event type` });
            room.posts.push(events);
            const mine = room.stored.get(who) ?? [];
            for (const e of events) {
              const last = mine.at(-1)?.seq ?? 0;
              if (e.seq <= last) continue;
              if (e.seq !== last + 1) return send(409, { error: 'gap', expected: last + 1 });
              mine.push(e);
            }
            if (fail) return failure();
            return send(200, { ack: mine.at(-1)?.seq ?? 0, steering: room.steering });
          }
          send(404, { error: 'no such endpoint' });
        });
      });
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.closeAllConnections();
      server.close(() => resolve());
      server = undefined;
    });
  await start();
  room.url = `http://127.0.0.1:${port}/`;
  room.down = stop;
  room.up = start;
  room.close = stop;
  return room;
}

/** Waits until `f` holds, checking every few ms; the test's own timeout bounds it. */
export async function until(f: () => boolean | Promise<boolean>, what = 'condition'): Promise<void> {
  for (let i = 0; ; i++) {
    if (await f()) return;
    if (i > 2000) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
