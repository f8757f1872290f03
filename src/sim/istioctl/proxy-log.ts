/**
 * `istioctl proxy-config log POD [--level L | -r]` (istioctl/pkg/proxyconfig/proxyconfig.go
 * logCmd, 1.24.0). istioctl's own argument errors are given as it gives them; the command itself
 * is refused: it prints the reply of Envoy's /logging endpoint, one line per logger Envoy
 * registers (source/common/common/logger.h ALL_LOGGER_IDS), a list that changes with every Envoy
 * release and is not in the simulator, and the debug lines it turns on would only show in
 * `kubectl logs -c istio-proxy`, which is not simulated either.
 */
import { Output, type SimContext, notSimulated } from '../context.js';
import type { ProcessResult } from '../types.js';

/** proxyconfig.go stringToLevel. */
const LEVELS = new Set(['trace', 'debug', 'info', 'warning', 'warn', 'error', 'critical', 'off']);

export function proxyLog(words: readonly string[], ctx: SimContext): ProcessResult {
  const out = new Output();
  let level: string | undefined;
  let reset = false;
  let selector: string | undefined;
  let ns: string | undefined;
  const args: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if (w === '--level') level = words[++i] ?? '';
    else if (w.startsWith('--level=')) level = w.slice(8);
    else if (w === '-r' || w === '--reset') reset = true;
    else if (w === '-l' || w === '--selector') selector = words[++i] ?? '';
    else if (w === '-n' || w === '--namespace') ns = words[++i];
    else if (w.startsWith('--namespace=')) ns = w.slice(12);
    else if (w.startsWith('-')) return notSimulated(`istioctl proxy-config log ${w.split('=')[0] ?? w}`);
    else args.push(w);
  }
  if (selector === undefined && args.length < 1) return out.err('Error: log requires pod name or --selector').done(1);
  if (reset && level) return out.err('Error: --level cannot be combined with --reset').done(1);
  for (const part of (level ?? '').split(',').filter((p) => p !== '')) {
    const lv = /[:=]/.test(part) ? (part.split('::').at(-1) ?? '').split(/[:=]/, 2)[1] ?? '' : part;
    if (!LEVELS.has(lv)) return out.err(`Error: unrecognized logging level: ${lv}`).done(1);
  }
  const target = args[0] ?? `-l ${selector ?? ''}`;
  return notSimulated(
    `istioctl proxy-config log ${target}${ns ? ` -n ${ns}` : ''}`,
    `it prints Envoy's logger list, which differs by Envoy release (Istio ${ctx.store.data.istio} here), and the logs it changes (kubectl logs -c istio-proxy) are not simulated`,
  );
}
