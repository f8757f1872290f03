/**
 * The simulator in the TUI's own process: waiting for the state lock is a timer, so the event
 * loop (the screen) keeps running while another process holds it, and commands started at once in
 * one process all land. Taking over a dead holder's lock never removes a live holder's.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';
import { LOCK_FILE, withLock } from '../../src/sim/persist.js';
import { runSimCommand } from '../../src/sim/simulator.js';

const dirs: string[] = [];
const children: ReturnType<typeof spawn>[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
afterEach(() => {
  vi.restoreAllMocks();
  children.splice(0).forEach((c) => c.kill());
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'mwlock-'));
  dirs.push(d);
  return d;
};
/** A process that is alive for the whole test, to stand for another meshwalk holding the lock. */
const liveProcess = (): number => {
  const c = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(c);
  return c.pid!;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the state lock in one process', () => {
  test('while another process holds the lock, timers fire; the command completes once it is released', async () => {
    const d = tmp();
    expect((await runSimCommand(['kubectl', 'create', 'ns', 'a'], { stateDir: d })).exitCode).toBe(0);
    const lock = join(d, LOCK_FILE);
    writeFileSync(lock, String(liveProcess()));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    let ticksWhileHeld = -1;
    let releasedAt = 0;
    setTimeout(() => {
      ticksWhileHeld = ticks;
      releasedAt = Date.now();
      unlinkSync(lock);
    }, 500);
    const r = await runSimCommand(['kubectl', 'create', 'ns', 'b'], { stateDir: d });
    const doneAt = Date.now();
    clearInterval(timer);
    expect(r).toMatchObject({ exitCode: 0, stdout: 'namespace/b created\n' });
    expect(ticksWhileHeld).toBeGreaterThan(10);
    expect(doneAt).toBeGreaterThanOrEqual(releasedAt);
    const after = await runSimCommand(['kubectl', 'get', 'ns', 'b', '-o', 'name'], { stateDir: d });
    expect(after.stdout).toBe('namespace/b\n');
  }, 20_000);

  test('twenty writers started at once in one process all land', async () => {
    const d = tmp();
    expect((await runSimCommand(['kubectl', 'get', 'ns'], { stateDir: d })).exitCode).toBe(0);
    const names = Array.from({ length: 20 }, (_, i) => `ns-${i}`);
    const results = await Promise.all(names.map((n) => runSimCommand(['kubectl', 'create', 'ns', n], { stateDir: d })));
    expect(results.map((r) => r.exitCode)).toEqual(names.map(() => 0));
    const listed = (await runSimCommand(['kubectl', 'get', 'ns', '-o', 'name'], { stateDir: d })).stdout;
    for (const n of names) expect(listed).toContain(`namespace/${n}\n`);
  }, 20_000);

  test("a dead holder's lock replaced by a live holder's just before the takeover is left alone", async () => {
    const d = tmp();
    mkdirSync(d, { recursive: true });
    const lock = join(d, LOCK_FILE);
    const dead = spawnSync('true').pid;
    writeFileSync(lock, String(dead));
    const live = liveProcess();
    const kill = process.kill.bind(process);
    // The liveness check is the moment between reading the lock and acting on it: there, another
    // process takes the dead holder's lock over and a live process takes the lock.
    vi.spyOn(process, 'kill').mockImplementation((pid: number, signal?: string | number) => {
      if (pid !== dead) return kill(pid, signal);
      if (readFileSync(lock, 'utf8') === String(dead)) {
        unlinkSync(lock);
        writeFileSync(lock, String(live));
      }
      throw Object.assign(new Error(`kill ESRCH`), { code: 'ESRCH' });
    });
    let ran = false;
    const locked = withLock(d, async () => {
      ran = true;
    });
    await sleep(300);
    expect(readFileSync(lock, 'utf8')).toBe(String(live));
    expect(ran).toBe(false);
    unlinkSync(lock);
    await locked;
    expect(ran).toBe(true);
  }, 20_000);
});
