/**
 * Naming a process so that another process can later tell whether it is still running. A pid
 * alone is not enough: Linux reuses pids, so a lock left by a killed process could name a live,
 * unrelated one. The pair (pid, start time) is unique for as long as the machine runs; the start
 * time is field 22 of /proc/PID/stat (proc(5): "starttime", in clock ticks since boot). Where
 * /proc does not exist (macOS), only the pid is compared, which errs on the side of "alive".
 */
import { readFileSync } from 'node:fs';

/** Field 22 of /proc/PID/stat, or undefined where it cannot be read. */
export function processStart(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Field 2 is the command name in parentheses and may itself hold spaces and ")": split after the last ")".
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3 (state), so field 22 is rest[19].
  return rest[19];
}

/**
 * Whether process `pid`, started at `start` (as processStart reported it then), still runs.
 * kill(pid, 0) tests existence without signalling (kill(2)); EPERM means it exists under another user.
 */
export function processAlive(pid: number, start: string | undefined): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (start === undefined) return true;
  const now = processStart(pid);
  // No /proc entry although kill found it: not Linux, or /proc hidden; trust the pid.
  return now === undefined || now === start;
}
