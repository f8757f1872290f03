import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const cli = resolve(import.meta.dirname, '../../dist/cli.js');

it('check --json ends with one CheckFinished summary, whichever way each lesson ended', () => {
  const home = mkdtempSync(join(tmpdir(), 'mw-json-'));
  const r = spawnSync(process.execPath, [cli, 'check', 'into-the-mesh', '--cluster', 'sim', '--json'], {
    env: { ...process.env, MESHWALK_HOME: home },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  const events = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string });
  expect(events.filter((e) => e.type === 'CheckFinished')).toHaveLength(1);
  expect(events.at(-1)).toMatchObject({ type: 'CheckFinished', outcome: 'passed', lessons: 1, passed: 1, failed: [] });
});
