// Every shipped lesson on every Istio release the lessons are written for, each release in a fresh
// simulated cluster, through the built CLI, with JSON Lines and a JUnit report. The longest run of the suite, in a file of its own so
// that it runs beside the other end-to-end checks rather than after them; the bundle runs this
// CPU-bound loop in well under the time the test runner's transformed modules take in process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { LESSON_ISTIO_RELEASES } from '../../src/cluster/doctor/lesson-releases.js';
import { jsonLines } from '../support/json-lines.js';

it('check --istio all runs every lesson on each version, each in a fresh simulated cluster, and passes', {
  timeout: 180_000,
}, () => {
  const versions = [...LESSON_ISTIO_RELEASES];
  const home = mkdtempSync(join(tmpdir(), 'meshwalk-check-istio-'));
  const cli = join(process.cwd(), 'dist', 'cli.js');
  const junit = join(home, 'report.xml');
  const r = spawnSync(process.execPath, [cli, 'check', '--json', '--istio', 'all', '--junit', junit], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, MESHWALK_HOME: home },
  });
  const events = jsonLines<{ type: string; lesson: string; outcome?: string; istio?: string; phase?: string }>(
    r.stdout,
  );
  const finished = events.filter((e) => e.type === 'LessonFinished');
  expect(finished.filter((e) => e.outcome !== 'passed')).toEqual([]);
  expect(r.status).toBe(0);
  expect([...new Set(finished.map((e) => e.istio))]).toEqual(versions);
  for (const v of versions) expect(finished.filter((e) => e.istio === v).length).toBeGreaterThanOrEqual(5);
  for (const v of versions) expect(r.stderr).toContain(`Checking on Istio ${v} (a fresh simulated cluster)`);
  // The before-probes ran: some verifications were shown able to fail first.
  expect(events.some((e) => e.type === 'AttemptObserved' && e.phase === 'before')).toBe(true);
  const xml = readFileSync(junit, 'utf8');
  expect(xml).toMatch(/<testsuites name="meshwalk check" tests="\d+" failures="0" skipped="0"/);
  for (const v of versions) expect(xml).toContain(`<testsuite name="into-the-mesh (Istio ${v})"`);
});
