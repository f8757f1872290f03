import { constants } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { execa } from 'execa';
import { CommandError, DEFAULT_TIMEOUT_MS, type CommandResult, type RunOptions } from './port.js';
import { killGroup, trackGroup, untrackGroup } from './process-group.js';

/** Runs one argv and reports how it ended; the shape every real command goes through. */
export type Runner = (argv: readonly string[], options?: RunOptions) => Promise<CommandResult>;

export interface ProcessOptions {
  /** Working directory of the command. */
  cwd: string;
  /** The whole environment of the command (PATH decides which binary runs). Not merged with process.env. */
  env: Record<string, string | undefined>;
  /** Time between SIGTERM and SIGKILL to the process group on timeout or cancel. Default 2000 ms. */
  killGraceMs?: number;
}

/** Exit code reported for a command killed by its timeout, as timeout(1) does. */
export const TIMED_OUT_EXIT = 124;
/** Exit code reported for a command killed because its AbortSignal fired (128 + SIGINT). */
export const CANCELLED_EXIT = 130;

/** Where to get each tool a lesson may run, for the "not found on PATH" line. */
const installHints: Record<string, string> = {
  kubectl: 'install it from https://kubernetes.io/docs/tasks/tools/ or use --cluster sim',
  minikube: 'install it from https://minikube.sigs.k8s.io/docs/start/ or use --cluster sim',
  istioctl: 'install it from https://istio.io/latest/docs/setup/getting-started/#download or use --cluster sim',
  curl: 'install curl with your package manager or use --cluster sim',
  openssl: 'install openssl with your package manager or use --cluster sim',
};

/** A Runner bound to an environment and a working directory. */
export function processRunner(o: ProcessOptions): Runner {
  return (argv, options) => runProcess(argv, o, options);
}

/**
 * Runs argv as its own process group (execa `detached`), streaming output to `onOutput`.
 * On timeout or abort the *group* gets SIGTERM, then SIGKILL after a grace period, because
 * execa alone kills only the direct child and a grandchild holding the pipes would keep the
 * promise pending past the timeout (execa docs/termination.md). Never throws for a non-zero exit;
 * throws `CommandError` only when the program cannot be started.
 */
export async function runProcess(
  argv: readonly string[],
  o: ProcessOptions,
  options: RunOptions = {},
): Promise<CommandResult> {
  const [file, ...args] = argv;
  if (file === undefined || file === '') throw new CommandError('cannot run an empty command', argv);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = performance.now();
  const done = (r: Partial<CommandResult>): CommandResult => ({
    argv,
    exitCode: 0,
    stdout: '',
    stderr: '',
    timedOut: false,
    cancelled: false,
    durationMs: Math.round(performance.now() - started),
    ...r,
  });
  if (options.signal?.aborted) return done({ exitCode: CANCELLED_EXIT, cancelled: true });

  const sub = execa(file, args, {
    reject: false,
    detached: process.platform !== 'win32',
    cleanup: false, // ours: process-group.ts kills the whole group at exit
    cwd: o.cwd,
    env: o.env,
    extendEnv: false,
    ...(options.stdin === undefined ? { stdin: 'ignore' as const } : { input: options.stdin }),
    stripFinalNewline: false,
    windowsHide: true,
    maxBuffer: 64 * 1024 * 1024,
  });
  const pid = sub.pid;
  let timedOut = false;
  let cancelled = false;
  const grace = o.killGraceMs ?? 2000;
  const timers: NodeJS.Timeout[] = [];
  const killTree = () => {
    if (pid === undefined) return;
    killGroup(pid, 'SIGTERM');
    const t = setTimeout(() => killGroup(pid, 'SIGKILL'), grace);
    t.unref();
    timers.push(t);
  };
  const onAbort = () => {
    cancelled = true;
    killTree();
  };
  if (pid !== undefined) {
    trackGroup(pid);
    timers.push(
      setTimeout(() => {
        timedOut = true;
        killTree();
      }, timeoutMs),
    );
    options.signal?.addEventListener('abort', onAbort, { once: true });
  }
  if (options.onOutput) {
    const emit = options.onOutput;
    for (const stream of ['stdout', 'stderr'] as const) {
      const decoder = new StringDecoder('utf8');
      sub[stream]?.on('data', (chunk: Buffer | string) => {
        const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
        if (text !== '') emit(text, stream);
      });
    }
  }

  const r = await sub;
  options.signal?.removeEventListener('abort', onAbort);
  // The timeout timer must go; a pending SIGKILL stays armed (unref'd) for stragglers in the group.
  clearTimeout(timers[0]);
  if (pid !== undefined) {
    // Stragglers that outlived the leader die with the group; then it is no longer ours.
    if (timedOut || cancelled) killGroup(pid, 'SIGKILL');
    untrackGroup(pid);
  }

  const code = (r as { code?: unknown }).code;
  if (r.failed && pid === undefined && typeof code === 'string') {
    throw new CommandError(notStartedMessage(file, code), argv);
  }
  const stdout = typeof r.stdout === 'string' ? r.stdout : '';
  let stderr = typeof r.stderr === 'string' ? r.stderr : '';
  let exitCode = r.exitCode ?? (r.signal ? 128 + signalNumber(r.signal) : 1);
  if (timedOut) {
    exitCode = TIMED_OUT_EXIT;
    stderr = appendLine(stderr, `${file} timed out after ${formatSeconds(timeoutMs)}: ${formatCommand(argv)}`);
  } else if (cancelled) {
    exitCode = CANCELLED_EXIT;
  }
  return done({ exitCode, stdout, stderr, timedOut, cancelled });
}

function notStartedMessage(file: string, code: string): string {
  if (code === 'ENOENT') return `${file} not found on PATH: ${installHints[file] ?? 'install it or check your PATH'}`;
  if (code === 'EACCES') return `${file} is not executable (permission denied): check the file on your PATH`;
  return `${file} could not be started (${code})`;
}

/** "30 s", "1.5 s", "500 ms". */
export function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** argv as a person would type it in a POSIX shell (quoted only where needed). */
export function formatCommand(argv: readonly string[]): string {
  return argv.map((a) => (a !== '' && /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** Adds one line to a stream's text, keeping a newline between what was there and it. */
export function appendLine(text: string, line: string): string {
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`;
}

function signalNumber(signal: string): number {
  return (constants.signals as Record<string, number | undefined>)[signal] ?? 0;
}
