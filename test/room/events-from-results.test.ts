import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultEvent } from '../../src/engine/types.js';
import { failureLine, roomEventMapper } from '../../src/room/events-from-results.js';
import { MAX_REASON_CHARS, type RoomEventBody } from '../../src/room/protocol.js';
import { meshwalk as inProcess } from '../support/meshwalk.js';

const JWT = `eyJ0eXAiOiJKV1QifQ.${'eyJzdWIiOiJhbGljZSJ9'.repeat(3)}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`;
const base = { lesson: 'l1', step: 's1' };

function mapAll(events: readonly ResultEvent[]): RoomEventBody[] {
  const map = roomEventMapper();
  return events.flatMap((e) => map(e) ?? []);
}

describe('room events from the result stream', () => {
  it('maps each reported result to its room event and nothing else', async () => {
    const out = mapAll([
      { type: 'LessonStarted', lesson: 'l1', title: 'L', mode: 'learn', steps: 1, at: 1 },
      { type: 'StepStarted', ...base, index: 0, title: 'S', at: 2 },
      { type: 'CommandStarted', ...base, id: 1, purpose: 'action', command: 'kubectl get pods', argv: [], at: 3 },
      { type: 'CommandOutput', ...base, id: 1, stream: 'stdout', chunk: 'books-123 Running' },
      { type: 'HintShown', ...base, index: 0, total: 2, text: 'the answer is STRICT' },
      {
        type: 'AttemptObserved',
        ...base,
        phase: 'after',
        attempt: 4,
        elapsedMs: 900,
        expected: 'status 403',
        observed: { exitCode: 0, status: '200', stdout: '200', stderr: '', timedOut: false },
        matched: false,
        consecutive: 0,
        settle: 1,
        verdict: 'fail',
        at: 4,
      },
      { type: 'StepFailed', ...base, reason: 'expected 403, saw 200', at: 'verify' },
      { type: 'StepStarted', ...base, index: 0, title: 'S', at: 5 },
      { type: 'StepSkipped', ...base },
      { type: 'StepPassed', ...base, attempts: 2, elapsedMs: 700 },
      { type: 'StepPassed', ...base, attempts: 0, elapsedMs: 0.4 },
      { type: 'StepFailed', ...base, reason: 'apply failed', at: 'action' },
      { type: 'LessonFinished', lesson: 'l1', outcome: 'passed', passed: 1, failed: 0, skipped: 0, total: 1 },
    ]);
    expect(out).toEqual([
      { type: 'lesson-opened', lesson: 'l1' },
      { type: 'step-started', ...base },
      { type: 'hint-used', ...base },
      { type: 'step-failed', ...base, reason: 'expected 403, saw 200', attempts: 4 },
      { type: 'step-started', ...base },
      { type: 'step-skipped', ...base },
      { type: 'step-passed', ...base, attempts: 2, elapsedMs: 700 },
      { type: 'step-passed', ...base, attempts: 1, elapsedMs: 0 },
      { type: 'step-failed', ...base, reason: 'apply failed', attempts: 1 },
      { type: 'lesson-finished', lesson: 'l1', outcome: 'passed' },
    ]);
  });

  it('a failure is its first line, terminal-safe, tokens cut, at most MAX_REASON_CHARS', async () => {
    expect(failureLine(`saw 401 with Bearer ${JWT}\nstdout: secret output`)).toBe(
      `saw 401 with Bearer ${JWT.slice(0, 12)}…`,
    );
    const safe = failureLine('red \u001b[31mflag\u001b]52;c;eA==\u0007');
    expect([...safe].filter((c) => c.charCodeAt(0) < 0x20)).toEqual([]);
    const long = failureLine('x'.repeat(1000));
    expect(long.length).toBe(MAX_REASON_CHARS);
    expect(long.endsWith('…')).toBe(true);
  });

  it('a whole lesson with tokens reports no token and no command output', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mw-room-map-'));
    const r = await inProcess(['check', 'jwt-authentication', '--cluster', 'sim', '--json'], {
      env: { ...process.env, MESHWALK_HOME: home },
    });
    expect(r.status, r.stderr).toBe(0);
    const results = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ResultEvent);
    const jwtSteps = results.filter((e) => e.type === 'StepStarted' && e.lesson === 'jwt-authentication');
    // A failed step too: its reason is the one line of output the room may see.
    const failed: ResultEvent = {
      type: 'StepFailed',
      lesson: 'jwt-authentication',
      step: 'x',
      reason: `401 ${JWT}\nmore`,
      at: 'verify',
    };
    const sent = JSON.stringify(mapAll([...results, failed]));
    expect(jwtSteps.length).toBeGreaterThan(5);
    expect(sent).toContain('"step-passed"');
    expect(sent).not.toContain(JWT.slice(0, 20));
    expect(sent).not.toMatch(/eyJ[\w-]{10,}/);
    const outputs = results.flatMap((e) =>
      e.type === 'CommandOutput' ? e.chunk.split('\n').filter((l) => l.trim().length > 3) : [],
    );
    const commands = results.flatMap((e) => (e.type === 'CommandStarted' ? [e.command] : []));
    expect(outputs.length).toBeGreaterThan(5);
    for (const text of [...outputs, ...commands]) expect(sent).not.toContain(text.trim());
    expect(sent).not.toContain('more');
  });
});
