/** VirtualServices in the client sidecar, the istio-proxy container's bypass and distroless images. */
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../src/kube/object.js';
import { runProcess } from '../../../src/sim/net/index.js';
import { fileView } from '../../../src/sim/net/file-view.js';

const svc: K8sObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'httpbin', namespace: 'foo' },
  spec: { selector: { app: 'httpbin' }, ports: [{ name: 'http', port: 8000, targetPort: 8080 }] },
};
const dep = (name: string, image: string, labels: Record<string, string>): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'foo' },
  spec: {
    template: {
      metadata: { labels },
      spec: {
        serviceAccountName: name,
        containers: [
          { name, image },
          { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.24.0' },
        ],
      },
    },
  },
});
const vs = (http: unknown[]): K8sObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'httpbin', namespace: 'foo' },
  spec: { hosts: ['httpbin'], http },
});
const dr: K8sObject = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: { name: 'httpbin', namespace: 'foo' },
  spec: {
    host: 'httpbin',
    subsets: [
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: 'v2' } },
    ],
  },
};
const base = [
  svc,
  dep('httpbin', 'docker.io/mccutchen/go-httpbin:v2.15.0', { app: 'httpbin', version: 'v1' }),
  dep('sleep', 'curlimages/curl:8.16.0', { app: 'sleep' }),
];

function curlIn(objects: K8sObject[], container = 'sleep', app = 'sleep') {
  const view = fileView(objects, []).view;
  const pod = view.list('Pod', 'foo').find((p) => p.metadata.name.startsWith(app))!;
  return (...args: string[]) => runProcess({ kind: 'pod', pod, container }, ['curl', ...args], '', view)!;
}
const code = ['-s', '-o', '/dev/null', '-w', '%{http_code}'];

describe('VirtualService in the client sidecar', () => {
  it('a route timeout shorter than the upstream is 504 upstream request timeout', () => {
    const curl = curlIn([...base, vs([{ route: [{ destination: { host: 'httpbin' } }], timeout: '3s' }])]);
    expect(curl('-s', 'http://httpbin.foo:8000/delay/5')).toEqual({
      stdout: 'upstream request timeout',
      stderr: '',
      exitCode: 0,
    });
    expect(curl(...code, 'http://httpbin.foo:8000/delay/1').stdout).toBe('200');
  });
  it('fault abort answers without reaching the app; 0% never fires', () => {
    const abort = (value: number) =>
      vs([
        { fault: { abort: { httpStatus: 418, percentage: { value } } }, route: [{ destination: { host: 'httpbin' } }] },
      ]);
    expect(curlIn([...base, abort(100)])('-s', '-w', ' %{http_code}', 'http://httpbin.foo:8000/ip').stdout).toBe(
      'fault filter abort 418',
    );
    expect(curlIn([...base, abort(0)])(...code, 'http://httpbin.foo:8000/ip').stdout).toBe('200');
  });
  it('a header match routes to a subset; no pods is 503 no healthy upstream, no DestinationRule is 503 empty', () => {
    const routes = vs([
      {
        match: [{ headers: { 'end-user': { exact: 'jason' } } }],
        route: [{ destination: { host: 'httpbin', subset: 'v2' } }],
      },
      { route: [{ destination: { host: 'httpbin', subset: 'v1' } }] },
    ]);
    const curl = curlIn([...base, dr, routes]);
    expect(curl(...code, 'http://httpbin.foo:8000/ip').stdout).toBe('200');
    expect(curl('-s', '-H', 'end-user: jason', 'http://httpbin.foo:8000/ip').stdout).toBe('no healthy upstream');
    expect(curlIn([...base, routes])('-s', '-w', '%{http_code}', 'http://httpbin.foo:8000/ip').stdout).toBe('503');
  });
  it('no matching route is 404 from the client sidecar', () => {
    const curl = curlIn([
      ...base,
      vs([{ match: [{ uri: { prefix: '/status' } }], route: [{ destination: { host: 'httpbin' } }] }]),
    ]);
    const r = curl('-sI', 'http://httpbin.foo:8000/ip');
    expect(r.stdout.split('\r\n')[0]).toBe('HTTP/1.1 404 Not Found');
    expect(r.stdout).toContain('server: envoy\r\n');
  });
  it('a VirtualService bound only to a gateway does not apply inside the mesh', () => {
    const gwOnly: K8sObject = {
      ...vs([{ fault: { abort: { httpStatus: 500 } }, route: [{ destination: { host: 'httpbin' } }] }]),
    };
    gwOnly.spec = { ...gwOnly.spec, gateways: ['httpbin-gateway'] };
    expect(curlIn([...base, gwOnly])(...code, 'http://httpbin.foo:8000/ip').stdout).toBe('200');
  });
});

describe('containers', () => {
  it('curl in the istio-proxy container skips the sidecar: plaintext, reset by a STRICT server', () => {
    const strict: K8sObject = {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'foo' },
      spec: { mtls: { mode: 'STRICT' } },
    };
    expect(curlIn([...base, strict])(...code, 'http://httpbin.foo:8000/ip').stdout).toBe('200');
    expect(curlIn([...base, strict], 'istio-proxy')(...code, 'http://httpbin.foo:8000/ip')).toMatchObject({
      stdout: '000',
      exitCode: 56,
    });
  });
  it('go-httpbin has no curl: the runtime error on stdout, exit 126', () => {
    const r = curlIn(base, 'httpbin', 'httpbin')('http://httpbin.foo:8000/ip');
    expect(r).toEqual({
      stdout:
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown\r\n',
      stderr: '',
      exitCode: 126,
    });
  });
});

describe('time (BusyBox, in the curl image)', () => {
  it('reports the simulated elapsed time on stderr after the program, and keeps its exit code', () => {
    const curl = curlIn([...base, vs([{ route: [{ destination: { host: 'httpbin' } }], timeout: '3s' }])]);
    const r = curl('-o', '/dev/null', '-s', '-w', '%{http_code}\\n', 'http://httpbin.foo:8000/delay/5');
    expect(r.stdout).toBe('504\n');
    const sleep = fileView(base, []).view;
    const pod = sleep.list('Pod', 'foo').find((p) => p.metadata.name.startsWith('sleep'))!;
    const t = runProcess(
      { kind: 'pod', pod, container: 'sleep' },
      ['time', 'curl', '-s', 'http://nope.foo'],
      '',
      sleep,
    )!;
    expect(t).toEqual({
      stdout: '',
      stderr: 'Command exited with non-zero status 6\nreal\t0m 0.01s\nuser\t0m 0.00s\nsys\t0m 0.00s\n',
      exitCode: 6,
    });
  });
});

describe('explain', () => {
  it('names the VirtualService route that answered', async () => {
    const { explainRequest } = await import('../../../src/sim/net/explain-request.js');
    const view = fileView(
      [...base, vs([{ fault: { abort: { httpStatus: 500 } }, route: [{ destination: { host: 'httpbin' } }] }])],
      [],
    ).view;
    const r = explainRequest(view, {
      from: { kind: 'workload', namespace: 'foo', name: 'sleep' },
      url: 'http://httpbin.foo:8000/ip',
    });
    expect(r.ok && r.text).toContain(
      'Routing, client sidecar: VirtualService foo/httpbin route 1: fault abort: the proxy answers 500 itself',
    );
  });
});

describe('images without curl', () => {
  it('busybox has wget but no curl; time reports the failed exec (127)', () => {
    const objects = [...base, dep('toolbox', 'busybox:1.36', { app: 'toolbox' })];
    const view = fileView(objects, []).view;
    const pod = view.list('Pod', 'foo').find((p) => p.metadata.name.startsWith('toolbox'))!;
    const run = (...argv: string[]) => runProcess({ kind: 'pod', pod, container: 'toolbox' }, argv, '', view)!;
    expect(run('curl', 'http://httpbin.foo:8000/ip')).toMatchObject({ exitCode: 126 });
    expect(run('wget', '-qO-', 'http://httpbin.foo:8000/ip').exitCode).toBe(0);
    expect(run('time', 'curl', 'http://httpbin.foo:8000/ip')).toMatchObject({ exitCode: 127 });
  });
});

describe('TCP service ports (tcp_proxy)', () => {
  const tcpSvc: K8sObject = {
    ...svc,
    spec: { selector: { app: 'httpbin' }, ports: [{ name: 'tcp', port: 8000, targetPort: 8080 }] },
  };
  const allowIp: K8sObject = {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'ip-only', namespace: 'foo' },
    spec: { selector: { matchLabels: { app: 'httpbin' } }, rules: [{ to: [{ operation: { paths: ['/ip'] } }] }] },
  };
  const objects = [tcpSvc, ...base.slice(1)];
  it('passes HTTP through untouched: no XFCC, no proxy headers', () => {
    const r = curlIn(objects)('-s', 'http://httpbin.foo:8000/headers');
    expect(r.stdout).not.toContain('X-Forwarded-Client-Cert');
    expect(r.stdout).not.toContain('X-Envoy-Attempt-Count');
  });
  it('an ALLOW rule with HTTP-only fields never matches on TCP: the connection is closed', () => {
    const r = curlIn([...objects, allowIp])('-sS', 'http://httpbin.foo:8000/ip');
    expect([r.exitCode, r.stderr]).toEqual([52, 'curl: (52) Empty reply from server\n']);
  });
});

describe('nothing listening, behind a client sidecar', () => {
  it('plain HTTP gets the sidecar 503; TLS from the app is cut during the handshake (35), never curl 7', () => {
    const noListener: K8sObject = {
      ...svc,
      metadata: { name: 'nolisten', namespace: 'foo' },
      spec: { selector: { app: 'httpbin' }, ports: [{ name: 'http-alt', port: 9000, targetPort: 9999 }] },
    };
    const curl = curlIn([...base, noListener]);
    expect(curl('-s', '-w', ' %{http_code}', 'http://nolisten.foo:9000/ip').stdout).toMatch(
      /delayed connect error: Connection refused 503$/,
    );
    expect(curl('-sS', 'https://nolisten.foo:9000/ip')).toMatchObject({ exitCode: 35 });
  });
});
