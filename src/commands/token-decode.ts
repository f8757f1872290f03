/**
 * `meshwalk token --decode TOKEN`: a token's header and claims, readable (times as dates, with
 * how long ago or how long still), and which of the claims the cluster's RequestAuthentication
 * and AuthorizationPolicy objects check (src/sim/mesh/token-checks.ts). It decodes only: the
 * signature is not checked, and the token itself is never printed whole.
 */
import { previewValue, redactTokens } from '../engine/capture.js';
import type { K8sObject } from '../kube/object.js';
import type { TokenCheck } from '../sim/mesh/token-checks.js';
import { tokenChecks } from '../sim/mesh/token-checks.js';
import { spanWords } from '../text/relative-time.js';

export interface Decoded {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/** The policies to compare the token with, and where they were read; or why they could not be. */
export type PolicySource =
  | { ok: true; where: string; requestAuthentications: K8sObject[]; authorizationPolicies: K8sObject[] }
  | { ok: false; why: string };

/** The token's two JSON parts; a message when it is not a JWT. */
export async function decodeToken(
  text: string,
): Promise<{ ok: true; token: Decoded } | { ok: false; message: string }> {
  const { decodeJwt, decodeProtectedHeader } = await import('jose');
  const token = text.trim().replace(/^Bearer\s+/i, '');
  if (token.split('.').length !== 3)
    return {
      ok: false,
      message: 'not a JSON Web Token: it needs three parts separated by dots (header.claims.signature)',
    };
  try {
    return {
      ok: true,
      token: {
        header: decodeProtectedHeader(token) as Record<string, unknown>,
        claims: decodeJwt(token) as Record<string, unknown>,
      },
    };
  } catch (err) {
    return { ok: false, message: `cannot decode it: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** The report as lines of text: the token (cut short), header, claims, and the policies' checks. */
export function tokenReport(text: string, d: Decoded, now: number, policies: PolicySource): string {
  const lines = [
    `Token ${previewValue(text.trim().replace(/^Bearer\s+/i, ''))}: decoded only, signature not checked here.`,
    '',
    'Header:',
    ...Object.entries(d.header).map(([k, v]) => `  ${k}: ${json(v)}`),
    '',
    'Claims:',
    ...Object.entries(d.claims).map(([k, v]) => `  ${k}: ${claimText(k, v, now)}`),
    '',
    ...policyLines(d.claims, policies, now),
  ];
  return redactTokens(`${lines.join('\n')}\n`);
}

function claimText(key: string, v: unknown, now: number): string {
  if ((key !== 'exp' && key !== 'nbf' && key !== 'iat') || typeof v !== 'number') return json(v);
  const at = v * 1000;
  const date = new Date(at).toISOString().replace('.000Z', 'Z');
  const past = at <= now;
  const span = spanWords(at - now);
  const when =
    key === 'exp'
      ? past
        ? `expired ${span} ago`
        : `valid for ${span}`
      : key === 'nbf'
        ? past
          ? `valid since ${span} ago`
          : `not valid for another ${span}`
        : past
          ? `issued ${span} ago`
          : `issued ${span} from now`;
  return `${v} = ${date} (${when})`;
}

function policyLines(claims: Record<string, unknown>, p: PolicySource, now: number): string[] {
  if (!p.ok) return [`Which claims the policies check: cannot say, ${p.why}.`];
  const checks = tokenChecks(claims, p.requestAuthentications, p.authorizationPolicies, now);
  if (checks.length === 0)
    return [`No RequestAuthentication or AuthorizationPolicy on ${p.where} looks at the token's claims.`];
  const out = [`What the policies on ${p.where} check (claims only):`];
  let policy = '';
  for (const c of checks) {
    if (c.policy !== policy) out.push(`  ${(policy = c.policy)}`);
    out.push(`    ${c.holds ? 'ok   ' : 'FAILS'} ${checkText(c)}`);
  }
  return out;
}

function checkText(c: TokenCheck): string {
  const got = c.got === undefined ? 'nothing' : c.got.join(', ');
  const not = /\bnot/.test(c.field) ? 'none of ' : '';
  return `${c.field}: wants ${not}${c.want.join(', ')}; the token has ${got}`;
}

function json(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
