/**
 * curl opens --cacert only for TLS, once the TCP connection is up, and logs it after its Client
 * hello: a refused connection fails first (7), a missing file then fails the handshake (77), -k
 * loads none; the verbose log names the file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSimCommand } from '../../../src/sim/simulator.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  dirs.push(d);
  return d;
};

const GATEWAY = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    tls: {mode: SIMPLE, credentialName: cred}
    hosts: [minikube.me]
`;

let sim: (argv: string[], stdin?: string) => ReturnType<typeof runSimCommand>;
let url = '';
let resolve = '';

beforeAll(async () => {
  const work = tmp('mw-work-');
  const state = join(tmp('mw-state-'), 'sim');
  execFileSync(
    'openssl',
    'req -x509 -nodes -days 1 -newkey rsa:2048 -keyout tls.key -out tls.crt -subj /CN=minikube.me -addext subjectAltName=DNS:minikube.me'.split(
      ' ',
    ),
    { cwd: work, stdio: 'ignore' },
  );
  sim = (argv, stdin) => runSimCommand(argv, { stateDir: state, cwd: work, ...(stdin ? { stdin } : {}) });
  await sim('kubectl create secret tls cred -n istio-system --key tls.key --cert tls.crt'.split(' '));
  await sim(['kubectl', 'apply', '-f', '-'], GATEWAY);
  const port = (
    await sim([
      'kubectl',
      '-n',
      'istio-system',
      'get',
      'service',
      'istio-ingressgateway',
      '-o',
      'jsonpath={.spec.ports[?(@.name=="https")].nodePort}',
    ])
  ).stdout;
  const ip = (await sim(['minikube', 'ip'])).stdout.trim();
  url = `https://minikube.me:${port}/`;
  resolve = `minikube.me:${port}:${ip}`;
});

describe('curl --cacert', () => {
  // source: curl lib/vtls/openssl.c populate_x509_store (infof " CAfile: %s", " CApath: %s");
  // istio.io secure-ingress outputs show "*  CAfile: example_certs1/example.com.crt" and
  // "*  CApath: none" after the Client hello
  it('-v names the CA file after the Client hello', async () => {
    const r = await sim(['curl', '-v', '-o', '/dev/null', '--cacert', 'tls.crt', '--resolve', resolve, url]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain(
      '* TLSv1.3 (OUT), TLS handshake, Client hello (1):\n*  CAfile: tls.crt\n*  CApath: none\n* TLSv1.3 (IN), TLS handshake, Server hello (2):\n',
    );
  });
  // source: curl lib/vtls/openssl.c (the CA store is loaded during the TLS handshake, after
  // lib/connect.c has connected: a refused connection is exit 7 whatever --cacert names)
  it('nothing listens: the connection fails first (7), the missing file is never opened', async () => {
    const r = await sim(['curl', '-sS', '--cacert', 'missing.crt', 'https://127.0.0.1:9/']);
    expect(r.exitCode).toBe(7);
    expect(r.stderr).toMatch(/^curl: \(7\) Failed to connect to 127\.0\.0\.1 port 9 /);
  });
  // source: curl lib/cf-socket.c (infof "  Trying %s:%d..." before the connect; "Connected to"
  // only once it succeeds)
  it('-v on a refused connection shows the attempt, not a connection', async () => {
    const r = await sim(['curl', '-v', '--cacert', 'missing.crt', 'https://127.0.0.1:9/']);
    expect(r.exitCode).toBe(7);
    expect(r.stderr).toContain('*   Trying 127.0.0.1:9...\n');
    expect(r.stderr).not.toContain('Connected to');
  });
  it('connected: the missing file fails the handshake after the Client hello (77)', async () => {
    const r = await sim(['curl', '-v', '--cacert', 'missing.crt', '--resolve', resolve, url]);
    expect(r.exitCode).toBe(77);
    expect(r.stderr).toContain('* Connected to minikube.me');
    expect(r.stderr).toContain(
      '* ALPN: curl offers h2,http/1.1\n* TLSv1.3 (OUT), TLS handshake, Client hello (1):\ncurl: (77) error setting certificate file: missing.crt\n',
    );
  });
  it('-k verifies nothing and opens no CA file', async () => {
    const r = await sim([
      'curl',
      '-sk',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '--cacert',
      'missing.crt',
      '--resolve',
      resolve,
      url,
    ]);
    expect(r).toMatchObject({ stdout: '404', exitCode: 0 });
  });
});
