/**
 * The simulated cluster on disk: one versioned JSON file in the state directory, written
 * atomically (temp file in the same directory, fsync, rename, directory fsync: RELIABILITY-FACTS
 * §4), and a lock file so two `meshwalk sim` processes never interleave read-modify-write.
 * A file that does not parse, or that a newer meshwalk wrote, is reported and never overwritten.
 */
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';
import type { ClusterData } from './kube/store.js';

export const STATE_FILE = 'meshwalk-sim.json';
export const LOCK_FILE = 'meshwalk-sim.lock';
/** Bump when the layout changes; older files are migrated, newer ones refused. */
export const STATE_VERSION = 1;
const FORMAT = 'meshwalk-sim-state';

export type LoadResult = { kind: 'missing' } | { kind: 'ok'; data: ClusterData } | { kind: 'bad'; message: string };

export function loadState(dir: string): LoadResult {
  const file = join(dir, STATE_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'bad', message: `cannot read ${file}: ${(err as Error).message}` };
  }
  const fix = 'move it away (or pick another --state directory) to start a new cluster';
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { kind: 'bad', message: `${file} is not a valid state file (${(err as Error).message}); ${fix}` };
  }
  const d = doc as { format?: unknown; version?: unknown; cluster?: Partial<ClusterData> };
  if (typeof d !== 'object' || d === null || d.format !== FORMAT || typeof d.version !== 'number') {
    return { kind: 'bad', message: `${file} is not a meshwalk sim state file; ${fix}` };
  }
  if (d.version > STATE_VERSION) {
    return { kind: 'bad', message: `${file} was written by a newer meshwalk (state version ${d.version}; this one reads up to ${STATE_VERSION}); upgrade meshwalk or pick another --state directory` };
  }
  const c = d.cluster;
  if (!c || typeof c.istio !== 'string' || !Array.isArray(c.objects) || !Array.isArray(c.history) || typeof c.counter !== 'number') {
    return { kind: 'bad', message: `${file} is damaged (its cluster is incomplete); ${fix}` };
  }
  return { kind: 'ok', data: c as ClusterData };
}

/** Writes the state atomically: readers see the old file or the new one, never a mix. */
export function saveState(dir: string, data: ClusterData): void {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, STATE_FILE), JSON.stringify({ format: FORMAT, version: STATE_VERSION, cluster: data }));
}

/**
 * Creates the lock file with our pid already in it: the pid goes to a private temp file that is
 * then hard-linked to the lock name, which fails with EEXIST when the lock is held. A kill at any
 * instant leaves either no lock or a complete one, never an empty lock nobody can take over.
 */
function takeLock(lock: string): void {
  const tmp = `${lock}.${process.pid}.${Math.random().toString(36).slice(2, 8)}`;
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, String(process.pid));
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, lock);
  } finally {
    unlinkSync(tmp);
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `fn` holding DIR's lock file (created exclusively, holding our pid). A lock whose process
 * is gone (killed mid-command) is taken over. Gives up after `waitMs` with an error.
 */
export async function withLock<T>(dir: string, fn: () => Promise<T>, waitMs = 15_000): Promise<T> {
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, LOCK_FILE);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      takeLock(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder = NaN;
      let ageMs = 0;
      try {
        holder = Number(readFileSync(lock, 'utf8'));
        ageMs = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      // A lock without a pid can only come from an older meshwalk killed mid-create: stale once old.
      const orphan = !(Number.isInteger(holder) && holder > 0) && ageMs > 2_000;
      if (orphan || (Number.isInteger(holder) && holder > 0 && !alive(holder))) {
        try {
          unlinkSync(lock);
        } catch {
          // another process took it over first
        }
        continue;
      }
      if (Date.now() > deadline) throw new LockTimeout(`${lock} is held by process ${holder}; is another meshwalk sim running?`);
      sleepSync(10);
    }
  }
  try {
    return await fn();
  } finally {
    try {
      unlinkSync(lock);
    } catch {
      // removed by hand
    }
  }
}

export class LockTimeout extends Error {
  override name = 'LockTimeout';
}
