/**
 * curl opens --cacert only for TLS, once the TCP connection is up, and logs it after its Client
 * hello: a refused connection fails first (7), a missing file then fails the handshake (77), -k
 * loads none; the verbose log names the file.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpsGateway, type HttpsGateway } from './https-gateway.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

let sim: HttpsGateway['sim'];
let url = '';
let resolve = '';

beforeAll(async () => {
  ({ sim, url, resolve } = await httpsGateway(dirs));
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
