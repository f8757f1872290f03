/**
 * action: CUSTOM (pilot/pkg/security/authz/builder): evaluated before DENY and ALLOW; an allow
 * by the authorizer still leaves DENY/ALLOW to decide; a provider the mesh config lacks (or two
 * providers on one workload, or a provider whose service is missing) makes the rules DENY rules.
 */
import { describe, expect, it } from 'vitest';
import {
  compileMesh,
  decide,
  objectView,
  type Decision,
  type MeshRequest,
  type Workload,
} from '../../../src/sim/mesh/index.js';
import type { ExtAuthzServer } from '../../../src/sim/mesh/ext-authz.js';
import { Mesh, code, decidedBy } from './builder.js';

const PROVIDERS = [
  { name: 'grpc-authz', envoyExtAuthzGrpc: { service: 'ext-authz.foo.svc.cluster.local', port: '9000' } },
  {
    name: 'http-authz',
    envoyExtAuthzHttp: {
      service: 'ext-authz.foo.svc.cluster.local',
      port: 8000,
      includeRequestHeadersInCheck: ['x-ext-authz'],
    },
  },
  { name: 'otel', opentelemetry: { service: 'otel.observability.svc.cluster.local', port: 4317 } },
];

/** Allows `x-ext-authz: allow`, as the sample does; records which headers it was sent. */
const seen: Record<string, string>[] = [];
const sample: ExtAuthzServer = (_p, check) => {
  seen.push({ ...check.headers });
  return check.headers['x-ext-authz'] === 'allow'
    ? { allowed: true, upstreamHeaders: { 'x-ext-authz-check-result': 'allowed' }, why: 'allow header' }
    : {
        allowed: false,
        status: 403,
        body: 'denied by ext_authz',
        headers: { 'x-ext-authz-check-result': 'denied' },
        why: 'no allow header',
      };
};

function run(m: Mesh, from: Workload, to: Workload, path: string, headers: Record<string, string> = {}): Decision {
  const svc = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'ext-authz', namespace: 'foo' },
    spec: { ports: [{ port: 8000 }, { port: 9000 }] },
  };
  const view = objectView([...m.objects, svc], { istioVersion: m.istio, now: m.now });
  const req: MeshRequest = {
    source: { kind: 'workload', workload: from },
    destination: {
      kind: 'workload',
      workload: to,
      targetPort: 8080,
      service: { name: 'httpbin', namespace: 'foo', port: 8000 },
    },
    appTls: false,
    http: { method: 'GET', host: 'httpbin.foo:8000', path, headers },
  };
  return decide(req, compileMesh(view, { extensionProviders: PROVIDERS, extAuthzServer: sample }));
}

const custom = (provider: string) => ({
  selector: { matchLabels: { app: 'httpbin' } },
  action: 'CUSTOM',
  provider: { name: provider },
  rules: [{ to: [{ operation: { paths: ['/headers'] } }] }],
});

describe('CUSTOM authorization', () => {
  const m0 = new Mesh();
  const sleep = m0.workload('foo', 'sleep');
  const httpbin = m0.workload('foo', 'httpbin');

  it('the authorizer denies with its own status, body and headers; unmatched paths never reach it', () => {
    const m = new Mesh().ap('foo', 'ext-authz', custom('grpc-authz'));
    const d = run(m, sleep, httpbin, '/headers', { 'x-ext-authz': 'deny' });
    expect(d.outcome).toMatchObject({
      kind: 'local-reply',
      status: 403,
      body: 'denied by ext_authz',
      headers: { 'x-ext-authz-check-result': 'denied' },
    });
    expect(decidedBy(d)).toBe('ext-authz');
    seen.length = 0;
    expect(code(run(m, sleep, httpbin, '/ip', { 'x-ext-authz': 'deny' }))).toBe('200');
    expect(seen).toEqual([]);
  });

  it('an allow adds the gRPC authorizer headers upstream and still lets DENY decide', () => {
    const m = new Mesh().ap('foo', 'ext-authz', custom('grpc-authz'));
    const ok = run(m, sleep, httpbin, '/headers', { 'x-ext-authz': 'allow' });
    expect(ok.outcome).toMatchObject({ kind: 'delivered', headerChanges: { 'x-ext-authz-check-result': 'allowed' } });
    m.ap('foo', 'deny-headers', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/headers'] } }] }] });
    const d = run(m, sleep, httpbin, '/headers', { 'x-ext-authz': 'allow' });
    expect([code(d), decidedBy(d)]).toEqual(['403', 'deny-headers']);
    expect(d.trace.findIndex((t) => t.stage === 'authz-custom')).toBeLessThan(
      d.trace.findIndex((t) => t.stage === 'authz-deny'),
    );
  });

  it('an HTTP provider sends only includeRequestHeadersInCheck and adds no upstream header by default', () => {
    const m = new Mesh().ap('foo', 'ext-authz', custom('http-authz'));
    seen.length = 0;
    const d = run(m, sleep, httpbin, '/headers', { 'x-ext-authz': 'allow', 'user-agent': 'curl/8.5.0' });
    expect(seen).toEqual([{ 'x-ext-authz': 'allow' }]);
    expect(d.outcome).toMatchObject({ kind: 'delivered', headerChanges: {} });
  });

  it('an unknown provider, or two providers on one workload, denies what the CUSTOM rules match', () => {
    const unknown = new Mesh().ap('foo', 'ext-authz', custom('no-such'));
    const d = run(unknown, sleep, httpbin, '/headers', { 'x-ext-authz': 'allow' });
    expect(d.outcome).toMatchObject({ kind: 'local-reply', status: 403, body: 'RBAC: access denied' });
    expect(d.trace.at(-1)?.why).toContain('available providers are [grpc-authz http-authz] but found "no-such"');
    expect(code(run(unknown, sleep, httpbin, '/ip'))).toBe('200');
    const two = new Mesh().ap('foo', 'a', custom('grpc-authz')).ap('foo', 'b', custom('http-authz'));
    expect(run(two, sleep, httpbin, '/headers', { 'x-ext-authz': 'allow' }).trace.at(-1)?.why).toContain(
      'only 1 provider can be used per workload',
    );
  });

  it('without a readable mesh config, CUSTOM is refused rather than guessed', () => {
    const m = new Mesh().ap('foo', 'ext-authz', custom('grpc-authz'));
    const view = objectView(m.objects, { istioVersion: m.istio, now: m.now });
    const req: MeshRequest = {
      source: { kind: 'workload', workload: sleep },
      destination: { kind: 'workload', workload: httpbin, targetPort: 8080 },
      appTls: false,
      http: { method: 'GET', host: 'httpbin.foo:8000', path: '/headers', headers: {} },
    };
    expect(decide(req, compileMesh(view, { extensionProviders: undefined })).outcome.kind).toBe('not-simulated');
  });
});
