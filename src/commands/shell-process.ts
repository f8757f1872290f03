/**
 * Picks the learner's shell, runs it in this terminal and waits for it. The shell owns the terminal while
 * it runs: meshwalk ignores Ctrl-C and Ctrl-\ (the terminal sends them to the shell as well, which
 * deals with them). SIGTERM and SIGHUP reach the shell as SIGHUP, the one signal an interactive
 * shell ends on (bash(1), SIGNALS: it ignores SIGTERM), so meshwalk always gets back here to
 * remove the private folder. The exit code is the shell's; killed by a signal, 128 + its number,
 * as shells report it.
 */
import { accessSync, constants as fsConstants } from 'node:fs';
import { constants } from 'node:os';
import { isAbsolute } from 'node:path';
import { execa } from 'execa';
import { findOnPath } from './shell-binding.js';

export type ShellExit = { ok: true; exitCode: number } | { ok: false; reason: string };

export async function runShell(
  file: string,
  args: readonly string[],
  o: { cwd: string; env: Record<string, string | undefined> },
): Promise<ShellExit> {
  const child = execa(file, args, {
    cwd: o.cwd,
    env: o.env,
    extendEnv: false,
    stdio: 'inherit',
    reject: false,
    // The shell exits when the learner says so; it may run for hours.
    timeout: 0,
  });
  const ignore = () => {};
  const hangUp = () => void child.kill('SIGHUP');
  process.on('SIGINT', ignore);
  process.on('SIGQUIT', ignore);
  process.on('SIGTERM', hangUp);
  process.on('SIGHUP', hangUp);
  try {
    const r = await child;
    if (r.failed && r.exitCode === undefined && r.signal === undefined)
      return { ok: false, reason: `cannot start ${file}: ${(r as { code?: string }).code ?? r.shortMessage}` };
    if (r.signal) return { ok: true, exitCode: 128 + (constants.signals[r.signal] ?? 0) };
    return { ok: true, exitCode: r.exitCode ?? 0 };
  } finally {
    process.removeListener('SIGINT', ignore);
    process.removeListener('SIGQUIT', ignore);
    process.removeListener('SIGTERM', hangUp);
    process.removeListener('SIGHUP', hangUp);
  }
}

/** `$SHELL`, or `sh` when it is unset or cannot be run (with a line saying so). */
export function chooseShell(env: Record<string, string | undefined>): { file: string; note?: string } {
  const s = env.SHELL?.trim();
  if (!s) return { file: 'sh', note: '$SHELL is not set: using sh.' };
  const runnable = isAbsolute(s) ? isExecutable(s) : findOnPath(s, env.PATH) !== undefined;
  if (!runnable) return { file: 'sh', note: `$SHELL (${s}) cannot be run: using sh.` };
  return { file: s };
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}
