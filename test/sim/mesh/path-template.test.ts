/**
 * AuthorizationPolicy path templates. Cases from Istio's pilot/pkg/security/authz/matcher/template_test.go
 * and builder/testdata/http/allow-path-in.yaml (1.22.0-1.30.3); matching as Envoy's
 * uri_template_lib/uri_template_internal.cc turns a template into a regex.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Mesh, code, decidedBy } from './builder.js';
import { pathTemplateMatch } from '../../../src/sim/mesh/path-template.js';
import { renderDecision } from '../../../src/sim/mesh/index.js';

describe('path templates (Envoy uri_template)', () => {
  it('{*} is exactly one segment, {**} any number, also in the middle', () => {
    expect(pathTemplateMatch('/foo/bar/{*}', '/foo/bar/baz')).toBe(true);
    expect(pathTemplateMatch('/foo/bar/{*}', '/foo/bar/baz/qux')).toBe(false);
    expect(pathTemplateMatch('/foo/bar/{*}', '/foo/bar/')).toBe(false);
    expect(pathTemplateMatch('/foo/{**}/bar', '/foo/a/b/c/bar')).toBe(true);
    expect(pathTemplateMatch('/foo/{**}/bar', '/foo//bar')).toBe(true);
    expect(pathTemplateMatch('/foo/{**}/bar', '/foo/bar')).toBe(false);
    expect(pathTemplateMatch('/{*}/a/{**}', '/x/a/y/z')).toBe(true);
    expect(pathTemplateMatch('/{*}/a/{**}', '/x/y/a/z')).toBe(false);
    expect(pathTemplateMatch('/{*}/{*}/foo/{**}/bar', '/1/2/foo/3/4/bar')).toBe(true);
  });
  it('the query string and fragment are not part of the path', () => {
    expect(pathTemplateMatch('/api/{*}', '/api/users?id=1/2')).toBe(true);
    expect(pathTemplateMatch('/api/{*}', '/api/users#x')).toBe(true);
  });
  it('literal segments are literal (a dot is not a regex wildcard)', () => {
    expect(pathTemplateMatch('/{*}/index.html', '/a/index.html')).toBe(true);
    expect(pathTemplateMatch('/{*}/index.html', '/a/indexXhtml')).toBe(false);
  });
});

describe('path templates in AuthorizationPolicy', () => {
  const allow = (paths: Record<string, string[]>) => ({
    selector: { matchLabels: { app: 'httpbin' } },
    rules: [{ to: [{ operation: paths }] }],
  });
  it('ALLOW paths [/status/{*}] allows one segment and names the template in explain', () => {
    const m = new Mesh().ap('foo', 'status', allow({ paths: ['/status/{*}'] }));
    const [c, s] = [m.workload('foo', 'sleep'), m.workload('foo', 'httpbin')];
    const ok = m.decide(c, s, { path: '/status/200?x=1' });
    expect([code(ok), decidedBy(ok)]).toEqual(['200', 'status']);
    expect(renderDecision(ok)).toContain(
      '[match] foo/status: rule 1 matches (path template /status/{*} matches /status/200)',
    );
    const deep = m.decide(c, s, { path: '/status/200/extra' });
    expect(code(deep)).toBe('403');
    expect(renderDecision(deep)).toContain(
      'paths (path template: {*} is one segment, {**} any number) wants [/status/{*}]',
    );
  });
  it('DENY notPaths [/public/{**}] denies everything outside /public/', () => {
    const m = new Mesh().ap('foo', 'private', {
      action: 'DENY',
      rules: [{ to: [{ operation: { notPaths: ['/public/{**}'] } }] }],
    });
    const [c, s] = [m.workload('foo', 'sleep'), m.workload('foo', 'httpbin')];
    expect(code(m.decide(c, s, { path: '/public/a/b' }))).toBe('200');
    const d = m.decide(c, s, { path: '/private/a' });
    expect([code(d), decidedBy(d)]).toEqual(['403', 'private']);
    expect(renderDecision(d)).toContain('rule 1 matches (/private/a is outside the notPaths template /public/{**})');
  });
  it('before Istio 1.22 a template is literal text', () => {
    const m = new Mesh().ap('foo', 'status', allow({ paths: ['/status/{*}'] }));
    m.istio = '1.21';
    const [c, s] = [m.workload('foo', 'sleep'), m.workload('foo', 'httpbin')];
    const d = m.decide(c, s, { path: '/status/200' });
    expect(code(d)).toBe('403');
    expect(renderDecision(d)).toContain('no path templates before Istio 1.22');
    expect(code(m.decide(c, s, { path: '/status/{*}' }))).toBe('200');
  });
});

const pchar = fc.stringMatching(/^[a-zA-Z0-9._~!$&'()+,;:@=-]{1,6}$/);
const path = fc.array(pchar, { minLength: 0, maxLength: 5 }).map((s) => `/${s.join('/')}`);

describe('path template properties', () => {
  it('a template of only {**} matches every path', () => {
    fc.assert(fc.property(path, (p) => pathTemplateMatch('/{**}', p)));
  });
  it('{*} never matches across a /', () => {
    fc.assert(
      fc.property(
        pchar,
        pchar,
        (a, b) => !pathTemplateMatch('/{*}', `/${a}/${b}`) && pathTemplateMatch('/{*}', `/${a}`),
      ),
    );
  });
  it('a template of n {*} segments matches exactly the paths of n non-empty segments', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(pchar, { minLength: 1, maxLength: 5 }), (n, segs) => {
        const t = `/${Array(n).fill('{*}').join('/')}`;
        return pathTemplateMatch(t, `/${segs.join('/')}`) === (segs.length === n);
      }),
    );
  });
});
