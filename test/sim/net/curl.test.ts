/** curl over an object view: output text and exit codes, without the API server. */
import { describe, expect, it } from 'vitest';
import { runProcess } from '../../../src/sim/net/index.js';
import { fileView } from '../../../src/sim/net/file-view.js';
import { deployment, service } from './objects.js';

const view = fileView(
  [
    service('foo', 'httpbin', 8000, 8080),
    deployment('foo', 'httpbin', 'docker.io/mccutchen/go-httpbin:v2.15.0'),
    deployment('foo', 'sleep', 'curlimages/curl:8.16.0'),
  ],
  [],
).view;
const sleep = view.list('Pod', 'foo').find((p) => p.metadata.name.startsWith('sleep'))!;
const curl = (...args: string[]) =>
  runProcess({ kind: 'pod', pod: sleep, container: 'sleep' }, ['curl', ...args], '', view)!;

describe('curl', () => {
  it('prints %{http_code} and the XFCC header under mTLS', () => {
    expect(curl('http://httpbin:8000/ip', '-s', '-o', '/dev/null', '-w', '%{http_code}\\n').stdout).toBe('200\n');
    const h = curl('-s', 'http://httpbin.foo.svc.cluster.local:8000/headers');
    expect(h.stdout).toContain(
      '"X-Forwarded-Client-Cert": [\n      "By=spiffe://cluster.local/ns/foo/sa/httpbin;Hash=',
    );
    expect(h.stdout).toContain('URI=spiffe://cluster.local/ns/foo/sa/sleep"');
  });
  it('reports an unknown host as curl 6 and 000', () => {
    const r = curl('-sS', '-w', '%{http_code}', 'http://nope.foo:8000/');
    expect(r).toEqual({ stdout: '000', stderr: 'curl: (6) Could not resolve host: nope.foo\n', exitCode: 6 });
  });
  it('-I shows the status line and lower-case headers through the sidecar', () => {
    const r = curl('-sI', 'http://httpbin.foo:8000/status/418');
    expect(r.stdout.split('\r\n')[0]).toBe("HTTP/1.1 418 I'm a teapot");
    expect(r.stdout).toContain('server: istio-envoy\r\n');
  });
  it('-f turns 4xx into exit 22', () => {
    const r = curl('-sSf', 'http://httpbin.foo:8000/status/404');
    expect([r.exitCode, r.stderr]).toEqual([22, 'curl: (22) The requested URL returned error: 404\n']);
  });
  it('refuses flags it does not model', () => {
    expect(curl('--proxy', 'x', 'http://httpbin.foo:8000/').exitCode).toBe(3);
  });
  it('-b/--cookie sends one Cookie header; a custom Cookie header replaces it; a cookie file is not simulated', () => {
    // curl's lib/http.c adds its cookies only when no custom `Cookie:` header is set.
    expect(curl('-s', '-b', 'a=1', '--cookie', 'b=2', 'http://httpbin:8000/headers').stdout).toContain(
      '"Cookie": [\n      "a=1; b=2"',
    );
    expect(curl('-s', '-b', 'a=1', '-H', 'Cookie: c=3', 'http://httpbin:8000/headers').stdout).toContain(
      '"Cookie": [\n      "c=3"',
    );
    expect(curl('-s', '-b', 'cookies.txt', 'http://httpbin:8000/headers').exitCode).toBe(3);
  });
});
