/**
 * The analysis itself, pure: snapshot in, messages out, as pkg/config/analysis/local/istiod_analyze.go runs it.
 * Every analyzer sees every namespace; the messages are then kept for the analysed namespace (cluster-scoped
 * resources always), minus those a `galley.istio.io/analyze-suppress` annotation or a `-S` suppression names,
 * sorted and de-duplicated (diag/messages.go SortedDedupedCopy).
 */
import type { Analyzer } from './analyzer.js';
import { LEVELS, type Message, friendlyName, messageString } from './messages.js';
import { type Snapshot, namespaceOf } from './resource.js';

export interface AnalyzeOptions {
  /** Keep messages of this namespace only; undefined for all namespaces (-A). */
  namespace?: string;
  /** `-S CODE=RESOURCE` pairs; RESOURCE is a glob over "Kind ns/name" (istioctl's help still writes "Pod NAME.NS"). */
  suppressions?: readonly { code: string; resource: string }[];
  /** The Istio minor release. */
  minor: number;
}

const SUPPRESS_ANNOTATION = 'galley.istio.io/analyze-suppress';

export function analyze(snapshot: Snapshot, analyzers: readonly Analyzer[], options: AnalyzeOptions): Message[] {
  const found: Message[] = [];
  for (const a of analyzers) a.analyze({ snapshot, minor: options.minor, report: (m) => found.push(m) });
  const kept = found.filter((m) => keep(m, options));
  kept.sort(compare);
  return kept.filter((m, i) => i === 0 || messageString(kept[i - 1] as Message) !== messageString(m));
}

function keep(m: Message, o: AnalyzeOptions): boolean {
  const r = m.resource;
  if (!r) return true;
  const ns = namespaceOf(r.obj);
  if (o.namespace !== undefined && ns && ns !== o.namespace) return false;
  const codes = r.obj.metadata.annotations?.[SUPPRESS_ANNOTATION];
  if (codes && codes.split(',').some((c) => c === '*' || c === m.type.code)) return false;
  return !(o.suppressions ?? []).some((s) => s.code === m.type.code && glob(s.resource, friendlyName(r)));
}

/** Level, code, then "Kind/name/namespace", then the whole line (cluster names are all alike here). */
function compare(a: Message, b: Message): number {
  if (a.type.level !== b.type.level) return LEVELS.indexOf(a.type.level) - LEVELS.indexOf(b.type.level);
  if (a.type.code !== b.type.code) return a.type.code < b.type.code ? -1 : 1;
  if (!a.resource !== !b.resource) return a.resource ? 1 : -1;
  const ca = comparator(a);
  const cb = comparator(b);
  if (ca !== cb) return ca < cb ? -1 : 1;
  const sa = messageString(a);
  const sb = messageString(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function comparator(m: Message): string {
  const o = m.resource?.obj;
  return o ? `${o.kind}/${o.metadata.name}/${o.metadata.namespace ?? ''}` : '';
}

/** github.com/ryanuber/go-glob: `*` matches any run of characters, nothing else is special. */
function glob(pattern: string, subj: string): boolean {
  if (pattern === '') return subj === '';
  if (pattern === '*') return true;
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === subj;
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  if (!subj.startsWith(first)) return false;
  let at = first.length;
  for (const p of parts.slice(1, -1)) {
    const i = subj.indexOf(p, at);
    if (i < 0) return false;
    at = i + p.length;
  }
  return subj.length - at >= last.length && subj.endsWith(last);
}
