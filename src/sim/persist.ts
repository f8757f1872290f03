/**
 * The simulated cluster on disk: one versioned JSON file in the state directory, and how any
 * number of processes (shims in several terminals, both sides of `a | b` or `b <(a)`, the TUI)
 * share it with the same result as some serial order of their commands.
 *
 * Design: optimistic concurrency on a revision number stored in the file, plus a short lock.
 * - A command runs on a snapshot, with no lock: it reads its input (stdin, `-f /dev/fd/63`) and
 *   may wait on it as long as it likes. Readers (`kubectl get`) stop there.
 * - A command that changed something takes DIR's lock (lock-file.ts) and compares the file's
 *   revision with its snapshot's. Unchanged: it writes its result as the next revision. Changed
 *   (another process committed meanwhile): it runs again, still holding the lock, on the fresh
 *   state, and writes that. A snapshot already seen to be old before locking is re-run first
 *   without the lock, which keeps the hold short when many write at once.
 * - Input is read once and replayed (the caller keeps it), so the lock is held for one
 *   read-modify-write, never while waiting for input or output. (A re-run that needed an input
 *   the first run did not read would read it under the lock; kubectl and istioctl read all of
 *   theirs before they look at the cluster, so it does not happen.)
 * Why not a lock around the whole command: `kubectl apply -f <(istioctl kube-inject ...)` starts
 * both programs at once, and the one holding the lock would wait for input from the one waiting
 * for the lock. Why not lock-free: the file is replaced by rename(2), which cannot compare first.
 *
 * Writes are atomic (atomic-write.ts: temp file in the same directory, fsync, rename(2), which
 * replaces the name in one step, directory fsync), so readers need no lock. A file that does not
 * parse, has a wrong shape (state-shape.ts) or was written by a newer meshwalk is reported in one
 * line and never overwritten.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicAsync } from '../files/atomic-write.js';
import { type LockOptions, LockTimeout, withLockFile } from '../files/lock-file.js';
import type { ClusterData } from './kube/store.js';
import { clusterProblem } from './state-shape.js';
import { rememberRecent } from '../recent.js';
import { jsonCopy } from './json-copy.js';

export { LockTimeout };
export const STATE_FILE = 'meshwalk-sim.json';
export const LOCK_FILE = 'meshwalk-sim.lock';
/** Bump when the layout changes; older files are migrated, newer ones refused. */
export const STATE_VERSION = 1;
const FORMAT = 'meshwalk-sim-state';

/**
 * `revision` counts the commits to the file (0 for one written before revisions were kept); `text`
 * is the file as read, so a later read can tell whether anything changed without parsing it again.
 */
export type LoadResult =
  | { kind: 'missing' }
  | { kind: 'ok'; data: ClusterData; revision: number; text: string }
  | { kind: 'bad'; message: string };

/** The file's text, undefined when there is none; other read errors are thrown. */
function readStateText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * The last state this process wrote or found well-shaped, per file: its text, and the cluster that
 * text holds, kept apart and never handed out. A file that still holds exactly that text is neither
 * parsed nor walked by the shape check again: each command gets its own copy of the kept cluster
 * (json-copy.ts, equal to a fresh parse and six times faster), to change as it likes. `check` and
 * the TUI load the state once per command and per probe.
 */
type Known = { text: string; revision: number; cluster: unknown };
const known = new Map<string, Known>();
/** A process uses one state directory, a test run many: keep the few most recent. */
const KNOWN_FILES = 8;

const remember = (file: string, k: Known) => rememberRecent(known, file, k, KNOWN_FILES);

export function loadState(dir: string): LoadResult {
  const file = join(dir, STATE_FILE);
  let text: string | undefined;
  try {
    text = readStateText(file);
  } catch (err) {
    return { kind: 'bad', message: `cannot read ${file}: ${(err as Error).message}` };
  }
  if (text === undefined) return { kind: 'missing' };
  return parseState(file, text);
}

function parseState(file: string, text: string): LoadResult {
  const seen = known.get(file);
  if (seen?.text === text) {
    const data = jsonCopy(seen.cluster);
    if (data !== undefined) return { kind: 'ok', data: data as ClusterData, revision: seen.revision, text };
  }
  const fix = 'move it away (or pick another --state directory) to start a new cluster';
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { kind: 'bad', message: `${file} is not a valid state file (${(err as Error).message}); ${fix}` };
  }
  const d = doc as { format?: unknown; version?: unknown; revision?: unknown; cluster?: unknown } | null;
  if (typeof d !== 'object' || d === null || d.format !== FORMAT || typeof d.version !== 'number') {
    return { kind: 'bad', message: `${file} is not a meshwalk sim state file; ${fix}` };
  }
  if (d.version > STATE_VERSION) {
    return {
      kind: 'bad',
      message:
        `${file} was written by a newer meshwalk (state version ${d.version};` +
        ` this one reads up to ${STATE_VERSION}); upgrade meshwalk or pick another --state directory`,
    };
  }
  const revision = d.revision ?? 0;
  if (typeof revision !== 'number' || !Number.isSafeInteger(revision) || revision < 0) {
    return { kind: 'bad', message: `${file} is damaged (its revision is not a count); ${fix}` };
  }
  const problem = clusterProblem(d.cluster);
  if (problem) return { kind: 'bad', message: `${file} is damaged (${problem}); ${fix}` };
  const kept = jsonCopy(d.cluster);
  if (kept !== undefined) remember(file, { text, revision, cluster: kept });
  return { kind: 'ok', data: d.cluster as ClusterData, revision, text };
}

/** Writes the state atomically: readers see the old file or the new one, never a mix. */
export async function saveState(dir: string, data: ClusterData, revision: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const doc = { format: FORMAT, version: STATE_VERSION, revision, cluster: data };
  const file = join(dir, STATE_FILE);
  const text = JSON.stringify(doc);
  // Copied before the write: the caller may go on changing `data` while the file is written.
  const kept = jsonCopy(data);
  await writeFileAtomicAsync(file, text);
  if (kept !== undefined) remember(file, { text, revision, cluster: kept });
  else known.delete(file);
}

/** Runs `fn` holding DIR's lock (lock-file.ts); gives up after `waitMs` (default 15 s) with LockTimeout. */
export async function withLock<T>(dir: string, fn: () => Promise<T>, waitMs?: number): Promise<T> {
  mkdirSync(dir, { recursive: true });
  const o: LockOptions = waitMs === undefined ? {} : { waitMs };
  return withLockFile(join(dir, LOCK_FILE), fn, o);
}

/** One run of a command on a loaded state: what it returns, and the cluster to save if it changed it. */
export interface Attempt<R> {
  result: R;
  save?: ClusterData;
}

/**
 * Whether the file still holds what `base` was loaded from. Every commit writes a new revision
 * number, so the same text means no commit came between; comparing the text spares a parse.
 */
function unchanged(dir: string, base: LoadResult): boolean {
  let text: string | undefined;
  try {
    text = readStateText(join(dir, STATE_FILE));
  } catch {
    return false;
  }
  return base.kind === 'missing' ? text === undefined : base.kind === 'ok' && text === base.text;
}

/** Re-runs without the lock when the snapshot is already old, so that the lock is held for less. */
const UNLOCKED_RETRIES = 2;

/**
 * Runs `attempt` on the state as it is, without the lock, and commits what it changed; when
 * another process committed first, runs it again under the lock on the fresh state (see above).
 * `attempt` must give the same answer for the same state: its input is read once, by its caller.
 */
export async function updateState<R>(dir: string, attempt: (loaded: LoadResult) => Promise<Attempt<R>>): Promise<R> {
  let base = loadState(dir);
  let run = await attempt(base);
  for (let retry = 0; run.save !== undefined && retry < UNLOCKED_RETRIES; retry++) {
    if (unchanged(dir, base)) break;
    base = loadState(dir);
    run = await attempt(base);
  }
  const { result, save } = run;
  if (save === undefined) return result;
  return withLock(dir, async () => {
    if (unchanged(dir, base)) {
      await saveState(dir, save, base.kind === 'ok' ? base.revision + 1 : 1);
      return result;
    }
    const current = loadState(dir);
    const next = current.kind === 'ok' ? current.revision + 1 : 1;
    const again = await attempt(current);
    if (again.save !== undefined) await saveState(dir, again.save, next);
    return again.result;
  });
}
