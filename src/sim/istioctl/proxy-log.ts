/**
 * `istioctl proxy-config log POD [--level L | -r]` (alias `o`; istioctl/pkg/proxyconfig/proxyconfig.go
 * logCmd, 1.24.0): POSTs to the proxy's Envoy /logging endpoint and prints its reply, the level of
 * every logger, under `POD.NS:`. `--level rbac:debug,http:info` sets those loggers, `--level debug`
 * all of them, `-r` resets all to `warning`. Envoy keeps the levels until the pod restarts, so they
 * are remembered per pod; the debug lines they let through show in `kubectl logs -c istio-proxy`
 * (kube/proxy-logs.ts).
 */
import { Output, type SimContext, notSimulated } from '../context.js';
import type { ProcessResult } from '../types.js';
import type { K8sObject } from '../../kube/object.js';
import { findPod } from './proxy-target.js';
import { ENVOY_LOGGERS, activeLoggers, defaultLevels } from './envoy-loggers.js';

/** proxyconfig.go stringToLevel, to the names levelToString prints. */
const LEVELS: Record<string, string> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warning: 'warning',
  warn: 'warning',
  error: 'error',
  critical: 'critical',
  off: 'off',
};

type Change = { all?: string; loggers: Record<string, string> } | { error: string };

/** The `--level` argument as logCmd reads it. */
function parseLevel(level: string): Change {
  const loggers: Record<string, string> = {};
  let all: string | undefined;
  for (const ol of level.split(',')) {
    if (!ol.includes(':') && !ol.includes('=')) {
      const lv = LEVELS[ol];
      if (!lv) return { error: `unrecognized logging level: ${ol}` };
      all = lv;
      continue;
    }
    const only = ol.split('::').at(-1) ?? '';
    const cut = only.search(/[:=]/);
    const [name, lvName] = [only.slice(0, cut), only.slice(cut + 1)];
    // strings.Contains(loggerName, name): loggerName is the listing Envoy returned first.
    if (name !== 'level' && !activeLoggers(defaultLevels()).includes(name))
      return { error: `unrecognized logger name: ${name}` };
    const lv = LEVELS[lvName];
    if (!lv) return { error: `unrecognized logging level: ${lvName}` };
    if (name === 'level') all = lv;
    else loggers[name] = lv;
  }
  return { ...(all ? { all } : {}), loggers };
}

export function proxyLog(words: readonly string[], ctx: SimContext): ProcessResult {
  const out = new Output();
  let level: string | undefined;
  let reset = false;
  let ns: string | undefined;
  const args: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if (w === '--level') level = words[++i] ?? '';
    else if (w.startsWith('--level=')) level = w.slice(8);
    else if (w === '-r' || w === '--reset') reset = true;
    else if (w === '-n' || w === '--namespace') ns = words[++i];
    else if (w.startsWith('--namespace=')) ns = w.slice(12);
    else if (w.startsWith('-')) return notSimulated(`istioctl proxy-config log ${w.split('=')[0] ?? w}`);
    else args.push(w);
  }
  if (args.length < 1) return out.err('Error: log requires pod name or --selector').done(1);
  if (reset && level) return out.err('Error: --level cannot be combined with --reset').done(1);
  const found = findPod(ctx, args[0] ?? '', ns ?? 'default', false);
  if ('result' in found) return found.result;
  const change: Change = reset ? { all: 'warning', loggers: {} } : level ? parseLevel(level) : { loggers: {} };
  if ('error' in change) return out.err(`Error: ${change.error}`).done(1);
  const levels = applyChange(ctx, found.pod, change);
  return out
    .out(`${found.pod.metadata.name}.${found.pod.metadata.namespace ?? 'default'}:\n${activeLoggers(levels)}`)
    .done(0);
}

function applyChange(
  ctx: SimContext,
  pod: K8sObject,
  change: { all?: string; loggers: Record<string, string> },
): Record<string, string> {
  const key = pod.metadata.uid ?? `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
  const levels = { ...defaultLevels(), ...(ctx.store.data.proxyLogLevels?.[key] ?? {}) };
  if (change.all) for (const l of ENVOY_LOGGERS) levels[l] = change.all;
  Object.assign(levels, change.loggers);
  if (change.all || Object.keys(change.loggers).length > 0) {
    // Only pods that still exist keep an entry.
    const live = new Set(ctx.store.list('Pod').map((p) => p.metadata.uid));
    const kept = Object.fromEntries(
      Object.entries(ctx.store.data.proxyLogLevels ?? {}).filter(([uid]) => live.has(uid)),
    );
    ctx.store.data.proxyLogLevels = { ...kept, [key]: levels };
    ctx.store.dirty = true;
  }
  return levels;
}
