/**
 * Renders a decision trace for people (`meshwalk explain`, the TUI's "why?" panel). Separate from
 * the engine so the engine never formats text and the renderer never decides anything.
 */
import type { Decision, Mismatch, Outcome, Stage, TraceEntry } from './model.js';
import { assertNever } from '../../errors.js';

const stageLabel: Record<Stage, string> = {
  sidecars: 'sidecars',
  egress: 'egress',
  'client-tls': 'client TLS',
  'peer-authn': 'peer authn',
  mtls: 'identity',
  'request-authn': 'request authn',
  'authz-scope': 'authz scope',
  'authz-custom': 'authz CUSTOM',
  'authz-deny': 'authz DENY',
  'authz-allow': 'authz ALLOW',
  'authz-audit': 'authz AUDIT',
  outcome: 'decision',
};

/** One line per stage, numbered, with mismatch details indented under non-matching policies. */
export function renderTrace(trace: readonly TraceEntry[]): string {
  const width = Math.max(...trace.map((t) => stageLabel[t.stage].length));
  const lines: string[] = [];
  trace.forEach((t, i) => {
    const n = `${String(i + 1).padStart(2)}.`;
    const label = stageLabel[t.stage].padEnd(width);
    const policy = t.policy && t.stage.startsWith('authz') ? `${t.policy.namespace}/${t.policy.name}: ` : '';
    const mark =
      t.matched === true ? '[match] ' : t.matched === false && t.stage.startsWith('authz') ? '[no match] ' : '';
    lines.push(`${n} ${label}  ${mark}${policy}${t.why}`);
    const pad = ' '.repeat(4 + width + 2 + 2);
    t.mismatches?.forEach((m, r) => {
      if (m) lines.push(`${pad}rule ${r + 1}: ${describeMismatch(m)}`);
    });
  });
  return lines.join('\n');
}

export function describeMismatch(m: Mismatch): string {
  const want = m.want.length ? `[${m.want.join(', ')}]` : '';
  const got =
    m.got === undefined ? 'nothing (attribute absent)' : Array.isArray(m.got) ? `[${m.got.join(', ')}]` : String(m.got);
  if (m.negated) return `${m.field} ${want} excludes ${got}`;
  if (!want) return m.field;
  return `${m.field} wants ${want}, request has ${got}`;
}

/** A one-line summary of the outcome, as a client would observe it. */
export function describeOutcome(o: Outcome): string {
  switch (o.kind) {
    case 'delivered':
      return `delivered to the application${o.mtls ? ' over mTLS' : ''}${o.requestPrincipal ? `, request principal ${o.requestPrincipal}` : ''}`;
    case 'local-reply':
      return `HTTP ${o.status} from the ${o.by.replace('-', ' ')}${o.body ? `, body "${o.body}"` : ', empty body'}`;
    case 'reset':
      return 'connection reset by the server sidecar (curl: exit 56, %{http_code} 000)';
    case 'closed':
      return 'connection closed without a reply (curl: exit 52)';
    case 'tls-failure':
      return 'TLS handshake failure (curl: exit 35)';
    case 'not-simulated':
      return `not simulated: ${o.reason}`;
    default:
      return assertNever(o, 'outcome');
  }
}

/** Trace plus the outcome line: what `meshwalk explain` prints for one hop. */
export function renderDecision(d: Decision): string {
  return `${renderTrace(d.trace)}\n\nResult: ${describeOutcome(d.outcome)}`;
}
