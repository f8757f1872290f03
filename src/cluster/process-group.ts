import { spawnSync } from 'node:child_process';
// signal-exit is execa's own dependency (v4); it runs our hook on normal exit and on
// SIGINT/SIGTERM/SIGHUP, which a plain process.on('exit') would miss.
import { onExit } from 'signal-exit';

/**
 * Every command meshwalk starts leads its own process group (execa `detached: true` = setsid),
 * so one kill reaches kubectl's exec plugins, `sh -c` children and anything they spawned.
 * execa's own `cleanup` is off for detached children (execa lib/terminate/cleanup.js), so this module
 * remembers the live groups and SIGKILLs them when meshwalk exits for any reason but SIGKILL.
 */
const live = new Set<number>();
let hooked = false;

/** Remembers a running group leader so meshwalk's exit kills its whole tree. */
export function trackGroup(pid: number): void {
  live.add(pid);
  if (!hooked) {
    hooked = true;
    onExit(() => killAllGroups('SIGKILL'), { alwaysLast: true });
  }
}

/** The group has finished; nothing to kill at exit any more. */
export function untrackGroup(pid: number): void {
  live.delete(pid);
}

/** Pids of the group leaders still running (for tests and the TUI's quit). */
export function liveGroups(): readonly number[] {
  return [...live];
}

/** Sends `signal` to every process in the group led by `pid`. False when the group is gone. */
export function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  if (process.platform === 'win32') {
    // No process groups on Windows: taskkill walks the tree (execa docs/termination.md).
    const r = spawnSync('taskkill', ['/T', '/F', '/PID', String(pid)], { stdio: 'ignore', windowsHide: true });
    return r.status === 0;
  }
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the whole group has already exited.
  }
}

/** Kills every live group: the TUI calls this on quit, the exit hook with SIGKILL. */
export function killAllGroups(signal: NodeJS.Signals): void {
  for (const pid of live) killGroup(pid, signal);
}
