import { describe, expect, it } from 'vitest';
import type { RoomState } from '../../src/room/protocol.js';
import { events, startTestRoom } from './room-server-helpers.js';

/** Reads `event: state` messages from /api/stream as the dashboard does: fetch with an Authorization header. */
async function* states(url: string, key: string, signal: AbortSignal): AsyncGenerator<RoomState> {
  const res = await fetch(`${url}/api/stream`, { headers: { authorization: `Bearer ${key}` }, signal });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body!) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n')) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = /^event: state\ndata: (.*)$/s.exec(message)?.[1];
      if (data !== undefined) yield JSON.parse(data) as RoomState;
    }
  }
}

describe('room server: /api/stream', () => {
  it('sends the state at connect and again after a change', async () => {
    const r = await startTestRoom();
    const abort = new AbortController();
    try {
      const stream = states(r.server.url, r.server.key, abort.signal);
      const first = (await stream.next()).value as RoomState;
      expect(first.participants).toEqual([]);
      expect(first.lessons.map((l) => l.id)).toEqual(['peer-authentication', 'ingress-https']);
      const ada = await r.join('Ada');
      await r.send(ada.token, events('peer-authentication', [{ type: 'step-started', step: 'strict-mtls' }]));
      let seen: RoomState | undefined;
      for await (const s of stream) {
        if (s.participants[0]?.step === 'strict-mtls') {
          seen = s;
          break;
        }
      }
      expect(seen!.version).toBeGreaterThan(first.version);
      expect(seen!.lesson?.id).toBe('peer-authentication');
    } finally {
      abort.abort();
      await r.server.close();
    }
  });

  it('refuses a stream without the key', async () => {
    const r = await startTestRoom();
    try {
      expect((await r.call('/api/stream', { auth: 'nope' })).status).toBe(401);
    } finally {
      await r.server.close();
    }
  });
});
