/**
 * `kubectl create namespace|serviceaccount|configmap|deployment|secret generic|secret tls` and
 * `create -f`; `--dry-run=client -o yaml` prints the object without creating it, as kubectl does.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, basename } from 'node:path';
import type { K8sObject } from '../../kube/object.js';
import { serverCreate } from '../kube/api.js';
import { type KubectlError, formatApiError, formatKubectlErrors, isApiError } from '../kube/api-error.js';
import { type ResourceType, qualifiedSingular, typeOfKind } from '../kube/resources.js';
import { flag } from './flags.js';
import { type Kctl, fail, refuse } from './common.js';
import { missingTypeInfo, readManifests } from './manifests.js';
import { mappingError, namespaceFor, typeForManifest } from './apply.js';
import { parseOutput, printMachine, sortKeys } from './output.js';
import { checkTlsPair } from './tls.js';

export const CREATE_FLAGS = {
  filename: { value: true, short: 'f' },
  'dry-run': { value: true },
  output: { value: true, short: 'o' },
  'from-literal': { value: true },
  'from-file': { value: true },
  type: { value: true },
  cert: { value: true },
  key: { value: true },
  image: { value: true },
  replicas: { value: true, short: 'r' },
  port: { value: true },
  'save-config': { value: false },
  validate: { value: true },
} as const;

function b64(s: string | Buffer): string {
  return Buffer.from(s).toString('base64');
}

function readLocal(k: Kctl, path: string): Buffer | { error: string } {
  try {
    return readFileSync(isAbsolute(path) ? path : join(k.cwd, path));
  } catch {
    return { error: `error: Cannot read file ${path}, open ${path}: no such file or directory` };
  }
}

/** Builds the object a `create <generator>` makes, or an error. */
function generate(k: Kctl, what: string, words: string[]): K8sObject | { error: string } | { refuse: string } {
  const nameArg = (sub: string): string | { error: string } =>
    words.length === 1
      ? (words[0] ?? '')
      : {
          error: `error: exactly one NAME is required, got ${words.length}\nSee 'kubectl create ${sub} -h' for help and examples`,
        };
  const meta = (name: string, namespaced: boolean) => ({
    name,
    ...(namespaced && k.nsGiven ? { namespace: k.ns } : {}),
  });
  switch (what) {
    case 'namespace':
    case 'ns': {
      const n = nameArg('namespace');
      return typeof n === 'string' ? { apiVersion: 'v1', kind: 'Namespace', metadata: meta(n, false) } : n;
    }
    case 'serviceaccount':
    case 'sa': {
      const n = nameArg('serviceaccount');
      return typeof n === 'string' ? { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(n, true) } : n;
    }
    case 'configmap':
    case 'cm':
    case 'secret': {
      let kind = what === 'secret' ? 'Secret' : 'ConfigMap';
      let rest = words;
      let sub: string = what;
      if (what === 'secret') {
        sub = `secret ${words[0] ?? ''}`;
        if (words[0] === 'docker-registry') return { refuse: 'kubectl create secret docker-registry' };
        if (words[0] !== 'generic' && words[0] !== 'tls')
          return { error: `error: unknown command "${words[0] ?? ''}" for "kubectl create secret"` };
        rest = words.slice(1);
      }
      const name = rest.length === 1 ? (rest[0] ?? '') : undefined;
      if (name === undefined)
        return {
          error: `error: exactly one NAME is required, got ${rest.length}\nSee 'kubectl create ${sub.trim()} -h' for help and examples`,
        };
      const data: Record<string, string> = {};
      if (words[0] === 'tls') {
        const cert = flag(k.args, 'cert');
        const key = flag(k.args, 'key');
        if (!cert || !key) return { error: 'error: key and cert must be specified' };
        const c = readLocal(k, cert);
        if ('error' in c) return c;
        const kk = readLocal(k, key);
        if ('error' in kk) return kk;
        const bad = checkTlsPair(c.toString('utf8'), kk.toString('utf8'));
        if (bad) return { error: `error: ${bad}` };
        return {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: meta(name, true),
          type: 'kubernetes.io/tls',
          data: { 'tls.crt': b64(c), 'tls.key': b64(kk) },
        };
      }
      for (const lit of k.args.flags.get('from-literal') ?? []) {
        const eq = lit.indexOf('=');
        if (eq <= 0) return { error: `error: invalid literal source ${lit}, expected key=value` };
        const v = lit.slice(eq + 1);
        data[lit.slice(0, eq)] = kind === 'Secret' ? b64(v) : v;
      }
      for (const spec of k.args.flags.get('from-file') ?? []) {
        const eq = spec.indexOf('=');
        const path = eq === -1 ? spec : spec.slice(eq + 1);
        const content = readLocal(k, path);
        if ('error' in content) return { error: `error: error reading ${path}: no such file or directory` };
        data[eq === -1 ? basename(path) : spec.slice(0, eq)] =
          kind === 'Secret' ? b64(content) : content.toString('utf8');
      }
      const obj: K8sObject = {
        apiVersion: 'v1',
        kind,
        metadata: meta(name, true),
        ...(Object.keys(data).length ? { data } : {}),
      };
      const type = flag(k.args, 'type');
      if (type && kind === 'Secret') obj.type = type;
      kind = obj.kind;
      return obj;
    }
    case 'deployment':
    case 'deploy': {
      const n = nameArg('deployment');
      if (typeof n !== 'string') return n;
      const image = flag(k.args, 'image');
      if (!image) return { error: `error: required flag(s) "image" not set` };
      const container = basename(image).split(/[:@]/)[0] ?? n;
      const port = flag(k.args, 'port');
      return {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { ...meta(n, true), labels: { app: n } },
        spec: {
          replicas: Number(flag(k.args, 'replicas') ?? 1),
          selector: { matchLabels: { app: n } },
          strategy: {},
          template: {
            metadata: { labels: { app: n } },
            spec: {
              containers: [
                {
                  image,
                  name: container,
                  ...(port ? { ports: [{ containerPort: Number(port) }] } : {}),
                  resources: {},
                },
              ],
            },
          },
        },
        status: {},
      };
    }
    default:
      return { refuse: `kubectl create ${what}` };
  }
}

export async function create(k: Kctl) {
  const dry = flag(k.args, 'dry-run');
  if (dry !== undefined && dry !== 'client' && dry !== 'none') return refuse(`kubectl create --dry-run=${dry}`);
  const dryRun = dry === 'client';
  const format = parseOutput(flag(k.args, 'output'));
  if ('unsupported' in format || (format.kind === 'table' && format.wide))
    return refuse(`kubectl create -o ${flag(k.args, 'output') ?? ''}`);
  const files = k.args.flags.get('filename') ?? [];
  if (files.length > 0) return createFromFiles(k, files, dryRun);
  const [what, ...words] = k.args.positionals;
  if (!what) return fail(k.out, `error: must specify one of -f and -k`);
  const obj = generate(k, what, words);
  if ('refuse' in obj) return refuse(obj.refuse as string);
  if ('error' in obj) return fail(k.out, obj.error as string);
  const type = typeOfKind(obj.kind, k.store.data.istio) as ResourceType;
  if (dryRun) {
    obj.metadata = { ...obj.metadata, creationTimestamp: null } as unknown as K8sObject['metadata'];
    if (obj.kind === 'Namespace') Object.assign(obj, { spec: {}, status: {} });
    if (format.kind === 'table')
      return k.out.out(`${qualifiedSingular(type)}/${obj.metadata.name} created (dry run)`).done(0);
    const r = await printMachine(format, [sortKeys(obj) as K8sObject], true, () => type);
    if ('error' in r) return fail(k.out, r.error);
    k.out.stdout += r.out;
    return k.out.done(0);
  }
  if (type.namespaced) obj.metadata.namespace = k.ns;
  delete obj.status;
  const r = serverCreate(k.store, type, obj);
  if (isApiError(r)) return fail(k.out, formatApiError(r));
  if (format.kind === 'table') return k.out.out(`${qualifiedSingular(type)}/${r.metadata.name} created`).done(0);
  const p = await printMachine(format, [r], true, () => type);
  if ('error' in p) return fail(k.out, p.error);
  k.out.stdout += p.out;
  return k.out.done(0);
}

async function createFromFiles(k: Kctl, files: string[], dryRun: boolean) {
  if (dryRun) return refuse('kubectl create -f --dry-run');
  const read = await readManifests(files, k);
  if ('notSimulated' in read) return refuse(read.notSimulated);
  if ('error' in read) return fail(k.out, read.error);
  // The builder continues on error: errors are printed at the end, a lone one as checkErr prints it,
  // several as MultipleErrors does (api-error.ts), like kubectl apply.
  const errors: KubectlError[] = [];
  for (const m of read.manifests) {
    const bad = missingTypeInfo(m);
    if (bad) return fail(k.out, bad);
    const type = typeForManifest(k, m);
    if ('refuse' in type) return refuse(`kubectl create of ${type.refuse}`);
    if ('mapping' in type) {
      errors.push(mappingError(m));
      continue;
    }
    const ns = namespaceFor(k, type, m);
    if (typeof ns === 'object') return fail(k.out, ns.error);
    const obj = structuredClone(m.obj);
    if (ns) obj.metadata.namespace = ns;
    const warnings: string[] = [];
    const r = serverCreate(k.store, type, obj, false, warnings);
    for (const w of warnings) k.out.err(`Warning: ${w}`);
    if (isApiError(r)) errors.push({ api: r, wrap: `error when creating "${m.source}"` });
    else k.out.out(`${qualifiedSingular(type)}/${r.metadata.name} created`);
  }
  for (const line of formatKubectlErrors(errors)) k.out.err(line);
  return k.out.done(errors.length > 0 ? 1 : 0);
}
