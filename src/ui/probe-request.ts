/**
 * Turns a verification probe into the request `meshwalk explain` decides on, so "why?" can explain
 * a failed check.
 */
import type { EngineState } from '../engine/index.js';
import { ownActionSources, renderProbe, renderSource } from '../engine/commands.js';
import { displayCommand } from '../lesson/render.js';
import { curlRequest, type CurlRequest, type RequestFrom } from '../http/curl-request.js';

/**
 * The current step's probe as written, with its vars' real values: what explain needs. The
 * shown probe is not it: tokens there are `$TOKEN` or cut short, and a real cluster adds
 * `--context`.
 */
export function probeArgv(state: EngineState): readonly string[] | undefined {
  const step = state.lesson.steps[state.current];
  if (!step) return undefined;
  // A step whose own command failed (a curl expecting 403 that saw 200) is explained the same
  // way as a failed check.
  const st = state.steps[state.current];
  if (st?.failedAt === 'action' || (st?.status === 'verifying' && st.verification?.phase === 'command')) {
    const last = ownActionSources(step).at(-1);
    const r = last ? renderSource(last, state.vars) : undefined;
    return r?.ok ? r.spec.argv : undefined;
  }
  const r = step.verify ? renderProbe(step.verify, state.vars) : undefined;
  return r?.ok ? r.spec.argv : undefined;
}

/** probeArgv as a command line. */
export function probeLine(state: EngineState): string | undefined {
  const argv = probeArgv(state);
  return argv ? displayCommand(argv) : undefined;
}

/**
 * The request a probe makes, for why?: `kubectl exec deploy/sleep -n NS -- curl ... URL` is a
 * request from NS/sleep, a bare `curl ... URL` one from outside the cluster; curl's own words are
 * read by curl's parser, as the simulator reads them. Other probes make no request to explain.
 */
export function probeRequest(argv: readonly string[]): CurlRequest | undefined {
  const exec = argv[0] === 'kubectl' ? execTarget(argv) : { from: { kind: 'outside' } as const, command: argv };
  if (!exec || exec.command[0] !== 'curl') return undefined;
  const r = curlRequest(exec.from, exec.command.slice(1));
  return r.ok ? r.request : undefined;
}

/** Who runs the command of `kubectl exec [FLAGS] TARGET -- COMMAND...`, and that command. */
function execTarget(argv: readonly string[]): { from: RequestFrom; command: readonly string[] } | undefined {
  const exec = argv.indexOf('exec');
  const dashes = argv.indexOf('--');
  if (exec === -1 || dashes === -1) return undefined;
  const head = argv.slice(exec + 1, dashes);
  let namespace = 'default';
  let target: string | undefined;
  for (let i = 0; i < head.length; i++) {
    const a = head[i] ?? '';
    if (a === '-n' || a === '--namespace') namespace = head[++i] ?? namespace;
    else if (a.startsWith('--namespace=')) namespace = a.slice(12);
    else if (a === '-c' || a === '--container') i++;
    else if (!a.startsWith('-') && target === undefined) target = a;
  }
  if (!target) return undefined;
  const name = target.replace(/^(deploy|deployment|deployments|pod|pods)\//, '');
  return { from: { kind: 'workload', namespace, name }, command: argv.slice(dashes + 1) };
}

/**
 * When the request why? explains was made: the last attempt of the check (its end, as the
 * engine last saw it), or the end of the step's own failed command; undefined when unknown.
 * The explanation must be of that request, against the configuration the sidecars had then.
 */
export function probeMoment(state: EngineState): number | undefined {
  const st = state.steps[state.current];
  if (!st) return undefined;
  if (st.failedAt !== 'action' && st.verification?.last) return st.verification.startedAt + st.verification.elapsedMs;
  return st.finishedAt;
}
