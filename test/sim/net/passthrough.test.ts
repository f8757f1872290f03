/**
 * A TLS server inside a pod and a PASSTHROUGH Gateway, with istio.io's ingress-sni-passthrough task
 * (content/en/docs/tasks/traffic-management/ingress/ingress-sni-passthrough/snips.sh): nginx
 * configured by the ConfigMap'd nginx.conf, serving its own certificate from a Secret volume.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../src/kube/object.js';
import { runCurl } from '../../../src/sim/net/curl.js';
import { fileView } from '../../../src/sim/net/file-view.js';
import { explainRequest } from '../../../src/sim/net/explain-request.js';

const DIR = new URL('./fixtures/passthrough/', import.meta.url).pathname;
const b64 = (f: string) => readFileSync(`${DIR}${f}`).toString('base64');

// snips.sh snip_deploy_an_nginx_server_2 (nginx.conf), _3 (its ConfigMap), _4 (Service and Deployment).
const NGINX_CONF = `events {
}

http {
  log_format main '$remote_addr - $remote_user [$time_local]  $status '
  '"$request" $body_bytes_sent "$http_referer" '
  '"$http_user_agent" "$http_x_forwarded_for"';
  access_log /var/log/nginx/access.log main;
  error_log  /var/log/nginx/error.log;

  server {
    listen 443 ssl;

    root /usr/share/nginx/html;
    index index.html;

    server_name nginx.example.com;
    ssl_certificate /etc/nginx-server-certs/tls.crt;
    ssl_certificate_key /etc/nginx-server-certs/tls.key;
  }
}
`;

function objects(conf = NGINX_CONF): K8sObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'nginx-server-certs', namespace: 'default' },
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': b64('nginx.example.com.crt'), 'tls.key': b64('nginx.example.com.key') },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'nginx-configmap', namespace: 'default' },
      data: { 'nginx.conf': conf },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'my-nginx', namespace: 'default', labels: { run: 'my-nginx' } },
      spec: { ports: [{ port: 443, protocol: 'TCP' }], selector: { run: 'my-nginx' } },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'my-nginx', namespace: 'default' },
      spec: {
        selector: { matchLabels: { run: 'my-nginx' } },
        template: {
          metadata: { labels: { run: 'my-nginx', 'sidecar.istio.io/inject': 'true' } },
          spec: {
            containers: [
              {
                name: 'my-nginx',
                image: 'nginx',
                ports: [{ containerPort: 443 }],
                volumeMounts: [
                  { name: 'nginx-config', mountPath: '/etc/nginx', readOnly: true },
                  { name: 'nginx-server-certs', mountPath: '/etc/nginx-server-certs', readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: 'nginx-config', configMap: { name: 'nginx-configmap' } },
              { name: 'nginx-server-certs', secret: { secretName: 'nginx-server-certs' } },
            ],
          },
        },
      },
    },
    // snip_configure_an_ingress_gateway_1 and _3.
    {
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'Gateway',
      metadata: { name: 'mygateway', namespace: 'default' },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          {
            port: { number: 443, name: 'https', protocol: 'HTTPS' },
            tls: { mode: 'PASSTHROUGH' },
            hosts: ['nginx.example.com'],
          },
        ],
      },
    },
    {
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'VirtualService',
      metadata: { name: 'nginx', namespace: 'default' },
      spec: {
        hosts: ['nginx.example.com'],
        gateways: ['mygateway'],
        tls: [
          {
            match: [{ port: 443, sniHosts: ['nginx.example.com'] }],
            route: [{ destination: { host: 'my-nginx', port: { number: 443 } } }],
          },
        ],
      },
    },
  ];
}

const view = fileView(objects(), []).view;
const gwIp = view.list('Service', 'istio-system').find((s) => s.metadata.name === 'istio-ingressgateway')?.spec?.[
  'clusterIP'
] as string;
const nginxPod = view.list('Pod', 'default').find((p) => p.metadata.name.startsWith('my-nginx'))!;

describe('nginx with its own TLS certificate', () => {
  it('answers in the pod with its certificate, HTTP/1.1 and Server: nginx (snip_deploy_an_nginx_server_5)', () => {
    // kubectl exec … -c istio-proxy -- curl -sS -v -k --resolve nginx.example.com:443:127.0.0.1 https://nginx.example.com
    const r = runCurl(
      { kind: 'pod', pod: nginxPod, container: 'istio-proxy' },
      ['curl', '-sS', '-v', '-k', '--resolve', 'nginx.example.com:443:127.0.0.1', 'https://nginx.example.com'],
      view,
    );
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('*  subject: CN=nginx.example.com; O=some organization');
    expect(r.stderr).toContain('*  issuer: O=example Inc.; CN=example.com');
    expect(r.stderr).toContain(
      '*  SSL certificate verify result: unable to get local issuer certificate (20), continuing anyway.',
    );
    expect(r.stderr).toContain('* ALPN: server accepted http/1.1');
    expect(r.stderr).toContain('< HTTP/1.1 200 OK');
    expect(r.stderr).toMatch(/< Server: nginx\//);
    expect(r.stdout).toContain('<title>Welcome to nginx!</title>');
  });
  it('is plaintext on a port its nginx.conf does not mark ssl: wrong version number (curl 35)', () => {
    const plain = fileView(objects(NGINX_CONF.replace('listen 443 ssl;', 'listen 443;')), []).view;
    const pod = plain.list('Pod', 'default').find((p) => p.metadata.name.startsWith('my-nginx'))!;
    const r = runCurl(
      { kind: 'pod', pod, container: 'istio-proxy' },
      ['curl', '-sS', '-k', '--resolve', 'nginx.example.com:443:127.0.0.1', 'https://nginx.example.com'],
      plain,
    );
    expect(r).toMatchObject({
      exitCode: 35,
      stderr: 'curl: (35) OpenSSL/3.5.2: error:0A00010B:SSL routines::wrong version number\n',
    });
  });
  it('refuses a configuration the model cannot follow', () => {
    const odd = fileView(objects(NGINX_CONF.replace('index index.html;', 'location / { return 200; }')), []).view;
    const pod = odd.list('Pod', 'default').find((p) => p.metadata.name.startsWith('my-nginx'))!;
    const r = runCurl(
      { kind: 'pod', pod, container: 'istio-proxy' },
      ['curl', '-sS', '-k', '--resolve', 'nginx.example.com:443:127.0.0.1', 'https://nginx.example.com'],
      odd,
    );
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(
      'meshwalk sim: nginx with the nginx block `location` in its nginx.conf is not simulated',
    );
  });
});

describe('Gateway tls.mode PASSTHROUGH', () => {
  const curl = (host: string, ...args: string[]) =>
    runCurl(
      { kind: 'host' },
      ['curl', ...args, '--resolve', `${host}:443:${gwIp}`, '--cacert', 'example.com.crt', `https://${host}`],
      view,
      DIR,
    );
  it('routes by SNI to nginx, which serves its own certificate (snip_configure_an_ingress_gateway_6)', () => {
    const r = curl('nginx.example.com', '-v');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('*  subject: CN=nginx.example.com; O=some organization');
    expect(r.stderr).toContain('*  SSL certificate verify ok.');
    expect(r.stderr).toContain('< HTTP/1.1 200 OK');
    expect(r.stderr).toMatch(/< Server: nginx\//);
    expect(r.stdout).toContain('<title>Welcome to nginx!</title>');
  });
  it('resets the handshake of an SNI no tls route takes (curl 35)', () => {
    const r = curl('other.example.com', '-sS', '-o', '/dev/null', '-w', '%{http_code}');
    expect(r).toMatchObject({ exitCode: 35, stdout: '000' });
    expect(r.stderr).toContain(
      'curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to other.example.com:443',
    );
  });
  it('explain names the server, the tls route and the backend certificate', () => {
    const r = explainRequest(view, {
      from: { kind: 'outside' },
      url: 'https://nginx.example.com/',
      resolve: [`nginx.example.com:443:${gwIp}`],
    });
    expect(r.ok && r.text).toContain(
      'Ingress gateway: Gateway default/mygateway serves nginx.example.com:443 (matched by port and SNI nginx.example.com) with tls.mode PASSTHROUGH',
    );
    expect(r.ok && r.text).toContain(
      'PASSTHROUGH: VirtualService nginx tls route (sniHosts) sends SNI nginx.example.com to my-nginx:443',
    );
    expect(r.ok && r.text).toContain(
      'the backend served its own certificate: subject CN=nginx.example.com; O=some organization',
    );
    expect(r.ok && r.text).toContain('curl sees: HTTP/1.1 200 OK');
  });
});
