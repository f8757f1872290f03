/** Invariants of the authorization engine, checked on random policies and requests. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Mesh, code } from './builder.js';

const methods = ['GET', 'POST', 'PUT', 'DELETE'] as const;
const paths = ['/ip', '/headers', '/status/200', '/status/418', '/admin/x'] as const;
const namespaces = ['foo', 'bar', 'legacy'] as const;

// Exact, prefix and suffix paths, and the path templates of Istio 1.22+ (`{*}` one segment, `{**}` any
// number): istio/api security/v1/authorization_policy.proto, Operation.paths.
const policyPaths = ['/ip', '/status/*', '*/x', '/headers', '/status/{*}', '/{*}/x', '/{**}/x', '/admin/{**}'];
const operation = fc.record(
  {
    methods: fc.subarray([...methods], { minLength: 1 }),
    paths: fc.subarray(policyPaths, { minLength: 1 }),
    notPaths: fc.subarray(policyPaths, { minLength: 1 }),
  },
  { requiredKeys: [] },
);
const source = fc.record({ namespaces: fc.subarray([...namespaces], { minLength: 1 }) }, { requiredKeys: [] });
const rule = fc.record(
  { from: fc.array(fc.record({ source }), { maxLength: 1 }), to: fc.array(fc.record({ operation }), { maxLength: 2 }) },
  { requiredKeys: [] },
);
const policy = fc.record({
  action: fc.constantFrom('ALLOW', 'DENY', 'AUDIT'),
  rules: fc.array(rule, { minLength: 1, maxLength: 3 }),
});
const request = fc.record({
  ns: fc.constantFrom(...namespaces),
  method: fc.constantFrom(...methods),
  path: fc.constantFrom(...paths),
});

function run(policies: { action: string; rules: unknown[] }[], r: { ns: string; method: string; path: string }) {
  const m = new Mesh();
  policies.forEach((p, i) => m.ap('foo', `p${i}`, p));
  return m.decide(m.workload(r.ns, 'sleep'), m.workload('foo', 'httpbin'), { method: r.method, path: r.path });
}

describe('authorization invariants', () => {
  it('with no policies every request is allowed', () => {
    fc.assert(fc.property(request, (r) => code(run([], r)) === '200'));
  });
  it('a matching DENY policy always wins', () => {
    fc.assert(
      fc.property(fc.array(policy, { maxLength: 5 }), request, (ps, r) => {
        const deny = { action: 'DENY', rules: [{ to: [{ operation: { methods: [r.method], paths: [r.path] } }] }] };
        const d = run([...ps, deny], r);
        expect(code(d)).toBe('403');
      }),
    );
  });
  it('adding an ALLOW policy that does not match never turns a deny into an allow', () => {
    fc.assert(
      fc.property(fc.array(policy, { maxLength: 4 }), request, (ps, r) => {
        const before = code(run(ps, r));
        fc.pre(before === '403');
        const other = paths.find((p) => p !== r.path && !p.startsWith('/status') && p !== '/admin/x')!;
        const allow = { action: 'ALLOW', rules: [{ to: [{ operation: { paths: [other] } }] }] };
        expect(code(run([...ps, allow], r))).toBe('403');
      }),
    );
  });
  it('the query string never changes the decision: paths match the URL path only', () => {
    // Operation.paths "matches to the request.url_path" (istio/api
    // security/v1beta1/authorization.proto): the path without the query string.
    fc.assert(
      fc.property(fc.array(policy, { maxLength: 5 }), request, fc.constantFrom('?a=1', '?x=/y/x', '?'), (ps, r, q) => {
        expect(code(run(ps, { ...r, path: `${r.path}${q}` }))).toBe(code(run(ps, r)));
      }),
    );
  });
  it('an ALLOW of /{**} allows every path, and a DENY of /{**} denies every path', () => {
    fc.assert(
      fc.property(request, (r) => {
        const all = (action: string) => ({ action, rules: [{ to: [{ operation: { paths: ['/{**}'] } }] }] });
        expect(code(run([all('ALLOW')], r))).toBe('200');
        expect(code(run([all('DENY')], r))).toBe('403');
      }),
    );
  });
  it('the result does not depend on policy order', () => {
    fc.assert(
      fc.property(fc.array(policy, { maxLength: 5 }), request, fc.integer(), (ps, r, seed) => {
        const shuffled = [...ps].sort(
          (a, b) => ((JSON.stringify(a).length * 31 + seed) % 7) - ((JSON.stringify(b).length * 31 + seed) % 7),
        );
        expect(code(run(shuffled, r))).toBe(code(run(ps, r)));
      }),
    );
  });
});
