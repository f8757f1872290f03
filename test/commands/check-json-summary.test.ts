import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { meshwalk as inProcess } from '../support/meshwalk.js';
import { jsonLines } from '../support/json-lines.js';

it('check --json ends with one CheckFinished summary, whichever way each lesson ended', async () => {
  const home = mkdtempSync(join(tmpdir(), 'mw-json-'));
  const r = await inProcess(['check', 'into-the-mesh', '--cluster', 'sim', '--json'], {
    env: { ...process.env, MESHWALK_HOME: home },
  });
  expect(r.status, r.stderr).toBe(0);
  const events = jsonLines<{ type: string }>(r.stdout);
  expect(events.filter((e) => e.type === 'CheckFinished')).toHaveLength(1);
  expect(events.at(-1)).toMatchObject({ type: 'CheckFinished', outcome: 'passed', lessons: 1, passed: 1, failed: [] });
});
