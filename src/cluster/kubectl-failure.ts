/**
 * kubectl exits 1 for every connection or configuration failure, so the only way to tell
 * "the cluster is down" from "that pod does not exist" is the text on stderr
 * (kubectl pkg/cmd/util/helpers.go). This turns it into one clear line.
 */
import { tellingLine } from '../text/telling-line.js';

export type KubectlFailureKind =
  /** "The connection to the server H was refused": the API server is not listening (cluster stopped). */
  | 'refused'
  /** "Unable to connect to the server: …": timeout, no route, DNS, TLS. */
  | 'unreachable'
  /** The named context is not in the kubeconfig. */
  | 'no-context'
  /** The kubeconfig is broken, or has no current context. */
  | 'config'
  /** The credentials were rejected. */
  | 'unauthorized';

export interface KubectlFailure {
  kind: KubectlFailureKind;
  /** kubectl's own line that showed it, trimmed. */
  line: string;
}

const patterns: readonly [KubectlFailureKind, RegExp][] = [
  ['refused', /^The connection to the server .+ was refused/],
  ['unreachable', /^Unable to connect to the server: /],
  ['unreachable', /^Error from server \(Timeout\)|context deadline exceeded|Client\.Timeout exceeded/],
  ['no-context', /context was not found for specified context|^error: context ".*" does not exist/],
  ['config', /^Error in configuration|current-context must exist|^error: no context exists|invalid configuration/],
  ['unauthorized', /^error: You must be logged in to the server/],
];

/**
 * Classifies kubectl's stderr. Undefined when it is an ordinary answer (NotFound, Forbidden,
 * a failing `kubectl exec`'s own output), which callers treat as data.
 */
export function classifyKubectlStderr(stderr: string): KubectlFailure | undefined {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^[EWI]\d{4} /.test(l)); // klog noise (memcache.go) says it again
  // The deciding line is usually the last; "Error in configuration:" is followed by "* …" details.
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    for (const [kind, re] of patterns) {
      if (!re.test(line)) continue;
      if (kind === 'config' && line === 'Error in configuration:' && lines[i + 1]) {
        return { kind, line: `Error in configuration: ${lines[i + 1]!.replace(/^\*\s*/, '')}` };
      }
      return { kind, line };
    }
  }
  return undefined;
}

/** One line for the learner: what failed, kubectl's words, and what to try. */
export function describeKubectlFailure(f: KubectlFailure, context: string, startHint?: string): string {
  const start = startHint ? `; is the cluster running? Try: ${startHint}` : '; run meshwalk doctor to see why';
  switch (f.kind) {
    case 'refused':
    case 'unreachable':
      return `cannot reach kube context "${context}": ${f.line}${start}`;
    case 'no-context':
      return `kube context "${context}" does not exist: list them with kubectl config get-contexts`;
    case 'config':
      return `kubeconfig problem for context "${context}": ${f.line}`;
    case 'unauthorized':
      return `kube context "${context}" rejected meshwalk's credentials: ${f.line}`;
  }
}

/** The line of a command's output where kubectl and minikube say what went wrong, trimmed (see tellingLine). */
export function lastLine(text: string): string | undefined {
  // The line that names the problem, not trailing advice ("ensure CRDs are installed first") or a
  // Warning: line; shown whole (these messages are one line of a report, not a screen cell).
  return tellingLine(text, Infinity) || undefined;
}
