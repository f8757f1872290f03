/**
 * An exclusive lock file between processes (and between callers in one process), that is never
 * taken from a live holder and never left for ever by a dead one.
 *
 * - Taking it: the holder's token ("PID START NONCE", process-identity.ts) is written to a private
 *   temp file that is then hard-linked to the lock's name. link(2) fails with EEXIST when the name
 *   exists, so exactly one process wins, and a kill at any instant leaves no lock or a whole one.
 * - A holder that is gone (killed mid-command) is detected by its pid and start time.
 * - Taking over a dead holder's lock is itself a lock: the taker first creates `LOCK.takeover-TOKEN`
 *   the same way, named after the token it saw, then removes LOCK only if LOCK still holds that
 *   token. Only the holder of that claim may remove that token's lock (the dead holder cannot), so
 *   between the check and the unlink nobody can have replaced it; a taker that inspected the lock
 *   long ago and finds a new holder's token leaves it alone. A claim whose taker died is taken over
 *   the same way, one level deeper.
 * - Waiting is a timer (an async sleep with jitter): the TUI runs the simulator in its own process,
 *   and its screen must keep drawing while a `meshwalk sim` in another terminal holds the lock.
 */
import { closeSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { processAlive, processStart } from './process-identity.js';

/** A lock without a token can only be an older meshwalk's, killed while creating it: stale after this. */
const ORPHAN_AFTER_MS = 2_000;
/** Claims on claims: each level needs a taker killed inside a few system calls. */
const MAX_TAKEOVER_DEPTH = 3;

export class LockTimeout extends Error {
  override name = 'LockTimeout';
}

export interface LockOptions {
  /** How long to wait for a live holder before giving up with LockTimeout. Default 15 s. */
  waitMs?: number;
}

let ownStart: string | undefined | null = null;

/** This process's token for one acquisition: the nonce makes every lock file distinct. */
function newToken(): string {
  if (ownStart === null) ownStart = processStart(process.pid);
  return `${process.pid} ${ownStart ?? '-'} ${randomBytes(6).toString('hex')}`;
}

/** Creates `path` holding `text`, or returns false when it exists. */
function createExclusive(path: string, text: string): boolean {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}

/** The lock's token and age, or undefined when there is none; any other failure (EACCES) is thrown. */
function read(path: string): { text: string; ageMs: number } | undefined {
  try {
    const ageMs = Date.now() - statSync(path).mtimeMs;
    return { text: readFileSync(path, 'utf8'), ageMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Whether the process that wrote `token` is gone. */
export function holderGone(token: string, ageMs: number): boolean {
  const [pidText, start] = token.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return ageMs > ORPHAN_AFTER_MS;
  return !processAlive(pid, start === undefined || start === '-' ? undefined : start);
}

const claimName = (path: string, token: string) =>
  `${path}.takeover-${token
    .trim()
    .replace(/[^\w]+/g, '-')
    .slice(0, 40)}`;

/**
 * Removes the lock at `path` if it still holds `seen`, the token of a holder found gone; true
 * when `path` is now free of it. Safe against any number of concurrent takers (see above).
 */
export function takeOver(path: string, seen: string, depth = 0): boolean {
  if (depth > MAX_TAKEOVER_DEPTH) return false;
  const claim = claimName(path, seen);
  const mine = newToken();
  if (!createExclusive(claim, mine)) {
    const other = read(claim);
    if (other !== undefined && holderGone(other.text, other.ageMs)) takeOver(claim, other.text, depth + 1);
    return false;
  }
  try {
    const now = read(path);
    if (now === undefined) return true;
    // Same token, and still stale: a lock without a token is judged by its age, and a new one may look alike.
    if (now.text !== seen || !holderGone(now.text, now.ageMs)) return false;
    removeIfThere(path);
    return true;
  } finally {
    release(claim, mine);
  }
}

/** Removes our own lock; one that is no longer ours (removed by hand) is left alone. */
function release(path: string, token: string): void {
  if (read(path)?.text === token) removeIfThere(path);
}

function removeIfThere(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    // Removed by hand meanwhile.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `fn` holding the lock file at `path`, waiting (asynchronously) for a live holder. */
export async function withLockFile<T>(path: string, fn: () => Promise<T>, o: LockOptions = {}): Promise<T> {
  const deadline = Date.now() + (o.waitMs ?? 15_000);
  const token = newToken();
  for (let delay = 1; !createExclusive(path, token); ) {
    const held = read(path);
    if (held === undefined) continue; // released between our link and our read
    if (holderGone(held.text, held.ageMs) && takeOver(path, held.text)) continue;
    if (Date.now() > deadline) {
      const pid = held.text.trim().split(' ')[0] || 'unknown';
      throw new LockTimeout(`${path} is held by process ${pid}; is another meshwalk sim running?`);
    }
    // Jitter keeps waiters from retrying in lockstep; the cap keeps the wait short once it is free.
    await sleep(delay * (0.5 + Math.random()));
    delay = Math.min(delay * 2, 25);
  }
  try {
    return await fn();
  } finally {
    release(path, token);
  }
}
