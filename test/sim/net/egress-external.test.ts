/**
 * Hosts outside the cluster: what the client sidecar answers without the internet (REGISTRY_ONLY,
 * TLS origination), the public hosts the simulator models, and a prompt refusal (exit 3) where
 * only the internet could answer.
 */
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../src/kube/object.js';
import { runProcess } from '../../../src/sim/net/index.js';
import { fileView } from '../../../src/sim/net/file-view.js';
import { runNc } from '../../../src/sim/net/nc.js';
import { deployment } from './objects.js';

const net = (kind: string, name: string, spec: Record<string, unknown>): K8sObject => ({
  apiVersion: 'networking.istio.io/v1alpha3',
  kind,
  metadata: { name, namespace: 'default' },
  spec,
});
const sleep = deployment('default', 'sleep', 'curlimages/curl:8.16.0');
const legacy = deployment('legacy', 'sleep', 'curlimages/curl:8.16.0', false);

function curlIn(objects: K8sObject[], ns = 'default') {
  const view = fileView([sleep, legacy, ...objects], []).view;
  const pod = view.list('Pod', ns).find((p) => p.metadata.name.startsWith('sleep'))!;
  return (...args: string[]) => runProcess({ kind: 'pod', pod, container: 'sleep' }, ['curl', ...args], '', view)!;
}

// source: istio.io content/en/docs/tasks/traffic-management/egress/egress-tls-origination (snips.sh
// apply_simple, curl_simple, apply_origination, curl_origination_http, curl_origination_https)
const cnnEntry = net('ServiceEntry', 'edition-cnn-com', {
  hosts: ['edition.cnn.com'],
  ports: [
    { number: 80, name: 'http-port', protocol: 'HTTP' },
    { number: 443, name: 'https-port', protocol: 'HTTPS' },
  ],
  resolution: 'DNS',
});
const tlsOnly = net('VirtualService', 'edition-cnn-com', {
  hosts: ['edition.cnn.com'],
  tls: [
    {
      match: [{ port: 443, sniHosts: ['edition.cnn.com'] }],
      route: [{ destination: { host: 'edition.cnn.com', port: { number: 443 } }, weight: 100 }],
    },
  ],
});
const toSubset = net('VirtualService', 'edition-cnn-com', {
  hosts: ['edition.cnn.com'],
  http: [
    {
      match: [{ port: 80 }],
      route: [{ destination: { host: 'edition.cnn.com', subset: 'tls-origination', port: { number: 443 } } }],
    },
  ],
});
const originate = (port: number): K8sObject =>
  net('DestinationRule', 'edition-cnn-com', {
    host: 'edition.cnn.com',
    subsets: [
      {
        name: 'tls-origination',
        trafficPolicy: {
          loadBalancer: { simple: 'ROUND_ROBIN' },
          portLevelSettings: [{ port: { number: port }, tls: { mode: 'SIMPLE' } }],
        },
      },
    ],
  });
const dump = ['-sL', '-o', '/dev/null', '-D', '-'];

describe('egress-tls-origination, the page revision with a tls-only VirtualService and a subset', () => {
  it('a VirtualService with only tls routes leaves plain HTTP on the default route: 301, then HTTP/2 200', () => {
    const r = curlIn([cnnEntry, tlsOnly])(...dump, 'http://edition.cnn.com/politics');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^HTTP\/1\.1 301 Moved Permanently\r\n/);
    expect(r.stdout).toContain('location: https://edition.cnn.com/politics');
    expect(r.stdout).toMatch(/\r\n\r\nHTTP\/2 200\r\n/);
  });
  it('an http route to the subset that sets tls.mode SIMPLE on 443 originates TLS: HTTP/1.1 200 OK, no redirect', () => {
    const c = curlIn([cnnEntry, toSubset, originate(443)]);
    const r = c(...dump, 'http://edition.cnn.com/politics');
    expect(r.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(r.stdout).not.toContain('301');
    expect(c(...dump, 'https://edition.cnn.com/politics').stdout).toMatch(/^HTTP\/2 200\r\n/);
  });
  it('TLS originated to a port that speaks plain HTTP fails in the sidecar: 503 with the TLS error', () => {
    const vs = net('VirtualService', 'edition-cnn-com', {
      hosts: ['edition.cnn.com'],
      http: [{ route: [{ destination: { host: 'edition.cnn.com', subset: 'tls-origination' } }] }],
    });
    const r = curlIn([cnnEntry, vs, originate(80)])('-s', 'http://edition.cnn.com/politics');
    expect(r.stdout).toBe(
      'upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure, transport failure reason: TLS_error:|268435703:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER:TLS_error_end',
    );
  });
});

describe('no internet: refused at once, where only the internet could answer', () => {
  it('returns within the test budget, exit 3 with one line', () => {
    const started = Date.now();
    const r = curlIn([])('-sS', 'http://www.wikipedia.org/');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(r).toEqual({
      stdout: '',
      stderr: 'meshwalk sim: resolving www.wikipedia.org: the simulated cluster has no internet\n',
      exitCode: 3,
    });
  });
  it('a modelled public host on a port the simulator does not model, and a public address', () => {
    expect(curlIn([])('-sS', 'http://edition.cnn.com:8080/').exitCode).toBe(3);
    expect(curlIn([], 'legacy')('-sS', 'http://8.8.8.8/').stderr).toBe(
      'meshwalk sim: http://8.8.8.8:80: the simulated cluster has no internet\n',
    );
  });
  it('nc to a name only public DNS knows is refused the same way', () => {
    const view = fileView([sleep], []).view;
    const pod = view.list('Pod', 'default')[0]!;
    const r = runNc({ kind: 'pod', pod, container: 'sleep' }, ['nc', '-z', 'www.wikipedia.org', '80'], () => '', view);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('the simulated cluster has no internet');
  });
  it('names that fail without asking the internet still fail to resolve (exit 6)', () => {
    for (const url of ['http://nope.invalid/', 'http://nope.default/', 'http://httpbin.example.com/'])
      expect(curlIn([])('-sS', url)).toMatchObject({ exitCode: 6 });
  });
});

// source: istio.io content/en/docs/tasks/traffic-management/egress/egress-control (snips.sh
// change_to_the_blockingbydefault_policy_3: exit 35 for HTTPS) and Istio's BlackHoleCluster for
// plain HTTP (pilot/pkg/networking/core: block_all virtual host, 502)
describe('REGISTRY_ONLY answers without the internet', () => {
  const registryOnly: K8sObject = net('Sidecar', 'default', { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } });
  it('a public address outside the registry: 502 for HTTP, the handshake fails for HTTPS', () => {
    const c = curlIn([registryOnly]);
    expect(c('-s', '-o', '/dev/null', '-w', '%{http_code}', 'http://8.8.8.8/').stdout).toBe('502');
    expect(c('-s', 'https://8.8.8.8/').exitCode).toBe(35);
  });
});
