/**
 * A stand-in room server for the page's own behaviour (drawing a given RoomState, a dropped
 * stream, a refused key): it serves `dashboardAssets` under the room server's CSP, streams whatever
 * state the test sets, and records each steering request.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dashboardAssets } from '../../src/room/dashboard/assets.js';
import type { RoomState, SteerRequest, Steering } from '../../src/room/protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../src/room/server/http-reply.js';

export interface FakeRoom {
  url: string;
  key: string;
  /** Sends this state to every open stream (and to every stream opened later). */
  setState(state: RoomState): void;
  /** Ends every open stream, as a restarting server would. */
  dropStreams(): void;
  /** While set, stream requests get this status and `{"error": ...}`. */
  refuseStreams?: { status: number; error: string };
  /** While true, a new stream gets its headers and then nothing: a line gone dead. */
  silentStreams: boolean;
  /** The `lesson` query of each stream request, in order ('' without one). */
  streamLessons: string[];
  steers: SteerRequest[];
  close(): Promise<void>;
}

export async function startFakeRoom(initial: RoomState, key = 'k3y-for-tests'): Promise<FakeRoom> {
  let state = initial;
  const streams = new Set<ServerResponse>();
  const room: Omit<FakeRoom, 'url' | 'close'> = {
    refuseStreams: undefined,
    silentStreams: false,
    key,
    streamLessons: [],
    steers: [],
    setState(next) {
      state = next;
      for (const res of streams) res.write(`event: state\ndata: ${JSON.stringify(state)}\n\n`);
    },
    dropStreams() {
      for (const res of streams) res.destroy();
      streams.clear();
    },
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://room');
    const asset = dashboardAssets[url.pathname === '/' ? '/index.html' : url.pathname];
    if (req.method === 'GET' && asset) {
      res.writeHead(200, { 'Content-Type': asset.contentType, 'Content-Security-Policy': CONTENT_SECURITY_POLICY });
      return res.end(asset.body);
    }
    if (req.headers.authorization !== `Bearer ${key}`) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ error: 'instructor key required' }));
    }
    if (url.pathname === '/api/stream' && room.refuseStreams) {
      res.writeHead(room.refuseStreams.status, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify({ error: room.refuseStreams.error }));
    }
    if (url.pathname === '/api/stream') {
      room.streamLessons.push(url.searchParams.get('lesson') ?? '');
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      streams.add(res);
      req.on('close', () => streams.delete(res));
      if (room.silentStreams) return void res.flushHeaders();
      // Split across writes, CRLF line ends and a comment: the page's parser must not care.
      res.write(': hello\r\n');
      res.write(`event: state\r\ndata: ${JSON.stringify(state)}\r`);
      res.write('\n\r\n');
      return;
    }
    if (url.pathname === '/api/steer' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const request = JSON.parse(body) as SteerRequest;
        room.steers.push(request);
        const steering = steer(state.steering, request);
        room.setState({ ...state, version: state.version + 1, steering });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(steering));
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  // The same object the handler reads, so a test's `refuseStreams = ...` reaches it.
  return Object.assign(room, {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      room.dropStreams();
      return new Promise<void>((done) => server.close(() => done()));
    },
  });
}

function steer(current: Steering, request: SteerRequest): Steering {
  switch (request.action) {
    case 'pace':
      return { ...current, paced: request.paced };
    case 'unlock':
      return { ...current, unlocked: [...new Set([...current.unlocked, request.lesson])] };
    case 'lock':
      return { ...current, unlocked: current.unlocked.filter((l) => l !== request.lesson) };
    case 'broadcast':
      return { ...current, broadcast: { id: (current.broadcast?.id ?? 0) + 1, text: request.text, at: 0 } };
    case 'suggest-reset':
      return current;
  }
}
