import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { events, startTestRoom, tempRoomDir } from './room-server-helpers.js';

describe('room server: the store', () => {
  it('keeps code, participants, tokens, events and steering across a restart', async () => {
    const dir = tempRoomDir();
    const first = await startTestRoom({ dir });
    expect(first.server.created).toBe(true);
    const ada = await first.join('Ada');
    await first.send(ada.token, events('peer-authentication', [{ type: 'step-started', step: 'deploy' }]));
    await first.call('/api/steer', { body: { action: 'pace', paced: true }, auth: first.server.key });
    await first.server.close();
    expect(statSync(join(dir, 'room.json')).mode & 0o777).toBe(0o600);

    const again = await startTestRoom({ dir });
    try {
      expect(again.server.created).toBe(false);
      expect(again.server.code).toBe(first.server.code);
      expect(again.server.key).toBe(first.server.key);
      const s = await again.state();
      expect(s.json.participants.map((p: { name: string }) => p.name)).toEqual(['Ada']);
      expect(s.json.participants[0].cells.deploy).toBe('running');
      expect(s.json.steering.paced).toBe(true);
      // The same token still works, and the seq carries on.
      const next = await again.send(
        ada.token,
        events('peer-authentication', [{ type: 'hint-used', step: 'deploy' }], 2),
      );
      expect(next.status).toBe(200);
      expect(next.json.ack).toBe(2);
      expect(readFileSync(join(dir, 'room.json'), 'utf8')).not.toContain(ada.token);
    } finally {
      await again.server.close();
    }
  });

  it('survives a torn last line of the log with one warning, and appends cleanly after it', async () => {
    const dir = tempRoomDir();
    const first = await startTestRoom({ dir });
    const ada = await first.join('Ada');
    await first.send(ada.token, events('peer-authentication', [{ type: 'step-started', step: 'deploy' }]));
    await first.server.close();
    appendFileSync(join(dir, 'events.jsonl'), '{"participant":"' + ada.participant + '","received":1,"event":{"ty');

    const again = await startTestRoom({ dir });
    try {
      expect(again.warnings).toHaveLength(1);
      expect(again.warnings[0]).toMatch(/partly written line/);
      const next = await again.send(
        ada.token,
        events('peer-authentication', [{ type: 'hint-used', step: 'deploy' }], 2),
      );
      expect(next.json.ack).toBe(2);
      const lines = readFileSync(join(dir, 'events.jsonl'), 'utf8').trimEnd().split('\n');
      expect(lines.map((l) => JSON.parse(l).event.seq)).toEqual([1, 2]);
    } finally {
      await again.server.close();
    }
  });

  it('refuses a second server on the same room folder with one line', async () => {
    const dir = tempRoomDir();
    const first = await startTestRoom({ dir });
    try {
      await expect(startTestRoom({ dir })).rejects.toThrow(/another meshwalk room is running/);
    } finally {
      await first.server.close();
    }
  });

  it('exports CSV quoted properly, with formulas defused', async () => {
    const r = await startTestRoom();
    try {
      const eve = await r.join('=HYPERLINK("http://x")');
      await r.send(
        eve.token,
        events('peer-authentication', [
          { type: 'step-failed', step: 'deploy', reason: 'got "403", want 200, see @docs', attempts: 1 },
          { type: 'step-failed', step: 'deploy', reason: '-1+2', attempts: 2 },
        ]),
      );
      const csv = await r.call('/api/export?format=csv', { auth: r.server.key });
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = csv.text.split('\r\n');
      expect(lines[0]).toBe('participant,name,seq,at,received,type,lesson,step,attempts,elapsedMs,reason,outcome');
      expect(lines[1]).toContain(`,"'=HYPERLINK(""http://x"")",1,`);
      expect(lines[1]).toContain(',"got ""403"", want 200, see @docs",');
      expect(lines[2]).toContain(",'-1+2,");
      expect(lines[3]).toBe('');
    } finally {
      await r.server.close();
    }
  });
});
