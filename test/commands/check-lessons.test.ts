// The project's own end-to-end test: lessons in lessons/ run on the simulated cluster, on one release
// and with a propagation delay through the CLI's entry point in this process, and through the built
// CLI into a closed pipe (every lesson on every release, with the JUnit report: check-releases.test.ts).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { meshwalk } from '../support/meshwalk.js';
import { jsonLines } from '../support/json-lines.js';

const cli = join(process.cwd(), 'dist', 'cli.js');

describe('meshwalk check on the shipped lessons (built CLI, simulated cluster)', () => {
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
