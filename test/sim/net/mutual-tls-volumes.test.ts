/**
 * MUTUAL at the ingress gateway with the CA in its own `NAME-cacert` Secret, curl -v as istio.io's
 * secure-ingress task records it, and curl inside a pod reading its certificates from a Secret
 * volume (the sleep sample mounts `sleep-secret` at /etc/sleep/tls: samples/sleep/sleep.yaml).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../src/kube/object.js';
import { runCurl } from '../../../src/sim/net/curl.js';
import { fileView } from '../../../src/sim/net/file-view.js';
import { explainRequest } from '../../../src/sim/net/explain-request.js';

const DIR = new URL('./fixtures/mutual/', import.meta.url).pathname;
const pem = (f: string) => readFileSync(`${DIR}${f}`, 'utf8');
const b64 = (f: string) => Buffer.from(pem(f)).toString('base64');

const secret = (name: string, ns: string, data: Record<string, string>): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: ns },
  type: 'Opaque',
  data,
});
const objects: K8sObject[] = [
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'httpbin', namespace: 'foo' },
    spec: { selector: { app: 'httpbin' }, ports: [{ name: 'http', port: 8000, targetPort: 8080 }] },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'httpbin', namespace: 'foo' },
    spec: {
      template: {
        metadata: { labels: { app: 'httpbin' } },
        spec: { containers: [{ name: 'httpbin', image: 'docker.io/mccutchen/go-httpbin:v2.15.0' }] },
      },
    },
  },
  // The server certificate and key in one Secret, the CA in NAME-cacert (pilot/pkg/credentials/kube/secrets.go GetCaCert).
  secret('httpbin-credential', 'istio-system', { 'tls.crt': b64('server.crt'), 'tls.key': b64('server.key') }),
  secret('httpbin-credential-cacert', 'istio-system', { 'ca.crt': b64('ca.crt') }),
  secret('sleep-secret', 'legacy', {
    'ca.crt': b64('ca.crt'),
    'tls.crt': b64('client.crt'),
    'tls.key': b64('client.key'),
  }),
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'sleep', namespace: 'legacy' },
    spec: {
      template: {
        metadata: { labels: { app: 'sleep', 'sidecar.istio.io/inject': 'false' } },
        spec: {
          containers: [
            {
              name: 'sleep',
              image: 'curlimages/curl',
              command: ['/bin/sleep', 'infinity'],
              volumeMounts: [{ mountPath: '/etc/sleep/tls', name: 'secret-volume' }],
            },
          ],
          volumes: [{ name: 'secret-volume', secret: { secretName: 'sleep-secret', optional: true } }],
        },
      },
    },
  },
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: 'mygateway', namespace: 'foo' },
    spec: {
      selector: { istio: 'ingressgateway' },
      servers: [
        {
          port: { number: 443, name: 'https', protocol: 'HTTPS' },
          tls: { mode: 'MUTUAL', credentialName: 'httpbin-credential' },
          hosts: ['httpbin.example.com'],
        },
      ],
    },
  },
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'httpbin', namespace: 'foo' },
    spec: {
      hosts: ['httpbin.example.com'],
      gateways: ['mygateway'],
      http: [
        {
          match: [{ uri: { prefix: '/status' } }],
          route: [{ destination: { host: 'httpbin', port: { number: 8000 } } }],
        },
      ],
    },
  },
];
const view = fileView(objects, []).view;
const gwIp = view.list('Service', 'istio-system').find((s) => s.metadata.name === 'istio-ingressgateway')?.spec?.[
  'clusterIP'
] as string;
const sleep = view.list('Pod', 'legacy').find((p) => p.metadata.name.startsWith('sleep'))!;
const URL418 = 'https://httpbin.example.com/status/418';
const resolve = ['--resolve', `httpbin.example.com:443:${gwIp}`];

describe('MUTUAL with the CA in NAME-cacert', () => {
  const host = (...args: string[]) =>
    runCurl({ kind: 'host' }, ['curl', ...resolve, '--cacert', 'ca.crt', ...args, URL418], view, DIR);
  it('gets the teapot with the client certificate the CA signed (secure-ingress snip_configure_a_mutual_tls_ingress_gateway_5)', () => {
    const r = host('-sS', '--cert', 'client.crt', '--key', 'client.key');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('-=[ teapot ]=-');
  });
  it('shows Request CERT and the alert in -v without a certificate (snip_configure_a_mutual_tls_ingress_gateway_4)', () => {
    const r = host('-v');
    expect(r.exitCode).toBe(56);
    const lines = r.stderr.split('\n');
    const at = (l: string) => lines.indexOf(l);
    expect(at('* TLSv1.3 (IN), TLS handshake, Request CERT (13):')).toBe(
      at('* TLSv1.3 (IN), TLS handshake, Encrypted Extensions (8):') + 1,
    );
    expect(at('* TLSv1.3 (OUT), TLS handshake, Certificate (11):')).toBeGreaterThan(
      at('* TLSv1.3 (IN), TLS handshake, Finished (20):'),
    );
    expect(r.stderr).toContain('* TLSv1.3 (IN), TLS alert, unknown (628):');
    expect(r.stderr).toContain(
      'curl: (56) OpenSSL SSL_read: OpenSSL/3.5.2: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0',
    );
  });
  it('refuses a certificate from another CA with "unknown ca"', () => {
    const r = host('-sS', '--cert', 'stranger.crt', '--key', 'stranger.key');
    expect(r.exitCode).toBe(56);
    expect(r.stderr).toContain('tlsv1 alert unknown ca');
  });
  it('explain names the server, the credential, the CA and the outcome', () => {
    const ask = (clientCert?: string) => {
      const r = explainRequest(view, {
        from: { kind: 'outside' },
        url: URL418,
        resolve: [`httpbin.example.com:443:${gwIp}`],
        ...(clientCert ? { clientCert } : {}),
      });
      return r.ok ? r.text : r.error;
    };
    const none = ask();
    expect(none).toContain(
      'Gateway foo/mygateway serves httpbin.example.com:443 (matched by port and SNI httpbin.example.com) with tls.mode MUTUAL, credentialName httpbin-credential',
    );
    expect(none).toContain(
      'client certificates must be signed by the CA in Secret istio-system/httpbin-credential-cacert key ca.crt',
    );
    expect(none).toContain('curl sent no client certificate: the gateway alerts "certificate required" (curl exit 56)');
    expect(ask(pem('stranger.crt'))).toContain(
      'is not signed by that CA: the gateway alerts "unknown ca" (curl exit 56)',
    );
    const ok = ask(pem('client.crt'));
    expect(ok).toContain('is signed by that CA: accepted');
    expect(ok).toContain('curl sees: HTTP/2 418');
  });
});

describe('OPTIONAL_MUTUAL (networking/v1alpha3/gateway.proto: the client certificate is optional)', () => {
  const optional = fileView(
    objects.map((o) =>
      o.kind === 'Gateway'
        ? structuredClone({
            ...o,
            spec: {
              ...o.spec,
              servers: [
                {
                  port: { number: 443, name: 'https', protocol: 'HTTPS' },
                  tls: { mode: 'OPTIONAL_MUTUAL', credentialName: 'httpbin-credential' },
                  hosts: ['httpbin.example.com'],
                },
              ],
            },
          })
        : o,
    ),
    [],
  ).view;
  const host = (...args: string[]) =>
    runCurl(
      { kind: 'host' },
      ['curl', '-sS', '-o', '/dev/null', '-w', '%{http_code}', ...resolve, '--cacert', 'ca.crt', ...args, URL418],
      optional,
      DIR,
    );
  it('answers without a client certificate', () => {
    expect(host()).toMatchObject({ stdout: '418', exitCode: 0 });
  });
  it('still refuses a certificate from another CA', () => {
    expect(host('--cert', 'stranger.crt', '--key', 'stranger.key')).toMatchObject({ stdout: '000', exitCode: 56 });
  });
});

describe('curl inside a pod reads its certificates from a Secret volume', () => {
  const inPod = (...args: string[]) =>
    runCurl(
      { kind: 'pod', pod: sleep, container: 'sleep' },
      [
        'curl',
        '-sS',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        ...args,
        '--connect-to',
        `httpbin.example.com:443:${gwIp}:443`,
        URL418,
      ],
      view,
    );
  it('gets 418 with --cacert, --cert and --key under /etc/sleep/tls', () => {
    const r = inPod(
      '--cacert',
      '/etc/sleep/tls/ca.crt',
      '--cert',
      '/etc/sleep/tls/tls.crt',
      '--key',
      '/etc/sleep/tls/tls.key',
    );
    expect(r).toMatchObject({ stdout: '418', stderr: '', exitCode: 0 });
  });
  it('a file the volume lacks: curl 77 and still 000 (lib/vtls/openssl.c)', () => {
    const r = inPod('--cacert', '/etc/sleep/tls/missing.crt');
    expect(r).toMatchObject({
      stdout: '000',
      exitCode: 77,
      stderr: 'curl: (77) error setting certificate file: /etc/sleep/tls/missing.crt\n',
    });
  });
  it('a missing key file: curl 58', () => {
    const r = inPod(
      '--cacert',
      '/etc/sleep/tls/ca.crt',
      '--cert',
      '/etc/sleep/tls/tls.crt',
      '--key',
      '/etc/sleep/tls/nokey',
    );
    expect(r).toMatchObject({
      stdout: '000',
      exitCode: 58,
      stderr: "curl: (58) unable to set private key file: '/etc/sleep/tls/nokey' type PEM\n",
    });
  });
  it('a file outside the volumes is refused, not guessed', () => {
    const r = inPod('--cacert', '/etc/ssl/mine.crt');
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('curl reading /etc/ssl/mine.crt inside a pod is not simulated');
  });
  it('plain http never opens the files', () => {
    const r = runCurl(
      { kind: 'pod', pod: sleep, container: 'sleep' },
      [
        'curl',
        '-s',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        '--cacert',
        '/etc/sleep/tls/missing.crt',
        'http://httpbin.foo:8000/status/200',
      ],
      view,
    );
    expect(r).toMatchObject({ stdout: '200', exitCode: 0 });
  });
});
