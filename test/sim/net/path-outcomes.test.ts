/**
 * Every outcome the simulated network produces is a step of the request's path: for each kind
 * (200, 401, 403, 404, 502, 503, 504, refused, timed out, closed, reset, TLS failure) the last
 * step names it, at the stage that produced it, so explain covers it by construction.
 */
import { describe, expect, it } from 'vitest';
import type { ProcessOrigin } from '../../../src/sim/types.js';
import type { K8sObject } from '../../../src/kube/object.js';
import { fileView } from '../../../src/sim/net/file-view.js';
import { send } from '../../../src/sim/net/transport.js';
import { meshOf } from '../../../src/sim/net/mesh-of.js';
import { explainRequest } from '../../../src/sim/net/explain-request.js';
import type { PathEnd, PathStage } from '../../../src/sim/net/path-trace.js';
import { deployment, object, service } from './objects.js';

const sec = (kind: string, ns: string, name: string, spec: Record<string, unknown>) =>
  object('security.istio.io/v1', kind, ns, name, spec);
const net = (kind: string, ns: string, name: string, spec: Record<string, unknown>) =>
  object('networking.istio.io/v1', kind, ns, name, spec);
const base = [
  service('foo', 'httpbin', 8000, 8080),
  service('foo', 'nobody', 8000, 8080, 'missing'),
  deployment('foo', 'httpbin', 'docker.io/mccutchen/go-httpbin:v2.15.0'),
  deployment('foo', 'sleep', 'curlimages/curl:8.16.0'),
  deployment('legacy', 'sleep', 'curlimages/curl:8.16.0', false),
];
const registryOnly = net('Sidecar', 'foo', 'default', { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } });

function request(objects: K8sObject[], from: string, url: string, headers: [string, string][] = []) {
  const view = fileView([...base, ...objects], []).view;
  const [ns, name] = from.split('/') as [string, string];
  const pod = view.list('Pod', ns).find((p) => p.metadata.name.startsWith(name))!;
  const origin: ProcessOrigin = { kind: 'pod', pod, container: name };
  const u = new URL(url);
  const scheme = u.protocol === 'https:' ? 'https' : 'http';
  const port = u.port ? Number(u.port) : scheme === 'https' ? 443 : 80;
  return send(
    origin,
    {
      scheme,
      host: u.hostname,
      port,
      connectHost: u.hostname,
      connectPort: port,
      request: { method: 'GET', path: u.pathname, headers: [['Host', u.host], ...headers], body: '' },
      insecure: false,
      hasClientCert: false,
    },
    view,
    meshOf(view),
  );
}

const status = (n: number): PathEnd => ({ kind: 'status', status: n });
const curlExit = (n: number): PathEnd => ({ kind: 'failure', curlCode: n });
const cases: {
  name: string;
  objects: K8sObject[];
  from: string;
  url: string;
  headers?: [string, string][];
  at: PathStage;
  ends: PathEnd;
}[] = [
  {
    name: '200 from the app',
    objects: [],
    from: 'foo/sleep',
    url: 'http://httpbin.foo:8000/ip',
    at: 'app',
    ends: status(200),
  },
  {
    name: '401 for an invalid token',
    objects: [
      sec('RequestAuthentication', 'foo', 'jwt', {
        jwtRules: [{ issuer: 'testing@secure.istio.io', jwksUri: 'https://example.test/demo-jwks.json' }],
      }),
    ],
    from: 'foo/sleep',
    url: 'http://httpbin.foo:8000/ip',
    headers: [['Authorization', 'Bearer deadbeef']],
    at: 'server-sidecar',
    ends: status(401),
  },
  {
    name: '403 from an ALLOW policy that does not match',
    objects: [
      sec('AuthorizationPolicy', 'foo', 'viewer', {
        selector: { matchLabels: { app: 'httpbin' } },
        rules: [{ to: [{ operation: { paths: ['/x'] } }] }],
      }),
    ],
    from: 'foo/sleep',
    url: 'http://httpbin.foo:8000/ip',
    at: 'server-sidecar',
    ends: status(403),
  },
  {
    name: '404 when no VirtualService route matches',
    objects: [
      net('VirtualService', 'foo', 'httpbin', {
        hosts: ['httpbin'],
        http: [{ match: [{ uri: { exact: '/x' } }], route: [{ destination: { host: 'httpbin' } }] }],
      }),
    ],
    from: 'foo/sleep',
    url: 'http://httpbin.foo:8000/ip',
    at: 'route',
    ends: status(404),
  },
  {
    name: '502 from block_all (REGISTRY_ONLY)',
    objects: [registryOnly],
    from: 'foo/sleep',
    url: 'http://httpbin.org/ip',
    at: 'client-sidecar',
    ends: status(502),
  },
  {
    name: '503 no healthy upstream',
    objects: [],
    from: 'foo/sleep',
    url: 'http://nobody.foo:8000/ip',
    at: 'client-sidecar',
    ends: status(503),
  },
  {
    name: '503 for an undefined subset',
    objects: [
      net('VirtualService', 'foo', 'httpbin', {
        hosts: ['httpbin'],
        http: [{ route: [{ destination: { host: 'httpbin', subset: 'v9' } }] }],
      }),
    ],
    from: 'foo/sleep',
    url: 'http://httpbin.foo:8000/ip',
    at: 'route',
    ends: status(503),
  },
  {
    name: '504 route timeout',
    objects: [
      net('VirtualService', 'foo', 'httpbin', {
        hosts: ['httpbin'],
        http: [{ timeout: '1s', route: [{ destination: { host: 'httpbin' } }] }],
      }),
    ],
    from: 'foo/sleep',
    url: 'http://httpbin.foo:8000/delay/3',
    at: 'route',
    ends: status(504),
  },
  {
    name: 'reset (000, curl 56) by STRICT mTLS',
    objects: [sec('PeerAuthentication', 'foo', 'default', { mtls: { mode: 'STRICT' } })],
    from: 'legacy/sleep',
    url: 'http://httpbin.foo:8000/ip',
    at: 'server-sidecar',
    ends: curlExit(56),
  },
  {
    name: 'refused (000, curl 7) without endpoints',
    objects: [],
    from: 'legacy/sleep',
    url: 'http://nobody.foo:8000/ip',
    at: 'connect',
    ends: curlExit(7),
  },
  {
    name: 'timed out (000, curl 28) on a port the Service lacks',
    objects: [],
    from: 'legacy/sleep',
    url: 'http://httpbin.foo:9/ip',
    at: 'connect',
    ends: curlExit(28),
  },
  {
    name: 'closed (000, curl 52) by the client sidecar',
    objects: [],
    from: 'foo/sleep',
    url: 'http://httpbin.foo:9/ip',
    at: 'client-sidecar',
    ends: curlExit(52),
  },
  {
    name: 'TLS failure (curl 35) to the BlackHoleCluster',
    objects: [registryOnly],
    from: 'foo/sleep',
    url: 'https://httpbin.org/ip',
    at: 'client-sidecar',
    ends: curlExit(35),
  },
  {
    name: 'unresolved (curl 6)',
    objects: [],
    from: 'foo/sleep',
    url: 'http://nowhere.invalid/',
    at: 'resolve',
    ends: curlExit(6),
  },
  {
    name: 'an outside server answers',
    objects: [],
    from: 'legacy/sleep',
    url: 'http://edition.cnn.com/politics',
    at: 'outside',
    ends: status(301),
  },
];

describe('every outcome is the last step of the path', () => {
  for (const c of cases)
    it(c.name, () => {
      const sent = request(c.objects, c.from, c.url, c.headers);
      const last = sent.steps.at(-1)!;
      expect({ at: last.at, ends: last.ends }).toEqual({ at: c.at, ends: c.ends });
      const ex = sent.exchange;
      expect(ex.kind === 'response' ? status(ex.response.status) : curlExit(ex.failure.curlCode)).toEqual(c.ends);
    });

  it('explain prints the ending step of a 503 that no mesh decision made', () => {
    const view = fileView(base, []).view;
    const r = explainRequest(view, {
      from: { kind: 'workload', namespace: 'foo', name: 'sleep' },
      url: 'http://nobody.foo:8000/ip',
    });
    expect(r.ok && r.text).toContain(
      'Client sidecar: Service foo/nobody has no ready endpoint: the client sidecar answers 503 no healthy upstream',
    );
  });
});
