/**
 * The path of one request through the simulated network, as data: every stage it passes
 * (resolve, the client's sidecar, routing, connect, a gateway, the server's sidecar, the app or
 * the server outside) appends a step, and whatever ends the request there (an HTTP answer, a
 * refused or reset connection, a failed handshake) is itself a step that names the outcome.
 * `explain` renders the steps; nothing else keeps a second account of what happened.
 */
import type { ClusterView } from '../types.js';
import type { Decision, MeshConfig } from '../mesh/index.js';
import type { Exchange } from './http.js';

/** Where on the path a step happened, in the order a request meets them. */
export type PathStage =
  | 'resolve'
  | 'client-sidecar'
  /** VirtualService routing in a proxy (the client's sidecar or a gateway). */
  | 'route'
  | 'connect'
  | 'ingress-gateway'
  | 'egress-gateway'
  | 'server-sidecar'
  | 'app'
  /** A server outside the cluster (httpbin.org, edition.cnn.com). */
  | 'outside';

/** What the client sees next because of a step: an HTTP status, or curl's exit code with no status (000). */
export type PathEnd = { kind: 'status'; status: number } | { kind: 'failure'; curlCode: number };

export interface PathStep {
  at: PathStage;
  /** Human summary, no trailing period. */
  why: string;
  /** The mesh engine's decision, when the step is one proxy's decision. */
  decision?: Decision;
  /** Set on the step that produced what the client sees from here on. */
  ends?: PathEnd;
  /** Application calls deep (0: the client's own request; 1: a call its server made, ...). */
  depth: number;
}

/** The request's running account, threaded through the stages (no module state). */
export interface Path {
  view: ClusterView;
  mesh: MeshConfig;
  /** How many application calls deep this request is (0 for the learner's own). */
  depth: number;
  /** Shared with the nested calls of applications, which append at their own depth. */
  steps: PathStep[];
  /** Lines the simulated program prints on stderr (a guessed application model, ...). */
  notices: string[];
}

export function newPath(view: ClusterView, mesh: MeshConfig): Path {
  return { view, mesh, depth: 0, steps: [], notices: [] };
}

/** The same account one application call deeper (an app's own outbound request). */
export function deeper(path: Path): Path {
  return { ...path, depth: path.depth + 1 };
}

export function note(path: Path, at: PathStage, why: string): void {
  path.steps.push({ at, why, depth: path.depth });
}

export function noteDecision(path: Path, at: PathStage, decision: Decision): void {
  path.steps.push({ at, why: `${at} decision`, decision, depth: path.depth });
}

export function endOf(ex: Exchange): PathEnd {
  return ex.kind === 'response'
    ? { kind: 'status', status: ex.response.status }
    : { kind: 'failure', curlCode: ex.failure.curlCode };
}

/** Records that `ex` is what the client sees from this stage on, and returns it. */
export function ended<E extends Exchange>(path: Path, at: PathStage, why: string, ex: E): E {
  path.steps.push({ at, why, ends: endOf(ex), depth: path.depth });
  return ex;
}

/** The last step at `depth` that names an outcome. */
export function lastEnding(steps: readonly PathStep[], depth = 0): PathStep | undefined {
  for (let i = steps.length - 1; i >= 0; i--) if (steps[i]!.depth === depth && steps[i]!.ends) return steps[i];
  return undefined;
}

export function sameEnd(a: PathEnd | undefined, b: PathEnd): boolean {
  if (!a || a.kind !== b.kind) return false;
  return a.kind === 'status' ? a.status === (b as typeof a).status : a.curlCode === (b as typeof a).curlCode;
}
