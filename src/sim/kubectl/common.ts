/** What every kubectl subcommand shares: parsed flags, namespace, output, resource lookup. */
import type { SimContext } from '../context.js';
import { Output } from '../context.js';
import type { ProcessResult } from '../types.js';
import type { K8sObject } from '../../kube/object.js';
import { type ResourceType, resolveResourceName, typeOfKind } from '../kube/resources.js';
import { servedType } from '../kube/istio-crds.js';
import { type FlagSpec, type ParsedArgs, flag, parseArgs } from './flags.js';
import { badFlagValue, unknownFlag } from './flag-mistakes.js';

export interface Kctl extends SimContext {
  sub: string;
  args: ParsedArgs;
  /** The namespace from -n, or "default". */
  ns: string;
  /** Whether -n was given. */
  nsGiven: boolean;
  out: Output;
}

export type Sub = (k: Kctl) => Promise<ProcessResult>;

export function refuse(what: string, hint?: string): ProcessResult {
  return { stdout: '', stderr: `meshwalk sim: ${what} is not simulated${hint ? `; ${hint}` : ''}\n`, exitCode: 3 };
}

export function fail(out: Output, message: string): ProcessResult {
  return out.err(message).done(1);
}

/** Parses a subcommand's flags; a flag kubectl has but the simulator lacks is refused (exit 3). */
export function parseSub(ctx: SimContext, sub: string, words: readonly string[], spec: FlagSpec): Kctl | ProcessResult {
  const p = parseArgs(words, spec);
  if ('unknown' in p)
    return (
      unknownFlag(sub, p.unknown) ??
      refuse(`kubectl ${sub} flag ${p.unknown}`, `run \`kubectl ${sub} --help\` against a real cluster to see it`)
    );
  if ('missingValue' in p) {
    const f = p.missingValue;
    return {
      stdout: '',
      stderr: `error: flag needs an argument: ${f.startsWith('--') ? f : `'${f.slice(1)}' in ${f}`}\nSee 'kubectl ${sub} --help' for usage.\n`,
      exitCode: 1,
    };
  }
  const badValue = badFlagValue(sub, p);
  if (badValue) return badValue;
  const context = flag(p, 'context');
  // An empty --context is kubectl's default: the current context.
  if (context !== undefined && context !== '' && context !== 'minikube') {
    return {
      stdout: '',
      stderr: `Error in configuration: context was not found for specified context: ${context}\n`,
      exitCode: 1,
    };
  }
  const ns = flag(p, 'namespace');
  return { ...ctx, sub, args: p, ns: ns ?? 'default', nsGiven: ns !== undefined, out: new Output() };
}

export function isResult(x: unknown): x is ProcessResult {
  return typeof x === 'object' && x !== null && 'exitCode' in x;
}

/** Resolves a resource name typed by the user; the error is kubectl's, or a refusal. */
export function resolveType(k: Kctl, name: string): ResourceType | ProcessResult {
  const t = servedType(k.store.data, resolveResourceName(name, k.store.data.istio));
  if (!t) return fail(k.out, `error: the server doesn't have a resource type "${name}"`);
  if (t.notSimulated)
    return refuse(
      `kubectl ${k.sub} ${name}`,
      `the simulator models namespaces, pods, deployments, services, service accounts, secrets, config maps, nodes, RBAC roles and bindings and the Istio kinds`,
    );
  return t;
}

export function typeOf(k: SimContext, o: K8sObject): ResourceType | undefined {
  return typeOfKind(o.kind, k.store.data.istio);
}

export interface Target {
  type: ResourceType;
  name: string;
}

/** `TYPE NAME...` or `TYPE/NAME...` positionals (kubectl's resource builder). */
export function parseTargets(k: Kctl, words: readonly string[]): Target[] | ProcessResult {
  if (words.length === 0) return [];
  const first = words[0] ?? '';
  if (first.includes('/')) {
    const out: Target[] = [];
    for (const w of words) {
      const slash = w.indexOf('/');
      if (slash === -1)
        return fail(
          k.out,
          `error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl ${k.sub} resource/<resource_name>' instead of 'kubectl ${k.sub} resource resource/<resource_name>'`,
        );
      const t = resolveType(k, w.slice(0, slash));
      if (isResult(t)) return t;
      out.push({ type: t, name: w.slice(slash + 1) });
    }
    return out;
  }
  const out: Target[] = [];
  const types: ResourceType[] = [];
  for (const n of first.split(',')) {
    const t = resolveType(k, n);
    if (isResult(t)) return t;
    types.push(t);
  }
  for (const name of words.slice(1)) for (const t of types) out.push({ type: t, name });
  if (words.length === 1) for (const t of types) out.push({ type: t, name: '' });
  return out;
}

export function nsFor(k: Kctl, t: ResourceType): string | undefined {
  return t.namespaced ? k.ns : undefined;
}
