/**
 * AuthorizationPolicy path templates (Istio 1.22+): a `paths`/`notPaths` value containing `{*}` or `{**}`
 * becomes Envoy's uri_template matcher instead of a string match (pilot/pkg/security/authz/model/generator.go
 * pathGenerator, matcher/template.go at 1.22.0-1.30.3: `{*}` -> `*`, `{**}` -> `**`, a bare `*` left as is).
 * Envoy turns the template into a regex matched against the whole path without query and fragment
 * (source/extensions/path/uri_template_lib/uri_template_internal.cc, uri_template_match.cc): `*` is one or
 * more pchar of one segment, `**` zero or more pchar or `/`, and a segment without an operator is literal.
 */

/** security.MatchOneTemplate and MatchAnyTemplate (pkg/config/security/security.go). */
export const MATCH_ONE = '{*}';
export const MATCH_ANY = '{**}';

/** RFC 3986 pchar as Envoy's kLiteral spells it (no `*`, `=` kept, `/` excluded). */
const PCHAR = "a-zA-Z0-9\\-._~%!$&'()+,;:@=";

/** security.ContainsPathTemplate. */
export function isPathTemplate(value: string): boolean {
  return value.includes(MATCH_ONE) || value.includes(MATCH_ANY);
}

const compiled = new Map<string, RegExp | null>();

/**
 * The regex Envoy matches for a template, or null when Envoy could not parse it (the webhook rejects such
 * templates first, so this only guards objects stored without validation: they match nothing).
 */
export function templateRegex(template: string): RegExp | null {
  const hit = compiled.get(template);
  if (hit !== undefined) return hit;
  const envoy = template.replaceAll(MATCH_ANY, '**').replaceAll(MATCH_ONE, '*');
  let re: RegExp | null = null;
  if (/^\/[\x21-\x7e]*$/.test(envoy)) {
    const segments = envoy.slice(1).split('/');
    const parts = segments.map(segmentRegex);
    if (parts.every((p): p is string => p !== null)) re = new RegExp(`^/${parts.join('/')}$`);
  }
  if (compiled.size >= 5000) compiled.clear();
  compiled.set(template, re);
  return re;
}

function segmentRegex(segment: string, index: number, all: readonly string[]): string | null {
  if (segment === '**') return `[${PCHAR}/]*`;
  if (segment === '*') return `[${PCHAR}]+`;
  // A single trailing `/` is an empty literal; any other empty segment is not a valid literal.
  if (segment === '') return index === all.length - 1 && index > 0 ? '' : null;
  if (!new RegExp(`^[${PCHAR}]+$`).test(segment)) return null;
  return segment.replace(/[$()+.]/g, '\\$&');
}

/** Does `path` match the template the way Envoy's RBAC uri_template does (query and fragment removed). */
export function pathTemplateMatch(template: string, path: string | undefined): boolean {
  return templateTest(template)(path);
}

/** The template compiled once into a predicate (the policy compiler keeps one per value). */
export function templateTest(template: string): (path: string | undefined) => boolean {
  const re = templateRegex(template);
  if (re === null) return () => false;
  return (path) => path !== undefined && re.test(withoutQuery(path));
}

function withoutQuery(path: string): string {
  const q = path.indexOf('?');
  const h = path.indexOf('#');
  const end = q === -1 ? h : h === -1 ? q : Math.min(q, h);
  return end === -1 ? path : path.slice(0, end);
}
