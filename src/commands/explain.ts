/**
 * `meshwalk explain`: why a request is allowed, denied (403), rejected (401) or reset — every
 * proxy hop's decision, stage by stage, against the simulated cluster (--state), manifests
 * (-f) or the current real cluster (--cluster current, read only).
 */
import type { Command, FlagOptions } from './command.js';
import type { ClusterView } from '../kube/cluster-view.js';
import type { K8sObject } from '../kube/object.js';
import type { Io } from '../io.js';
import { flagsRequest, type CurlRequest, type RequestFrom } from '../http/curl-request.js';
import { ExitCode, UserFacingError } from '../errors.js';
import { parseFlags } from './args.js';
import { parseAllDocuments } from 'yaml';

const usage = `Usage: meshwalk explain --from NS/DEPLOYMENT|outside --to URL [-X METHOD] [-H 'K: V']... [--token JWT]
                        [--state DIR | -f FILE... | --cluster sim|current]

Explains, step by step, what Istio does with one request: the sidecars on each side, the
DestinationRule or auto mTLS choice, the PeerAuthentication that applies and its mode, the peer
identity, the RequestAuthentication verdict on the token, every AuthorizationPolicy considered
(CUSTOM, DENY, ALLOW, AUDIT) with match or no match and why, and what curl finally sees.

Flags:
  --from NS/NAME       the client: a Deployment (or Pod) NAME in namespace NS, or "outside"
                       for your machine (requests to the ingress gateway)
  --to URL             e.g. http://httpbin.foo:8000/ip or https://minikube.me/books
  -X, --method M       HTTP method (default GET)
  -H, --header 'K: V'  a request header, repeatable
  --token JWT          send Authorization: Bearer JWT (see meshwalk token)
  --resolve H:P:ADDR   as curl --resolve: connect to ADDR for H:P (repeatable)
  --connect-to H1:P1:H2:P2  as curl --connect-to (repeatable)
  --state DIR          read the simulated cluster kept in DIR (as meshwalk sim --state DIR)
  -f, --file FILE      read policies and workloads from manifests, repeatable; a workload the
                       request names but the files lack is assumed (with a sidecar) and listed
  --cluster sim|current  the TUI's simulated cluster, or the current kube context's policies
                       (local clusters only; read only)
  Default: the cluster the TUI uses. That is the current kube context when it is local and
  answers, otherwise the simulated cluster the TUI keeps in sim/ under meshwalk's data directory
  (MESHWALK_HOME if set, else ~/.local/share/meshwalk on Linux, ~/Library/Application
  Support/meshwalk on macOS, %LOCALAPPDATA%\\meshwalk on Windows). The first line says which.
  --istio X.Y          Istio version for -f (default 1.24)
  --at MS              simulated cluster: explain the request as made at this moment (ms since
                       the epoch, within the last 60 s; default now), with the configuration
                       the sidecars had then
  --propagation MS     simulated cluster: how long config takes to reach the sidecars
                       (default: what the cluster was last run with)

Exit codes: 0 explained; 1 the request cannot be explained (no such workload); 2 bad usage;
4 the state directory or cluster is unusable.`;

/** The flags `main` parses (parseArgs options; `--help` is added by parseFlags). */
const flags = {
  from: { type: 'string' },
  to: { type: 'string' },
  method: { type: 'string', short: 'X' },
  header: { type: 'string', short: 'H', multiple: true },
  token: { type: 'string' },
  resolve: { type: 'string', multiple: true },
  'connect-to': { type: 'string', multiple: true },
  state: { type: 'string' },
  file: { type: 'string', short: 'f', multiple: true },
  cluster: { type: 'string' },
  istio: { type: 'string' },
  at: { type: 'string' },
  propagation: { type: 'string' },
} as const satisfies FlagOptions;

export const command: Command = {
  usage,
  flags,
  async main(argv, io) {
    const { values, positionals } = parseFlags('explain', argv, flags);
    if (positionals.length)
      throw new UserFacingError(
        `meshwalk explain: unexpected argument "${positionals[0]}" (see meshwalk explain --help)`,
        ExitCode.usage,
      );
    if (!values.from || !values.to)
      throw new UserFacingError(
        'meshwalk explain: --from and --to are required (see meshwalk explain --help)',
        ExitCode.usage,
      );
    const sources = [values.state !== undefined, (values.file?.length ?? 0) > 0, values.cluster !== undefined].filter(
      Boolean,
    ).length;
    if (sources > 1)
      throw new UserFacingError(
        'meshwalk explain: give at most one of --state DIR, -f FILE, --cluster sim|current',
        ExitCode.usage,
      );
    const from = parseFrom(values.from);
    const request = flagsRequest(from, {
      url: values.to,
      method: values.method,
      headers: values.header,
      token: values.token,
      resolve: values.resolve,
      connectTo: values['connect-to'],
    });
    let view: ClusterView;
    let assumptions: string[] = [];
    const at = values.at === undefined ? undefined : wholeMs('at', values.at);
    const moment = {
      ...(at !== undefined ? { at } : {}),
      ...(values.propagation !== undefined ? { propagationMs: wholeMs('propagation', values.propagation) } : {}),
    };
    const notes: string[] = [];
    const simView = async (dir: string) => {
      const s = await stateView(dir, io.cwd, moment);
      notes.push(...s.notes);
      return s.view;
    };
    if (values.state !== undefined) view = await simView(values.state);
    else if (values.cluster === 'sim') view = await simView(await tuiSimDir(io.env));
    else if (values.cluster !== undefined) view = await realView(values.cluster, io);
    else if (sources === 0) {
      const chosen = await tuiCluster(io);
      io.stderr.write(`${chosen.line}\n`);
      view = chosen.kind === 'sim' ? await simView(await tuiSimDir(io.env)) : await realView('current', io);
    } else {
      const built = await filesView(values.file ?? [], io.cwd, from, values.to, values.istio);
      view = built.view;
      assumptions = built.assumptions;
    }
    const r = await decide(view, request);
    if (!r.ok) {
      io.stderr.write(`meshwalk explain: ${r.error}\n`);
      return ExitCode.failed;
    }
    io.stdout.write(`${assumptions.map((a) => `${a}\n`).join('')}${r.text}\n${notes.map((n) => `\n${n}\n`).join('')}`);
    return ExitCode.ok;
  },
};

/** Where why? reads the cluster: the simulated one kept in `state` (as of `at`), or the current kube context. */
export type ExplainWhere = { state: string; at?: number } | { cluster: 'current' };

/**
 * What `meshwalk explain` prints for one request (the TUI's why? asks it for the request its probe
 * made), or why it cannot be explained.
 */
export async function explainOn(
  request: CurlRequest,
  where: ExplainWhere,
  io: Io,
): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  const { view, notes } =
    'state' in where
      ? await stateView(where.state, io.cwd, where.at !== undefined ? { at: where.at } : {})
      : { view: await realView(where.cluster, io), notes: [] };
  const r = await decide(view, request);
  if (!r.ok) return { ok: false, error: `meshwalk explain: ${r.error}` };
  return { ok: true, text: `${r.text}\n${notes.map((n) => `\n${n}\n`).join('')}` };
}

/** explain's decision on `request` in `view`. */
async function decide(view: ClusterView, request: CurlRequest) {
  const { explainCurl } = await import('../sim/net/explain-request.js');
  // The mesh config's extension providers (CUSTOM) are YAML, read synchronously by the network.
  const { meshText, needsYaml } = await import('../sim/proxy/mesh-settings.js');
  if (needsYaml(meshText(view))) await (await import('../sim/yaml-lib.js')).loadYaml();
  return explainCurl(view, request);
}

function parseFrom(text: string): RequestFrom {
  if (text === 'outside') return { kind: 'outside' };
  const m = /^([a-z0-9-]+)\/([a-z0-9.-]+)$/.exec(text);
  if (!m)
    throw new UserFacingError(
      `meshwalk explain: --from takes NS/DEPLOYMENT or "outside", got "${text}"`,
      ExitCode.usage,
    );
  return { kind: 'workload', namespace: m[1]!, name: m[2]! };
}

/** Where the TUI keeps its simulated cluster. */
async function tuiSimDir(env: Record<string, string | undefined>): Promise<string> {
  const [{ dataDir }, { join }] = await Promise.all([import('../progress/data-dir.js'), import('node:path')]);
  return join(dataDir(env), 'sim');
}

/** The cluster the TUI would choose with no --cluster (explain only reads it). */
async function tuiCluster(io: { env: Record<string, string | undefined>; cwd: string }) {
  const [{ selectCluster }, { dataDir }] = await Promise.all([
    import('../cluster/select.js'),
    import('../progress/data-dir.js'),
  ]);
  return selectCluster({ env: io.env, cwd: io.cwd, dataDir: dataDir(io.env) });
}

function wholeMs(flag: string, value: string): number {
  if (!/^\d+$/.test(value))
    throw new UserFacingError(`meshwalk explain: --${flag} takes whole milliseconds, not "${value}"`, ExitCode.usage);
  return Number(value);
}

/**
 * The simulated cluster as the sidecars saw it at `at` (default now): Istio config as of
 * `propagationMs` earlier, the delay the cluster runs with, plus notes on config still on its way.
 */
async function stateView(
  dir: string,
  cwd: string,
  o: { at?: number; propagationMs?: number } = {},
): Promise<{ view: ClusterView; notes: string[] }> {
  const { resolve } = await import('node:path');
  const { loadState } = await import('../sim/persist.js');
  const { Store } = await import('../sim/kube/store.js');
  const { clusterView } = await import('../sim/kube/view.js');
  const path = resolve(cwd, dir);
  const loaded = loadState(path);
  if (loaded.kind === 'missing')
    throw new UserFacingError(
      `meshwalk explain: no simulated cluster in ${path} (create one with meshwalk sim --state ${dir} -- kubectl get ns)`,
      ExitCode.environment,
    );
  if (loaded.kind === 'bad') throw new UserFacingError(`meshwalk explain: ${loaded.message}`, ExitCode.environment);
  const now = Math.max(Date.now(), loaded.data.created);
  const at = Math.min(now, o.at ?? now);
  const propagationMs = o.propagationMs ?? loaded.data.propagationMs;
  const { configInFlight, describeInFlight } = await import('../sim/kube/config-in-flight.js');
  const store = new Store(loaded.data, at);
  const notes = describeInFlight(configInFlight(loaded.data, at, propagationMs), at, propagationMs, now);
  return { view: clusterView(store, propagationMs), notes };
}

/** Seam for the real-cluster reader (cluster/real-view.ts): the current (local) kube context, read only. */
async function realView(
  which: string,
  io: { env: Record<string, string | undefined>; cwd: string },
): Promise<ClusterView> {
  if (which !== 'current')
    throw new UserFacingError(`meshwalk explain: --cluster takes sim or current, got "${which}"`, ExitCode.usage);
  const { resolveRealCluster } = await import('../cluster/context.js');
  const { loadRealView } = await import('../cluster/real-view.js');
  const r = await resolveRealCluster({ env: io.env, cwd: io.cwd });
  if (!r.ok) throw new UserFacingError(`meshwalk explain: ${r.reason}`, ExitCode.environment);
  return loadRealView(r.cluster);
}

async function filesView(
  files: readonly string[],
  cwd: string,
  from: ReturnType<typeof parseFrom>,
  to: string,
  istio: string | undefined,
) {
  const { readFile } = await import('node:fs/promises');
  const { resolve } = await import('node:path');
  const { fileView } = await import('../sim/net/file-view.js');
  const objects: K8sObject[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = await readFile(resolve(cwd, f), 'utf8');
    } catch (e) {
      throw new UserFacingError(
        `meshwalk explain: cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        ExitCode.usage,
      );
    }
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length) {
        const err = doc.errors[0]!;
        const [line, col] = err.linePos?.[0] ? [err.linePos[0].line, err.linePos[0].col] : [1, 1];
        throw new UserFacingError(`${f}:${line}:${col}: ${err.message.split('\n')[0]}`, ExitCode.usage);
      }
      const o = doc.toJS() as K8sObject | null;
      if (o && typeof o === 'object' && o.kind && o.metadata?.name) objects.push(o);
    }
  }
  const needs: { namespace: string; name: string; port?: number }[] = [];
  if (from.kind === 'workload') needs.push({ namespace: from.namespace, name: from.name });
  try {
    const u = new URL(/^https?:\/\//.test(to) ? to : `http://${to}`);
    const parts = u.hostname.split('.');
    if (parts.length >= 2 && from.kind === 'workload' && !/^(\d+|com|org|net|io|dev|me|edu)$/.test(parts[1]!))
      needs.push({
        namespace: parts[1]!,
        name: parts[0]!,
        port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)),
      });
    else if (parts.length === 1 && from.kind === 'workload')
      needs.push({ namespace: from.namespace, name: parts[0]!, port: Number(u.port || 80) });
  } catch {
    // explainRequest reports the bad URL.
  }
  return fileView(objects, needs, istio ? { istioVersion: istio } : {});
}
