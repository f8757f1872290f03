/**
 * Turns a verification probe into the request `meshwalk explain` needs, so "why?" can explain a
 * failed check: `kubectl exec deploy/sleep -n NS -- curl ... URL` is a request from NS/sleep,
 * a bare `curl ... URL` one from outside the cluster. Other probes have no request to explain.
 */
import type { EngineState } from '../engine/index.js';
import { ownActionSources, renderProbe, renderSource } from '../engine/commands.js';
import { displayCommand } from '../lesson/render.js';
import { tokenize } from '../lesson/tokenize.js';

/**
 * The current step's probe as written, with its vars' real values: what explain needs. The
 * shown probe is not it: tokens there are `$TOKEN` or cut short, and a real cluster adds
 * `--context`.
 */
export function probeLine(state: EngineState): string | undefined {
  const step = state.lesson.steps[state.current];
  if (!step) return undefined;
  // A step whose own command failed (a curl expecting 403 that saw 200) is explained the same
  // way as a failed check.
  const st = state.steps[state.current];
  if (st?.failedAt === 'action' || (st?.status === 'verifying' && st.verification?.phase === 'command')) {
    const last = ownActionSources(step).at(-1);
    const r = last ? renderSource(last, state.vars) : undefined;
    return r?.ok ? displayCommand(r.spec.argv) : undefined;
  }
  const r = step.verify ? renderProbe(step.verify, state.vars) : undefined;
  return r?.ok ? displayCommand(r.spec.argv) : undefined;
}

export interface ProbeRequest {
  /** `NS/NAME` of the client Deployment or Pod, or `outside`. */
  from: string;
  url: string;
  method?: string;
  headers: string[];
  /** curl's --resolve and --connect-to, so explain routes as the probe did. */
  resolve?: string[];
  connectTo?: string[];
}

/** The `meshwalk explain` flags for a probe command line, or undefined when it is not a curl request. */
export function probeRequest(display: string): ProbeRequest | undefined {
  const t = tokenize(display);
  if (!t.ok) return undefined;
  const argv = t.argv;
  let from = 'outside';
  let curl = argv;
  if (argv[0] === 'kubectl') {
    const exec = argv.indexOf('exec');
    const dashes = argv.indexOf('--');
    if (exec === -1 || dashes === -1) return undefined;
    const head = argv.slice(exec + 1, dashes);
    let ns = 'default';
    let target: string | undefined;
    for (let i = 0; i < head.length; i++) {
      const a = head[i] ?? '';
      if (a === '-n' || a === '--namespace') ns = head[++i] ?? ns;
      else if (a.startsWith('--namespace=')) ns = a.slice(12);
      else if (a === '-c' || a === '--container') i++;
      else if (!a.startsWith('-') && target === undefined) target = a;
    }
    if (!target) return undefined;
    from = `${ns}/${target.replace(/^(deploy|deployment|deployments|pod|pods)\//, '')}`;
    curl = argv.slice(dashes + 1);
  }
  if (curl[0] !== 'curl') return undefined;
  let url: string | undefined;
  let method: string | undefined;
  const headers: string[] = [];
  const resolve: string[] = [];
  const connectTo: string[] = [];
  for (let i = 1; i < curl.length; i++) {
    const a = curl[i] ?? '';
    if (a === '-X' || a === '--request') method = curl[++i];
    else if (a === '-H' || a === '--header') headers.push(curl[++i] ?? '');
    else if (a === '--resolve') resolve.push(curl[++i] ?? '');
    else if (a === '--connect-to') connectTo.push(curl[++i] ?? '');
    else if (
      a === '-o' ||
      a === '-w' ||
      a === '--write-out' ||
      a === '--output' ||
      a === '-m' ||
      a === '--max-time' ||
      a === '--cacert' ||
      a === '-d' ||
      a === '--data'
    )
      i++;
    else if (/^https?:\/\//.test(a) && url === undefined) url = a;
  }
  if (!url) return undefined;
  return {
    from,
    url,
    ...(method ? { method } : {}),
    headers,
    ...(resolve.length ? { resolve } : {}),
    ...(connectTo.length ? { connectTo } : {}),
  };
}

/** `meshwalk explain` arguments for a probe request. */
export function explainArgs(r: ProbeRequest): string[] {
  return [
    '--from',
    r.from,
    '--to',
    r.url,
    ...(r.method ? ['-X', r.method] : []),
    ...r.headers.flatMap((h) => ['-H', h]),
    ...(r.resolve ?? []).flatMap((x) => ['--resolve', x]),
    ...(r.connectTo ?? []).flatMap((x) => ['--connect-to', x]),
  ];
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
