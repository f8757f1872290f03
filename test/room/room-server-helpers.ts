import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRoomServer, type RoomServer, type RoomServerOptions } from '../../src/room/server.js';
import type { LessonInfo } from '../../src/room/model/room-state.js';

export const LESSONS: LessonInfo[] = [
  {
    id: 'peer-authentication',
    title: 'Peer authentication',
    steps: [
      { id: 'deploy', title: 'Deploy the apps' },
      { id: 'strict-mtls', title: 'Apply STRICT mTLS' },
    ],
  },
  { id: 'ingress-https', title: 'Ingress over HTTPS', steps: [{ id: 'make-cert', title: 'Make a certificate' }] },
];

export const tempRoomDir = () => join(mkdtempSync(join(tmpdir(), 'meshwalk-room-')), 'room');

export async function startTestRoom(o: Partial<RoomServerOptions> = {}) {
  const warnings: string[] = [];
  const server = await startRoomServer({
    host: '127.0.0.1',
    port: 0,
    dir: o.dir ?? tempRoomDir(),
    lessons: LESSONS,
    warn: (l) => warnings.push(l),
    ...o,
  });
  return { server, warnings, ...client(server) };
}

export function client(server: Pick<RoomServer, 'url' | 'code' | 'key'>) {
  async function call(
    path: string,
    o: { method?: string; body?: unknown; raw?: string; auth?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...o.headers };
    if (o.auth) headers.authorization = `Bearer ${o.auth}`;
    let body: string | undefined;
    if (o.raw !== undefined || o.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = o.raw ?? JSON.stringify(o.body);
    }
    const res = await fetch(`${server.url}${path}`, { method: o.method ?? (body ? 'POST' : 'GET'), headers, body });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the server answered
    return { status: res.status, headers: res.headers, text, json: json as Record<string, any> };
  }
  const join = async (name: string) => {
    const r = await call('/api/join', { body: { code: server.code, name } });
    if (r.status !== 200) throw new Error(`join failed: ${r.status} ${r.text}`);
    return r.json as { participant: string; token: string };
  };
  const send = (token: string, events: unknown[]) => call('/api/events', { body: { events }, auth: token });
  const state = (q = '') => call(`/api/state${q}`, { auth: server.key });
  return { call, join, send, state };
}

let clock = 1_700_000_000_000;
/** Events with seq from `from`, times one second apart. */
export function events(lesson: string, bodies: Record<string, unknown>[], from = 1) {
  return bodies.map((b, i) => ({ lesson, ...b, seq: from + i, at: (clock += 1000) }));
}
