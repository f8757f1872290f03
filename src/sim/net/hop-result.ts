/**
 * What one hop to a pod gives back to the stage that sent it: an HTTP response (and which Envoy,
 * if any, last touched it) or a failed connection.
 */
import type { HttpResponse, NetFailure, TlsInfo } from './http.js';
import { endOf, type Path, type PathStage } from './path-trace.js';

export type HopResult =
  | { kind: 'response'; response: HttpResponse; viaEnvoy: 'none' | 'outbound' | 'inbound'; tls?: TlsInfo }
  | { kind: 'failure'; failure: NetFailure; tls?: TlsInfo };

/** Records the step that ends the request at `at` with this result, and returns it. */
export function endedHop(path: Path, at: PathStage, why: string, r: HopResult): HopResult {
  const ex =
    r.kind === 'response' ? { kind: 'response' as const, response: r.response, httpVersion: '1.1' as const } : r;
  path.steps.push({ at, why, ends: endOf(ex), depth: path.depth });
  return r;
}
