/**
 * The simulated network's entry point: programs run inside pods or on the host.
 * `kubectl exec` and `meshwalk sim -- curl` call `runProcess`; `undefined` means "not simulated".
 */
import type { ProcessResult, RunProcess } from '../types.js';
import { runCurl } from './curl.js';
import { runWget } from './wget.js';
import { containers } from './cluster-index.js';

/**
 * Images that ship no shell tools at all (distroless): mccutchen/go-httpbin, Istio's sample
 * httpbin from 1.24, is built FROM gcr.io/distroless. Exec'ing curl in them fails in the runtime.
 */
const DISTROLESS = /(^|\/)go-httpbin(:|@|$)|(^|\/)distroless\//;

export const runProcess: RunProcess = (origin, argv, _stdin, view) => {
  const program = (argv[0] ?? '').split('/').pop();
  if (origin.kind === 'pod' && (program === 'curl' || program === 'wget')) {
    const image = String(containers(origin.pod).find((c) => c.name === origin.container)?.image ?? '');
    if (DISTROLESS.test(image)) return notFound(argv[0] ?? '');
  }
  switch (program) {
    case 'curl':
      return runCurl(origin, argv, view);
    case 'wget':
      return runWget(origin, argv, view);
    default:
      return undefined;
  }
};

/**
 * minikube's default runtime is Docker: moby (api/server/router/container/exec.go) writes the
 * runc error to the exec's stdout with CRLF, and the exec's exit code is 126 (kubectl then says
 * `command terminated with exit code 126`). containerd clusters fail the exec call itself instead.
 */
function notFound(command: string): ProcessResult {
  return {
    stdout: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${command}": executable file not found in $PATH: unknown\r\n`,
    stderr: '',
    exitCode: 126,
  };
}
