import { describe, expect, it } from 'vitest';
import { Mesh, code, decidedBy } from './builder.js';
import { RBAC_DENIED_BODY, UPSTREAM_RESET_BODY } from '../../../src/sim/mesh/index.js';

describe('peer authentication', () => {
  it('is PERMISSIVE with no policy: a plaintext client gets through', () => {
    const m = new Mesh();
    expect(code(m.decide(m.workload('legacy', 'sleep', { sidecar: false }), m.workload('foo', 'httpbin')))).toBe('200');
  });
  it('mesh STRICT resets a plaintext client; sidecar clients still get mTLS', () => {
    const m = new Mesh().pa('istio-system', 'default', 'STRICT');
    const httpbin = m.workload('foo', 'httpbin');
    const d = m.decide(m.workload('legacy', 'sleep', { sidecar: false }), httpbin);
    expect(code(d)).toBe('reset');
    expect(d.trace.find((t) => t.stage === 'peer-authn')?.policy?.name).toBe('default');
    expect(code(m.decide(m.workload('foo', 'sleep'), httpbin))).toBe('200');
  });
  it('a workload policy beats the namespace policy; port-level beats both', () => {
    const m = new Mesh().pa('foo', 'default', 'STRICT').pa('foo', 'overwrite', 'DISABLE', { app: 'httpbin' });
    const legacy = m.workload('legacy', 'sleep', { sidecar: false });
    expect(code(m.decide(legacy, m.workload('foo', 'httpbin')))).toBe('200');
    const m2 = new Mesh().pa('foo', 'wl', 'STRICT', { app: 'httpbin' }, { '8080': { mode: 'DISABLE' } });
    expect(code(m2.decide(legacy, m2.workload('foo', 'httpbin')))).toBe('200');
    expect(code(m2.decide(legacy, m2.workload('foo', 'httpbin'), {}, 9090))).toBe('reset');
  });
  it('ignores a selector policy in the root namespace', () => {
    const m = new Mesh().pa('istio-system', 'sel', 'STRICT', { app: 'httpbin' });
    expect(code(m.decide(m.workload('legacy', 'sleep', { sidecar: false }), m.workload('foo', 'httpbin')))).toBe('200');
  });
  it('the oldest policy wins within one scope', () => {
    const m = new Mesh().pa('foo', 'a-old', 'STRICT').pa('foo', 'b-new', 'PERMISSIVE');
    expect(code(m.decide(m.workload('legacy', 'sleep', { sidecar: false }), m.workload('foo', 'httpbin')))).toBe(
      'reset',
    );
  });
});

describe('DestinationRule TLS', () => {
  it("DISABLE towards a STRICT server: the client sidecar answers 503 with Envoy's body", () => {
    const m = new Mesh().pa('foo', 'default', 'STRICT').dr('foo', 'bad', 'httpbin.foo.svc.cluster.local', 'DISABLE');
    const d = m.decide(m.workload('foo', 'sleep'), m.workload('foo', 'httpbin'));
    expect(code(d)).toBe('503');
    expect(d.outcome.kind === 'local-reply' && d.outcome.body).toBe(UPSTREAM_RESET_BODY);
    expect(d.trace.find((t) => t.stage === 'client-tls')?.policy?.name).toBe('bad');
  });
  it('ISTIO_MUTUAL towards a server without sidecar is 503', () => {
    const m = new Mesh().dr('legacy', 'mtls', 'httpbin', 'ISTIO_MUTUAL');
    expect(code(m.decide(m.workload('foo', 'sleep'), m.workload('legacy', 'httpbin', { sidecar: false })))).toBe('503');
  });
});

describe('authorization', () => {
  it('spec: {} denies everything with RBAC: access denied', () => {
    const m = new Mesh().ap('foo', 'allow-nothing', {});
    const d = m.decide(m.workload('foo', 'sleep'), m.workload('foo', 'httpbin'));
    expect(d.outcome).toMatchObject({ kind: 'local-reply', status: 403, body: RBAC_DENIED_BODY });
  });
  it('rules: [{}] allows; a DENY rules: [{}] beats it', () => {
    const m = new Mesh().ap('foo', 'allow-nothing', {}).ap('foo', 'allow-all', { rules: [{}] });
    const [c, s] = [m.workload('foo', 'sleep'), m.workload('foo', 'httpbin')];
    expect(decidedBy(m.decide(c, s))).toBe('allow-all');
    m.ap('foo', 'deny-all', { action: 'DENY', rules: [{}] });
    const d = m.decide(c, s);
    expect(code(d)).toBe('403');
    expect(decidedBy(d)).toBe('deny-all');
  });
  it('principals need mTLS: a plaintext client matches no principal', () => {
    const m = new Mesh().ap('foo', 'viewer', {
      selector: { matchLabels: { app: 'httpbin' } },
      rules: [
        {
          from: [{ source: { principals: ['cluster.local/ns/bar/sa/sleep'] } }],
          to: [{ operation: { methods: ['GET'] } }],
        },
      ],
    });
    const httpbin = m.workload('foo', 'httpbin');
    expect(decidedBy(m.decide(m.workload('bar', 'sleep'), httpbin))).toBe('viewer');
    expect(code(m.decide(m.workload('legacy', 'sleep', { sidecar: false }), httpbin))).toBe('403');
    expect(code(m.decide(m.workload('bar', 'sleep'), httpbin, { method: 'POST' }))).toBe('403');
  });
  it('paths: prefix, suffix, exact; query ignored; notValues on headers', () => {
    const m = new Mesh().ap('foo', 'deny-get', {
      action: 'DENY',
      rules: [
        {
          to: [{ operation: { paths: ['/status/*'] } }],
          when: [{ key: 'request.headers[x-token]', notValues: ['admin'] }],
        },
      ],
    });
    const [c, s] = [m.workload('foo', 'sleep'), m.workload('foo', 'httpbin')];
    expect(code(m.decide(c, s, { path: '/status/200?x=1', headers: { 'x-token': 'guest' } }))).toBe('403');
    expect(code(m.decide(c, s, { path: '/status/200', headers: { 'x-token': 'admin' } }))).toBe('200');
    expect(code(m.decide(c, s, { path: '/status', headers: { 'x-token': 'guest' } }))).toBe('200');
  });
  it('CUSTOM with a provider the mesh config lacks denies what its rules match (builder.go getBadCustomDenyRules)', () => {
    const m = new Mesh().ap('foo', 'ext', { action: 'CUSTOM', provider: { name: 'opa' }, rules: [{}] });
    expect(code(m.decide(m.workload('foo', 'sleep'), m.workload('foo', 'httpbin')))).toBe('403');
  });
  it('DENY does not exist before Istio 1.5', () => {
    const m = new Mesh().ap('foo', 'deny-all', { action: 'DENY', rules: [{}] });
    m.istio = '1.4';
    expect(code(m.decide(m.workload('foo', 'sleep'), m.workload('foo', 'httpbin')))).toBe('200');
  });
  it('ipBlocks match the peer address', () => {
    const m = new Mesh();
    const c = m.workload('foo', 'sleep');
    m.ap('foo', 'ips', { rules: [{ from: [{ source: { ipBlocks: [`${c.ip}/32`] } }] }] });
    expect(code(m.decide(c, m.workload('foo', 'httpbin')))).toBe('200');
    expect(code(m.decide(m.workload('foo', 'other'), m.workload('foo', 'httpbin')))).toBe('403');
  });
});
