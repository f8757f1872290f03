/** Gateway tls.mode MUTUAL: curl from the host with and without a client certificate. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../src/kube/object.js';
import { runCurl } from '../../../src/sim/net/curl.js';
import { fileView } from '../../../src/sim/net/file-view.js';

const DIR = new URL('./fixtures/mutual/', import.meta.url).pathname;
const b64 = (f: string) => readFileSync(`${DIR}${f}`).toString('base64');

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
        spec: {
          serviceAccountName: 'httpbin',
          containers: [{ name: 'httpbin', image: 'docker.io/mccutchen/go-httpbin:v2.15.0' }],
        },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'httpbin-credential', namespace: 'istio-system' },
    type: 'Opaque',
    data: { 'tls.crt': b64('server.crt'), 'tls.key': b64('server.key'), 'ca.crt': b64('ca.crt') },
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
const curl = (...args: string[]) =>
  runCurl(
    { kind: 'host' },
    [
      'curl',
      '-sS',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '--resolve',
      `httpbin.example.com:443:${gwIp}`,
      '--cacert',
      'ca.crt',
      ...args,
      'https://httpbin.example.com/status/418',
    ],
    view,
    DIR,
  );

describe('Gateway MUTUAL', () => {
  it('answers a client certificate signed by the secret ca.crt', () => {
    expect(curl('--cert', 'client.crt', '--key', 'client.key')).toMatchObject({
      stdout: '418',
      stderr: '',
      exitCode: 0,
    });
  });
  it('alerts "certificate required" without a client certificate (curl 56 on the first read)', () => {
    const r = curl();
    expect([r.stdout, r.exitCode]).toEqual(['000', 56]);
    expect(r.stderr).toContain('tlsv13 alert certificate required');
  });
  it('alerts "unknown ca" for a certificate the CA did not sign', () => {
    const r = curl('--cert', 'stranger.crt', '--key', 'stranger.key');
    expect(r.exitCode).toBe(56);
    expect(r.stderr).toContain('tlsv1 alert unknown ca');
  });
  it('fails with curl 58 when the certificate file is missing', () => {
    const r = curl('--cert', 'missing.crt', '--key', 'client.key');
    expect(r.exitCode).toBe(58);
    expect(r.stderr).toContain('curl: (58) could not load PEM client certificate from missing.crt');
  });
});
