/**
 * The ingress gateway's X-Forwarded-For, x-envoy-internal and x-envoy-external-address, as Envoy
 * sets them with use_remote_address: the learner's machine (10.244.0.1 as the pod network sees it)
 * is a private address, which Envoy up to 1.32 (Istio 1.24) trusts as internal by default.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSimCommand } from '../../../src/sim/simulator.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const ROUTE = `apiVersion: networking.istio.io/v1beta1
kind: Gateway
metadata: {name: httpbin-gateway, namespace: foo}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: httpbin, namespace: foo}
spec:
  hosts: ["*"]
  gateways: [httpbin-gateway]
  http:
  - route:
    - destination: {host: httpbin.foo.svc.cluster.local, port: {number: 8000}}
`;

async function cluster(istio: string) {
  const d = mkdtempSync(join(tmpdir(), 'mw-gwint-'));
  dirs.push(d);
  const state = join(d, 'sim');
  const sim = (argv: string[], stdin?: string) =>
    runSimCommand(argv, { stateDir: state, istio, ...(stdin ? { stdin } : {}) });
  await sim(['kubectl', 'create', 'ns', 'foo']);
  await sim(['kubectl', 'label', 'ns', 'foo', 'istio-injection=enabled']);
  await sim(['kubectl', 'apply', '-n', 'foo', '-f', 'samples/httpbin/httpbin.yaml']);
  await sim(['kubectl', 'apply', '-f', '-'], ROUTE);
  const port = (
    await sim([
      'kubectl',
      '-n',
      'istio-system',
      'get',
      'service',
      'istio-ingressgateway',
      '-o',
      'jsonpath={.spec.ports[?(@.name=="http2")].nodePort}',
    ])
  ).stdout;
  const ip = (await sim(['minikube', 'ip'])).stdout.trim();
  return (path: string, ...args: string[]) => sim(['curl', '-s', ...args, `http://${ip}:${port}${path}`]);
}

// source: Envoy docs/root/configuration/http/http_conn_man/headers.rst (x-envoy-internal: with
// use_remote_address the request is internal when there is no XFF and the peer's address is
// RFC 1918 / RFC 4193; x-envoy-external-address is set for external requests only) and
// source/common/http/conn_manager_utility.cc (appendXff with ","); httpbin/helpers.py ENV_HEADERS
describe('ingress gateway, Istio 1.22 (Envoy 1.30), kong/httpbin', () => {
  it('a private client is internal: X-Envoy-Internal, no X-Envoy-External-Address', async () => {
    const get = await cluster('1.22');
    const headers = (JSON.parse((await get('/headers')).stdout) as { headers: Record<string, string> }).headers;
    expect(headers['X-Envoy-Internal']).toBe('true');
    expect(headers).not.toHaveProperty('X-Envoy-External-Address');
    // X-Forwarded-For is one of the headers the Python httpbin hides; origin shows it.
    expect(JSON.parse((await get('/ip')).stdout)).toEqual({ origin: '10.244.0.1' });
    // A client's own X-Forwarded-For: the peer is appended, and the request is external.
    const r = JSON.parse((await get('/get?show_env=1', '-H', 'X-Forwarded-For: 1.2.3.4')).stdout) as {
      headers: Record<string, string>;
      origin: string;
    };
    expect(r.origin).toBe('1.2.3.4,10.244.0.1');
    expect(r.headers['X-Envoy-External-Address']).toBe('10.244.0.1');
    expect(r.headers).not.toHaveProperty('X-Envoy-Internal');
  });
});
