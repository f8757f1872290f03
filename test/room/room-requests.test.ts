import { describe, expect, it } from 'vitest';
import { checkEvents } from '../../src/room/model/events-request.js';
import { csvCell, csvLine, exportRow } from '../../src/room/model/export-format.js';
import { checkJoin } from '../../src/room/model/join-request.js';
import { checkSteer } from '../../src/room/model/steer-request.js';
import { isFull, take } from '../../src/room/model/token-bucket.js';
import { MAX_EVENTS_PER_POST, MAX_NAME_CHARS, MAX_REASON_CHARS } from '../../src/room/protocol.js';

const opened = (seq: number) => ({ type: 'lesson-opened', lesson: 'peer-authentication', seq, at: 1 });

describe('request checks', () => {
  it('join: a name is made one plain line and cut to MAX_NAME_CHARS; a non-string code is refused', () => {
    expect(checkJoin({ code: 'ABCD-1234', name: '  Ada\n\tLovelace\u202e ' })).toEqual({
      ok: true,
      value: { code: 'ABCD-1234', name: 'Ada Lovelace' },
    });
    const long = checkJoin({ code: 'x', name: '😀'.repeat(60) });
    expect(long.ok && Array.from(long.value.name).length).toBe(MAX_NAME_CHARS);
    expect(checkJoin({ code: 1, name: 'a' }).ok).toBe(false);
    expect(checkJoin([]).ok).toBe(false);
  });

  it('events: known types with their fields only; the count is bounded; seq from 1', () => {
    const r = checkEvents({ events: [{ ...opened(1), participant: 'someone-else', extra: 1 }] });
    expect(r).toEqual({ ok: true, value: [opened(1)] });
    expect(checkEvents({ events: [] })).toEqual({ ok: false, error: 'events is empty' });
    expect(checkEvents({ events: Array.from({ length: MAX_EVENTS_PER_POST + 1 }, (_, i) => opened(i + 1)) }).ok).toBe(
      false,
    );
    expect(checkEvents({ events: [opened(0)] })).toEqual({
      ok: false,
      error: 'events[0]: seq must be a whole number from 1',
    });
    expect(checkEvents({ events: [{ ...opened(1), type: 'rm-rf' }] }).ok).toBe(false);
    expect(checkEvents({ events: [{ ...opened(1), lesson: '../etc' }] }).ok).toBe(false);
    const failed = { type: 'step-failed', lesson: 'a', step: 'b', attempts: 1, seq: 1, at: 1 };
    const cut = checkEvents({ events: [{ ...failed, reason: 'x'.repeat(MAX_REASON_CHARS + 50) }] });
    expect(cut.ok && (cut.value[0] as { reason: string }).reason.length).toBe(MAX_REASON_CHARS);
    expect(checkEvents({ events: [{ ...failed, reason: 7 }] }).ok).toBe(false);
  });

  it('steer: each action with its field', () => {
    expect(checkSteer({ action: 'pace', paced: true })).toEqual({ ok: true, value: { action: 'pace', paced: true } });
    expect(checkSteer({ action: 'pace', paced: 'yes' }).ok).toBe(false);
    expect(checkSteer({ action: 'broadcast', text: ' \u0007 ' })).toEqual({
      ok: false,
      error: 'the broadcast text is empty',
    });
    expect(checkSteer({ action: 'unlock', lesson: 'Not An Id' }).ok).toBe(false);
    expect(checkSteer({ action: 'delete-everything' }).ok).toBe(false);
  });
});

describe('token bucket', () => {
  const rate = { capacity: 2, perSecond: 1 };
  it('lets the capacity through at once, then one a second, and says how long to wait', () => {
    let b = take(undefined, rate, 0).bucket;
    b = take(b, rate, 0).bucket;
    const refused = take(b, rate, 0);
    expect(refused.waitMs).toBe(1000);
    expect(take(refused.bucket, rate, 1000).waitMs).toBe(0);
    expect(isFull(refused.bucket, rate, 2000)).toBe(true);
  });
});

describe('CSV export', () => {
  it('quotes where needed and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    for (const f of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx']) expect(csvCell(f)).toBe(`'${f}`);
    expect(csvCell('=A1,B1')).toBe(`"'=A1,B1"`);
  });

  it('one line per event, times in ISO 8601, CR LF at the end', () => {
    const row = exportRow(
      {
        participant: 'p1',
        received: 0,
        event: { type: 'lesson-finished', lesson: 'a', outcome: 'passed', seq: 3, at: 1000 },
      },
      new Map([['p1', 'Ada']]),
    );
    expect(csvLine(row)).toBe(
      'p1,Ada,3,1970-01-01T00:00:01.000Z,1970-01-01T00:00:00.000Z,lesson-finished,a,,,,,passed\r\n',
    );
  });
});
