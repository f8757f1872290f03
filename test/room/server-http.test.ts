import { afterEach, describe, expect, it } from 'vitest';
import { RATES } from '../../src/room/server/rate-limits.js';
import type { RoomServerOptions } from '../../src/room/server.js';
import { events, startTestRoom } from './room-server-helpers.js';

const rooms: { server: { close(): Promise<void> } }[] = [];
async function room(o: Partial<RoomServerOptions> = {}) {
  const r = await startTestRoom(o);
  rooms.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(rooms.splice(0).map((r) => r.server.close()));
});

describe('room server: joining', () => {
  it('joins with the code (any case, with or without the dash) and refuses a wrong one with 403', async () => {
    const r = await room();
    const ok = await r.call('/api/join', { body: { code: r.server.code.toLowerCase().replace('-', ''), name: 'Ada' } });
    expect(ok.status).toBe(200);
    expect(ok.json.participant).toMatch(/^p[0-9a-f]{8}$/);
    expect(ok.json.token.length).toBeGreaterThan(30);
    expect(ok.json.steering).toEqual({ paced: false, unlocked: [] });
    const wrong = await r.call('/api/join', { body: { code: 'AAAA-0000', name: 'Eve' } });
    expect(wrong.status).toBe(403);
    expect(wrong.json).toEqual({ error: 'wrong room code' });
  });

  it('stores a hostile name as text and returns it JSON-escaped', async () => {
    const r = await room();
    const hostile = '<script>alert(1)</script>\u001b[2J\u0007\u202eevil';
    const j = await r.call('/api/join', { body: { code: r.server.code, name: hostile } });
    expect(j.status).toBe(200);
    const s = await r.state();
    expect(s.text).not.toContain('<script>');
    expect(s.text).toContain('\\u003cscript\\u003e');
    expect(s.json.participants[0].name).toBe('<script>alert(1)</script> [2J evil');
  });

  it('refuses an empty name with one line', async () => {
    const r = await room();
    const j = await r.call('/api/join', { body: { code: r.server.code, name: ' \u0000 ' } });
    expect(j.status).toBe(400);
    expect(j.json.error).toMatch(/name is empty/);
  });
});

describe('room server: refusing bad requests', () => {
  it('refuses a body over 64 KiB with 413, malformed JSON with 400, and wrong types with 400', async () => {
    const r = await room();
    const big = await r.call('/api/join', { raw: JSON.stringify({ code: r.server.code, name: 'x'.repeat(70_000) }) });
    expect(big.status).toBe(413);
    const bad = await r.call('/api/join', { raw: '{"code": ' });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ error: 'the body is not valid JSON' });
    const types = await r.call('/api/join', { body: { code: 7, name: 'Ada' } });
    expect(types.status).toBe(400);
    expect(types.json.error).toMatch(/code/);
    const notJson = await r.call('/api/join', { raw: 'code=1', headers: { 'content-type': 'text/plain' } });
    expect(notJson.status).toBe(415);
  });

  it('refuses a wrong instructor key and an unknown participant token with 401', async () => {
    const r = await room();
    expect((await r.call('/api/state', { auth: 'not-the-key' })).status).toBe(401);
    expect((await r.call('/api/state')).status).toBe(401);
    expect((await r.send('not-a-token', events('peer-authentication', [{ type: 'lesson-opened' }]))).status).toBe(401);
    expect((await r.call('/api/steering', { auth: r.server.key })).status).toBe(401);
  });

  it('refuses a Host that is not the server (DNS rebinding)', async () => {
    const r = await room();
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${r.server.url}/`, { headers: { host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('sends the security headers and no CORS headers', async () => {
    const r = await room();
    const page = await r.call('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const api = await r.call('/api/state', { auth: r.server.key, headers: { origin: 'http://evil.example' } });
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect([...api.headers.keys()].filter((k) => k.startsWith('access-control'))).toEqual([]);
    expect((await r.call('/nothing-here')).status).toBe(404);
    expect((await r.call('/__proto__')).status).toBe(404);
  });
});

describe('room server: events', () => {
  it('the token decides the stream: a participant field naming someone else is ignored', async () => {
    const r = await room();
    const ada = await r.join('Ada');
    const bob = await r.join('Bob');
    const sent = await r.send(
      bob.token,
      events('peer-authentication', [{ type: 'step-started', step: 'deploy', participant: ada.participant }]).map(
        (e) => ({
          ...e,
          participant: ada.participant,
        }),
      ),
    );
    expect(sent.status).toBe(200);
    const s = await r.state();
    const row = (name: string) => s.json.participants.find((p: { name: string }) => p.name === name);
    expect(row('Bob').cells.deploy).toBe('running');
    expect(row('Ada').cells.deploy).toBe('pending');
  });

  it('acknowledges a replay without storing it again, and refuses a gap with 409 and the seq expected', async () => {
    const r = await room();
    const ada = await r.join('Ada');
    const batch = events('peer-authentication', [
      { type: 'step-started', step: 'deploy' },
      { type: 'step-failed', step: 'deploy', reason: 'got 200, want 000', attempts: 1 },
    ]);
    expect((await r.send(ada.token, batch)).json.ack).toBe(2);
    const again = await r.send(ada.token, batch);
    expect(again.status).toBe(200);
    expect(again.json.ack).toBe(2);
    const gap = await r.send(ada.token, events('peer-authentication', [{ type: 'hint-used', step: 'deploy' }], 4));
    expect(gap.status).toBe(409);
    expect(gap.json.expected).toBe(3);
    const s = await r.state();
    expect(s.json.participants[0].failures).toBe(1);
    const exported = await r.call('/api/export?format=json', { auth: r.server.key });
    expect(exported.json).toHaveLength(2);
  });

  it('keeps accepting one participant while another sends 1,000 requests a second', async () => {
    // The rate limits read the room's clock: it moves only when the test moves it, so how fast
    // this machine answers changes nothing about what is counted.
    const clock = { t: 1_700_000_000_000, now: () => clock.t };
    const r = await room({ clock });
    const flood = await r.join('Flood');
    const calm = await r.join('Calm');
    const { capacity, perSecond } = RATES.participant;
    const floodStatuses: number[] = [];
    const calmStatuses: number[] = [];
    // 1,000 requests in one second of the room's clock: 100 at once every 100 ms, and one
    // event from the calm participant in each of those tenths.
    for (let tick = 0; tick < 10; tick++) {
      if (tick > 0) clock.t += 100;
      const burst = Array.from({ length: 100 }, () => r.call('/api/steering', { auth: flood.token }));
      const sent = r.send(calm.token, events('peer-authentication', [{ type: 'hint-used', step: 'deploy' }], tick + 1));
      floodStatuses.push(...(await Promise.all(burst)).map((x) => x.status));
      calmStatuses.push((await sent).status);
    }
    expect(calmStatuses).toEqual(Array(10).fill(200));
    // The bucket's capacity at once, then perSecond / 10 back in each later tenth of a second.
    const allowed = capacity + (9 * perSecond) / 10;
    expect(floodStatuses.filter((s) => s === 200)).toHaveLength(allowed);
    expect(floodStatuses.filter((s) => s === 429)).toHaveLength(1000 - allowed);
    // The next token is 100 ms away; Retry-After rounds it up to whole seconds.
    const limited = await r.call('/api/steering', { auth: flood.token });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    // A rate, not a ban: once the clock has moved, the flooding participant is served again.
    clock.t += 1000;
    expect((await r.call('/api/steering', { auth: flood.token })).status).toBe(200);
    expect((await r.state()).json.participants.find((p: { name: string }) => p.name === 'Calm').hintsUsed).toBe(10);
  });
});

describe('room server: steering', () => {
  it("suggests a reset to one participant by name, seen only in that participant's steering", async () => {
    const r = await room();
    const ada = await r.join('Ada');
    const bob = await r.join('Bob');
    const steered = await r.call('/api/steer', {
      body: { action: 'suggest-reset', participant: 'ada' },
      auth: r.server.key,
    });
    expect(steered.status).toBe(200);
    expect((await r.call('/api/steering', { auth: ada.token })).json.resetSuggested).toMatchObject({ id: 1 });
    expect((await r.call('/api/steering', { auth: bob.token })).json.resetSuggested).toBeUndefined();
    const unknown = await r.call('/api/steer', {
      body: { action: 'suggest-reset', participant: 'Zoe' },
      auth: r.server.key,
    });
    expect(unknown.status).toBe(404);
    // A participant's token cannot steer.
    expect((await r.call('/api/steer', { body: { action: 'pace', paced: true }, auth: ada.token })).status).toBe(401);
  });

  it('refuses a chunked body over 64 KiB with 413 while reading it', async () => {
    const r = await room();
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      const req = request(
        `${r.server.url}/api/join`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', () => resolve(-1));
      req.write('{"code":"x","name":"');
      for (let i = 0; i < 20; i++) req.write('y'.repeat(8192));
      req.end('"}');
    });
    expect(status).toBe(413);
  });
});

describe('room server: guessing the code', () => {
  it('after 20 wrong codes from one address, even the right one waits (429 with Retry-After)', async () => {
    const r = await room();
    for (let i = 0; i < 20; i++)
      expect(
        (await r.call('/api/join', { body: { code: `ZZZZ-${String(i).padStart(4, '0')}`, name: 'Eve' } })).status,
      ).toBe(403);
    const blocked = await r.call('/api/join', { body: { code: r.server.code, name: 'Eve' } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('wrong tokens do not lock out the participants on the same address', async () => {
    const r = await room();
    const ada = await r.join('Ada');
    for (let i = 0; i < 50; i++) expect((await r.call('/api/steering', { auth: `stale-${i}` })).status).toBe(401);
    expect((await r.call('/api/steering', { auth: ada.token })).status).toBe(200);
  });
});
