/**
 * The lock file's rules, one at a time: a live holder keeps it (a late taker that saw a dead
 * holder's lock leaves the new one alone), a dead holder's is taken over, also when the pid has
 * been reused by another process, and also when the taker before us died mid-takeover.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { LockTimeout, takeOver, withLockFile } from '../../src/files/lock-file.js';
import { processStart } from '../../src/files/process-identity.js';

const dirs: string[] = [];
const children: ReturnType<typeof spawn>[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
afterEach(() => children.splice(0).forEach((c) => c.kill()));
const lockIn = () => {
  const d = mkdtempSync(join(tmpdir(), 'mwlockfile-'));
  dirs.push(d);
  return join(d, 'x.lock');
};
const deadPid = () => spawnSync('true').pid;
const livePid = () => {
  const c = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(c);
  return c.pid!;
};

describe('lock file', () => {
  test("a taker that saw a dead holder's token leaves a live holder's lock alone", () => {
    const lock = lockIn();
    const live = `${livePid()} - 0123`;
    writeFileSync(lock, live);
    expect(takeOver(lock, `${deadPid()} - 4567`)).toBe(false);
    expect(readFileSync(lock, 'utf8')).toBe(live);
  });

  test('a taker that saw an old lock without a token leaves a new one that looks alike', () => {
    const lock = lockIn();
    writeFileSync(lock, '');
    expect(takeOver(lock, '')).toBe(false);
    expect(existsSync(lock)).toBe(true);
    const old = new Date(Date.now() - 10_000);
    utimesSync(lock, old, old);
    expect(takeOver(lock, '')).toBe(true);
    expect(existsSync(lock)).toBe(false);
  });

  test("a dead holder's lock is taken over, and ours is removed when done", async () => {
    const lock = lockIn();
    writeFileSync(lock, `${deadPid()} - 0123`);
    let held = '';
    await withLockFile(lock, async () => void (held = readFileSync(lock, 'utf8')));
    expect(held).toMatch(new RegExp(`^${process.pid} `));
    expect(existsSync(lock)).toBe(false);
  });

  const withProc = test.skipIf(processStart(process.pid) === undefined);
  withProc('a live pid with another start time is a reused pid: its lock is taken over', async () => {
    const lock = lockIn();
    writeFileSync(lock, `${process.pid} 1 0123`);
    let ran = false;
    await withLockFile(lock, async () => void (ran = true), { waitMs: 200 });
    expect(ran).toBe(true);
  });

  test('a takeover claim left by a taker that died does not block the lock for ever', async () => {
    const lock = lockIn();
    const stale = String(deadPid());
    writeFileSync(lock, stale);
    writeFileSync(`${lock}.takeover-${stale}`, String(deadPid()));
    let ran = false;
    await withLockFile(lock, async () => void (ran = true), { waitMs: 2_000 });
    expect(ran).toBe(true);
  });

  test('a live holder that keeps it gives LockTimeout naming its pid', async () => {
    const lock = lockIn();
    const pid = livePid();
    writeFileSync(lock, String(pid));
    await expect(withLockFile(lock, async () => undefined, { waitMs: 200 })).rejects.toThrow(LockTimeout);
    const second = withLockFile(lock, async () => undefined, { waitMs: 50 });
    await expect(second).rejects.toThrow(`is held by process ${pid}`);
    expect(readFileSync(lock, 'utf8')).toBe(String(pid));
  });
});
