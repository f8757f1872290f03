/**
 * `istioctl analyze [FILE...]` on the simulated cluster (istioctl/pkg/analyze/analyze.go, 1.24.0-1.30.3): the
 * effects around the pure analysis. Reads the flags and the files, takes the cluster's objects from the API
 * server (not the data plane's lagging view: istioctl reads Kubernetes), prints the messages and exits 79 when
 * one is at least as severe as --failure-threshold (log output only, as istioctl decides it).
 */
import { Output, type SimContext, notSimulated } from '../../context.js';
import type { ProcessResult } from '../../types.js';
import type { K8sObject } from '../../../kube/object.js';
import { istioMinor } from '../../versions.js';
import { loadYaml } from '../../yaml-lib.js';
import { resolveKind } from '../../kube/resources.js';
import { ANALYZERS } from './analyzers/index.js';
import { analyze } from './analyze.js';
import { parseFlags } from './flags.js';
import { gatherFiles } from './gather-files.js';
import { type OutputFormat, formatMessages } from './format.js';
import { KNOWN_CODES, LEVELS, type Level, type Message } from './messages.js';
import { type Resource, snapshot } from './resource.js';
import { readFile } from './file-source.js';

/** istioctl/cmd/sysexits.go ExitAnalyzerFoundIssues. */
export const EXIT_ANALYZER_FOUND_ISSUES = 79;
const EXIT_INCORRECT_USAGE = 64;

export async function istioctlAnalyze(words: readonly string[], ctx: SimContext): Promise<ProcessResult> {
  const out = new Output();
  const istio = ctx.store.data.istio;
  const minor = istioMinor(istio) ?? 0;
  if (minor < 24) {
    return notSimulated(`istioctl analyze on Istio ${istio}`, OLDER_RELEASES);
  }
  const parsed = parseFlags(words);
  if ('unsupported' in parsed) return notSimulated(`istioctl analyze ${parsed.unsupported}`, SUPPORTED_FLAGS);
  if ('error' in parsed) return out.err(parsed.error).done(1);
  const f = parsed.flags;
  const format = f.output.toLowerCase();
  if (!isFormat(format)) {
    const error = `Error: ${format} not a valid option for format. See istioctl analyze --help`;
    return out.err(error).done(EXIT_INCORRECT_USAGE);
  }
  if (f.listAnalyzers) return out.out(listAnalyzers()).done(0);
  if (f.recursive && minor >= 25) {
    return out.out(RECURSIVE_REMOVED).done(0);
  }
  const gathered = await gatherFiles(f.files, ctx, minor >= 25 || f.recursive, out);
  if ('result' in gathered) return gathered.result;
  let namespace = f.namespace ?? '';
  if (f.useKube) {
    namespace ||= 'default';
    if (!ctx.store.get('Namespace', undefined, namespace)) {
      return out.err(`namespace "${f.namespace ?? ''}" not found`).done(0);
    }
  }
  if (f.allNamespaces) namespace = '';
  else namespace ||= 'default';
  const yaml = await loadYaml();
  const fileResources: Resource[] = [];
  for (const file of gathered.files) {
    const schemaOf = (apiVersion: string, kind: string) => resolveKind(apiVersion, kind, istio);
    const r = readFile(yaml, file.name, file.text, { defaultNamespace: namespace, schemaOf });
    if ('unparsable' in r) {
      return notSimulated(`istioctl analyze of a file it cannot parse (${r.unparsable})`, UNPARSABLE);
    }
    fileResources.push(...r.resources);
  }
  const cluster = f.useKube ? clusterResources(ctx.store.data.objects) : [];
  const root = f.useKube ? ctx.view().rootNamespace : 'istio-system';
  const suppressions = f.suppress.map((s) => s.split('='));
  for (const s of suppressions) {
    if (s.length !== 2) {
      return out.err(`Error: ${s.join('=')} is not a valid suppression value. See istioctl analyze --help`).done(1);
    }
    if (!KNOWN_CODES.has(s[0] ?? '')) {
      const code = s[0] ?? '';
      out.err(`Warning: Supplied message code '${code}' is an unknown message code and will not have any effect.`);
    }
  }
  const messages = analyze(snapshot([cluster, fileResources], root), ANALYZERS, {
    namespace: f.allNamespaces ? undefined : namespace,
    suppressions: suppressions.map(([code = '', resource = '']) => ({ code, resource })),
    minor,
  });
  const shown = messages.filter((m) => atLeast(m.type.level, f.outputThreshold));
  const docsBase = `https://istio.io/v1.${minor}/docs/reference/config/analysis`;
  out.out(`${formatMessages(shown, format, { colorize: f.color ?? false, docsBase })}\n`);
  const target = f.allNamespaces ? 'all namespaces' : `namespace: ${namespace}`;
  if (shown.length === 0)
    out.err(
      successLine(
        gathered.files.map((x) => x.name),
        target,
        minor,
      ),
    );
  if (format === 'log' && messages.some((m: Message) => atLeast(m.type.level, f.failureThreshold))) {
    out.err(`Error: Analyzers found issues when analyzing ${target}.`);
    out.err(`See ${docsBase} for more information about causes and resolutions.`);
    return out.done(EXIT_ANALYZER_FOUND_ISSUES);
  }
  return out.done(0);
}

const SUPPORTED_FLAGS =
  'the simulator models -A, -n, -k/--use-kube, -o, --failure-threshold, --output-threshold, -L, --color, -S, -R, ' +
  '--timeout and --ignore-unknown';
const OLDER_RELEASES =
  'its messages are modelled from 1.24 on (older releases name resources and filter files differently)';
const UNPARSABLE =
  "its error comes from Go's YAML reader; fix the file, kubectl apply --dry-run=client -f FILE shows where";
const RECURSIVE_REMOVED =
  'The recursive flag has been removed and is hardcoded to true without explicitly specifying it.';

function isFormat(s: string): s is OutputFormat {
  return s === 'log' || s === 'json' || s === 'yaml';
}

function atLeast(level: Level, threshold: Level): boolean {
  return LEVELS.indexOf(level) <= LEVELS.indexOf(threshold);
}

/** AnalyzersAsString: sorted by name, each with its description. */
function listAnalyzers(): string {
  return [...ANALYZERS]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((a) => `* ${a.name}:\n    ${a.description}\n`)
    .join('');
}

/** The "✔" line; before 1.25 several files are joined by newlines into one sentence. */
function successLine(files: readonly string[], target: string, minor: number): string {
  if (files.length === 0) return `\u2714 No validation issues found when analyzing ${target}.`;
  if (files.length > 1 && minor >= 25) {
    return `\u2714 No validation issues found when analyzing:\n  - ${files.join('\n  - ')}`;
  }
  return `\u2714 No validation issues found when analyzing ${files.join('\n')}.`;
}

/**
 * The objects the cluster source reads: ConfigMaps only from istio-system named istio* (Istio's own), no Helm
 * release or service-account token Secrets (pkg/config/analysis/local/istiod_analyze.go).
 */
const isIstioConfigMap = (o: K8sObject) =>
  o.metadata.namespace === 'istio-system' && o.metadata.name.startsWith('istio');
const SKIPPED_SECRET_TYPES = new Set(['helm.sh/release.v1', 'kubernetes.io/service-account-token']);

function clusterResources(objects: readonly K8sObject[]): Resource[] {
  return objects
    .filter((o) => o.kind !== 'ConfigMap' || isIstioConfigMap(o))
    .filter((o) => o.kind !== 'Secret' || !SKIPPED_SECRET_TYPES.has(o.type ?? ''))
    .map((obj) => ({ obj: structuredClone(obj) }));
}
