/**
 * The simulated network's entry point: programs run inside pods or on the host.
 * `kubectl exec` and `meshwalk sim -- curl` call `runProcess`; `undefined` means "not simulated".
 */
import { NOT_SIMULATED_EXIT, type ProcessOrigin, type ProcessResult, type RunProcess } from '../types.js';
import { runCurl, type TimedResult } from './curl.js';
import { runWget } from './wget.js';
import { containers } from './cluster-index.js';

/**
 * Images that ship no programs at all (distroless): mccutchen/go-httpbin, Istio's sample httpbin
 * from 1.24, is built FROM gcr.io/distroless; istio/tcp-echo-server FROM scratch (its Dockerfile
 * copies one static binary). Exec'ing anything else in them fails in the runtime.
 */
const DISTROLESS = /(^|\/)go-httpbin(:|@|$)|(^|\/)distroless\/|(^|\/)tcp-echo-server(:|@|$)/;
/** Base images without curl: BusyBox and Alpine (BusyBox wget only; python:*-alpine too), Debian and Ubuntu (neither). */
const NO_CURL = /(^|\/)(busybox|alpine|debian|ubuntu)(:|@|$)|(^|\/)python:[^/]*alpine/;
const NO_WGET = /(^|\/)(debian|ubuntu)(:|@|$)/;

/** Whether the image ships the program (curl, wget; any program at all for a distroless image). */
export function installed(image: string, program: string | undefined): boolean {
  if (DISTROLESS.test(image)) return false;
  if (program === 'curl') return !NO_CURL.test(image);
  if (program === 'wget') return !NO_WGET.test(image);
  return true;
}

/** The folder a host program's relative paths (curl --cacert tls.crt) are read from. */
function hostCwd(origin: ProcessOrigin): string | undefined {
  return origin.kind === 'host' ? origin.cwd : undefined;
}

export const runProcess: RunProcess = (origin, argv, _stdin, view) => {
  const program = (argv[0] ?? '').split('/').pop();
  if (origin.kind === 'pod') {
    const image = String(containers(origin.pod).find((c) => c.name === origin.container)?.image ?? '');
    if (!installed(image, program)) return notFound(argv[0] ?? '');
  }
  switch (program) {
    case 'time':
      return runTime(origin, argv, view);
    case 'curl': {
      const { stdout, stderr, exitCode } = runCurl(origin, argv, view, hostCwd(origin));
      return { stdout, stderr, exitCode };
    }
    case 'wget':
      return runWget(origin, argv, view);
    default:
      return undefined;
  }
};

/**
 * `time PROG ...` in the client images (curlimages/curl is Alpine: /usr/bin/time is BusyBox).
 * BusyBox miscutils/time.c prints to stderr, after the program, `real\t%E\nuser\t%u\nsys\t%T`
 * (`-p`: `real %e ...`), preceded by `Command exited with non-zero status N` when it failed, and
 * exits with the program's status.
 */
function runTime(
  origin: Parameters<RunProcess>[0],
  argv: readonly string[],
  view: Parameters<RunProcess>[3],
): ProcessResult | undefined {
  let i = 1;
  let posix = false;
  for (; i < argv.length && argv[i]!.startsWith('-'); i++) {
    if (argv[i] === '-p') posix = true;
    else return undefined;
  }
  const inner = argv.slice(i);
  if ((inner[0] ?? '').split('/').pop() !== 'curl') return undefined;
  if (
    origin.kind === 'pod' &&
    !installed(String(containers(origin.pod).find((c) => c.name === origin.container)?.image ?? ''), 'curl')
  ) {
    // BusyBox time forks the program: exec fails in the child, time reports status 127.
    return {
      stdout: '',
      stderr: `time: can't execute '${inner[0]}': No such file or directory\nCommand exited with non-zero status 127\nreal\t0m 0.00s\nuser\t0m 0.00s\nsys\t0m 0.00s\n`,
      exitCode: 127,
    };
  }
  const r: TimedResult = runCurl(origin, inner, view, hostCwd(origin));
  if (r.exitCode === NOT_SIMULATED_EXIT) return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  const ms = Math.round((r.seconds ?? 0) * 1000) + 14;
  const cs = String(Math.floor(ms / 10) % 100).padStart(2, '0');
  const s = Math.floor(ms / 1000);
  const report = posix
    ? `real ${s}.${cs}\nuser 0.00\nsys 0.00\n`
    : `real\t${Math.floor(s / 60)}m ${s % 60}.${cs}s\nuser\t0m 0.00s\nsys\t0m 0.00s\n`;
  const exited = r.exitCode !== 0 ? `Command exited with non-zero status ${r.exitCode}\n` : '';
  return { stdout: r.stdout, stderr: `${r.stderr}${exited}${report}`, exitCode: r.exitCode };
}

/**
 * minikube's default runtime is Docker: moby (api/server/router/container/exec.go) writes the
 * runc error to the exec's stdout with CRLF, and the exec's exit code is 126 (kubectl then says
 * `command terminated with exit code 126`). containerd clusters fail the exec call itself instead.
 */
export function notFound(command: string): ProcessResult {
  return {
    stdout: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${command}": executable file not found in $PATH: unknown\r\n`,
    stderr: '',
    exitCode: 126,
  };
}
