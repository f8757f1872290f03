/**
 * `from.source.serviceAccounts` / `notServiceAccounts` and the `source.serviceAccount` condition
 * (Istio 1.25+). Source: istio/api security/v1beta1/authorization.proto (Source.serviceAccounts:
 * "NAME" in the policy's namespace or "NAMESPACE/NAME"), and istiod's translation in
 * pilot/pkg/security/authz/model/generator.go (serviceAccountRegex: the peer's SPIFFE identity must
 * match `spiffe://.+/ns/<ns>/(.+/|)sa/<sa>(/.+)?`, so mTLS is required and the whole name counts).
 */
import { describe, expect, it } from 'vitest';
import { Mesh, code } from './builder.js';

function mesh(spec: Record<string, unknown>) {
  return new Mesh().ap('foo', 'p', { selector: { matchLabels: { app: 'httpbin' } }, ...spec });
}
const get = { method: 'GET', path: '/ip' };

describe('serviceAccounts', () => {
  it('ALLOW serviceAccounts [sleep]: the sleep account of the policy namespace only', () => {
    const m = mesh({ rules: [{ from: [{ source: { serviceAccounts: ['sleep'] } }] }] });
    const httpbin = m.workload('foo', 'httpbin');
    expect(code(m.decide(m.workload('foo', 'sleep'), httpbin, get))).toBe('200');
    expect(code(m.decide(m.workload('bar', 'sleep'), httpbin, get))).toBe('403');
    expect(code(m.decide(m.workload('foo', 'curl'), httpbin, get))).toBe('403');
    // "sleepy" is another account: the regex matches the whole name.
    expect(code(m.decide(m.workload('foo', 'c', { sa: 'sleepy' }), httpbin, get))).toBe('403');
  });

  it('NAMESPACE/NAME names another namespace; without mTLS nothing matches', () => {
    const m = mesh({ rules: [{ from: [{ source: { serviceAccounts: ['bar/sleep'] } }] }] });
    const httpbin = m.workload('foo', 'httpbin');
    expect(code(m.decide(m.workload('bar', 'sleep'), httpbin, get))).toBe('200');
    expect(code(m.decide(m.workload('foo', 'sleep'), httpbin, get))).toBe('403');
    expect(code(m.decide(m.workload('bar', 'sleep', { sidecar: false }), httpbin, get))).toBe('403');
  });

  it('DENY notServiceAccounts denies every other account, and a plaintext client', () => {
    const m = mesh({ action: 'DENY', rules: [{ from: [{ source: { notServiceAccounts: ['foo/sleep'] } }] }] });
    const httpbin = m.workload('foo', 'httpbin');
    expect(code(m.decide(m.workload('foo', 'sleep'), httpbin, get))).toBe('200');
    expect(code(m.decide(m.workload('foo', 'curl'), httpbin, get))).toBe('403');
    expect(code(m.decide(m.workload('legacy', 'sleep', { sidecar: false }), httpbin, get))).toBe('403');
  });

  it('the source.serviceAccount condition matches the same way', () => {
    const m = mesh({ rules: [{ when: [{ key: 'source.serviceAccount', values: ['sleep', 'bar/curl'] }] }] });
    const httpbin = m.workload('foo', 'httpbin');
    expect(code(m.decide(m.workload('foo', 'sleep'), httpbin, get))).toBe('200');
    expect(code(m.decide(m.workload('bar', 'curl'), httpbin, get))).toBe('200');
    expect(code(m.decide(m.workload('bar', 'sleep'), httpbin, get))).toBe('403');
  });

  it('explain names the field and what the request had', () => {
    const m = mesh({ rules: [{ from: [{ source: { serviceAccounts: ['sleep'] } }] }] });
    const d = m.decide(m.workload('bar', 'sleep'), m.workload('foo', 'httpbin'), get);
    const entry = d.trace.find((t) => t.stage === 'authz-allow');
    expect(entry?.mismatches?.[0]).toMatchObject({
      field: 'serviceAccounts',
      want: ['sleep'],
      got: 'cluster.local/ns/bar/sa/sleep',
    });
  });
});
