// The project's own end-to-end test: every lesson in lessons/ runs on the simulated cluster, each
// verification proven able to fail (its `before`) and then passing: through the built CLI once, and
// on one release and with a propagation delay through the CLI's entry point in this process (every
// lesson on every release: check-releases.test.ts).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { meshwalk } from '../support/meshwalk.js';
import { jsonLines } from '../support/json-lines.js';

const cli = join(process.cwd(), 'dist', 'cli.js');

describe('meshwalk check on the shipped lessons (built CLI, simulated cluster)', () => {
  it('passes every lesson, with JSON Lines and a JUnit report', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshwalk-check-e2e-'));
    const junit = join(dir, 'report.xml');
    const r = spawnSync(process.execPath, [cli, 'check', '--cluster', 'sim', '--json', '--junit', junit], {
      encoding: 'utf8',
      env: { ...process.env, MESHWALK_HOME: dir },
    });
    const events = jsonLines<{ type: string; lesson: string; outcome?: string; reason?: string }>(r.stdout);
    const finished = events.filter((e) => e.type === 'LessonFinished');
    expect(finished.filter((e) => e.outcome !== 'passed')).toEqual([]);
    expect(r.status).toBe(0);
    expect(finished.length).toBeGreaterThanOrEqual(5);
    // The before-probes ran: some verifications were shown able to fail first.
    expect(events.some((e) => e.type === 'AttemptObserved' && (e as { phase?: string }).phase === 'before')).toBe(true);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuites name="meshwalk check" tests="\d+" failures="0" skipped="0"/);
  });

  it('check LESSON --istio 1.27 runs that lesson (and what it requires) on 1.27 alone', async () => {
    const home = mkdtempSync(join(tmpdir(), 'meshwalk-check-istio-'));
    const r = await meshwalk(['check', 'into-the-mesh', '--json', '--istio', '1.27'], {
      env: { ...process.env, MESHWALK_HOME: home },
    });
    const finished = jsonLines<{ type: string; lesson: string; outcome?: string; istio?: string }>(r.stdout).filter(
      (e) => e.type === 'LessonFinished',
    );
    expect(r.status).toBe(0);
    expect(finished.map((e) => [e.lesson, e.istio, e.outcome])).toEqual([['into-the-mesh', '1.27', 'passed']]);
    expect(r.stderr).toContain('Checking on Istio 1.27 (a fresh simulated cluster)');
  });

  it('meshwalk check | head: stops quietly as the pipe closes, leaving no temporary folder', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'meshwalk-check-pipe-'));
    const child = spawn(process.execPath, [cli, 'check', '--cluster', 'sim'], {
      env: { ...process.env, MESHWALK_HOME: tmp, TMPDIR: tmp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // Read the first chunk, then close the pipe as `head -1` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(141);
    expect(readdirSync(tmp).filter((n) => n.startsWith('meshwalk-check-'))).toEqual([]);
  });

  it('with a propagation delay, verifications retry until the change takes effect, then pass', async () => {
    const home = mkdtempSync(join(tmpdir(), 'meshwalk-check-prop-'));
    const r = await meshwalk(['check', 'peer-authentication', '--cluster', 'sim', '--json', '--propagation', '400'], {
      env: { ...process.env, MESHWALK_HOME: home },
    });
    const events = jsonLines<{ type: string; verdict?: string; outcome?: string }>(r.stdout);
    expect(r.status).toBe(0);
    expect(events.filter((e) => e.type === 'AttemptObserved' && e.verdict === 'retry').length).toBeGreaterThan(0);
    expect(events.filter((e) => e.type === 'LessonFinished').every((e) => e.outcome === 'passed')).toBe(true);
  });

  it('run walks a lesson in plain text from piped answers, and progress shows it', () => {
    const home = mkdtempSync(join(tmpdir(), 'meshwalk-run-e2e-'));
    const env = { ...process.env, MESHWALK_HOME: home };
    const out = execFileSync(
      process.execPath,
      [cli, 'run', 'into-the-mesh', '--cluster', 'sim', '--propagation', '0'],
      { input: '\n\nq\n', encoding: 'utf8', env },
    );
    expect(out).toContain('[Enter] run it, [s] skip, [h] hint, [q] quit (step 1 of');
    expect(out).toContain('PASS create-namespaces');
    expect(out).toContain('PASS deploy-books');
    expect(out).toContain('Progress saved. Run `meshwalk run into-the-mesh` to go on.');
    const progress = execFileSync(process.execPath, [cli, 'progress'], { encoding: 'utf8', env });
    expect(progress).toMatch(/into-the-mesh\s+2\/\d+ steps\s+on "/);
  });
});
