/**
 * `meshwalk explain` on the outcomes the simulator gained with CUSTOM authorization, dry-run
 * policies, egress-gateway authorization, ingress MUTUAL TLS and TLS passthrough: each names what
 * decided. The cluster is built by replaying the first steps of a recorded case (its source line
 * says where the case comes from), then explain asks about the request the case's next step makes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcess, judge, loadCases } from '../conformance/cases.js';
import { shlexSplit } from '../conformance/shlex.js';
import { meshwalk } from '../support/meshwalk.js';

const cases = loadCases(join(import.meta.dirname, '..', 'conformance', 'extra'));

/** A state directory holding the cluster after the case's steps before `upTo`, each as recorded. */
async function clusterAfter(file: string, upTo: number): Promise<string> {
  const c = cases.find((x) => x.file === file);
  if (!c) throw new Error(`no case ${file}`);
  const state = mkdtempSync(join(tmpdir(), 'mw-explain-'));
  const run = inProcess();
  for (const [i, step] of c.steps.slice(0, upTo).entries()) {
    const why = judge(step, i, await run(c, shlexSplit(step.run), i, step.stdin ?? '', state));
    expect(why, `${file} step ${i}: ${step.run}`).toBeUndefined();
  }
  return state;
}

async function explain(state: string, args: string[]) {
  const r = await meshwalk(['explain', '--state', state, ...args]);
  return r.stdout + r.stderr;
}

const toIngress = (host: string) => ['--connect-to', `${host}:443:istio-ingressgateway.istio-system:443`];

describe('explain names what decided each new outcome', () => {
  it('CUSTOM: the policy, its provider and what the provider answered, before DENY and ALLOW', async () => {
    const state = await clusterAfter('authz-custom-ext-authz.yaml', 10);
    const headers = 'http://httpbin.foo:8000/headers';
    const out = await explain(state, ['--from', 'foo/sleep', '--to', headers, '-H', 'x-ext-authz: deny']);
    expect(out).toContain('authz CUSTOM   [match] foo/ext-authz: rule 1 matches\n');
    expect(out).toContain(
      'authz CUSTOM   [match] foo/ext-authz: provider sample-ext-authz-grpc (gRPC ext-authz.foo.svc.cluster.local:9000) denies: `x-ext-authz: deny` is not `allow`',
    );
    expect(out).toMatch(/decision +denied by CUSTOM: provider sample-ext-authz-grpc/);
    expect(out).toContain('curl sees: HTTP/1.1 403 Forbidden, body "denied by ext_authz for not found header');
    const allowed = await explain(state, ['--from', 'foo/sleep', '--to', headers, '-H', 'x-ext-authz: allow']);
    expect(allowed).toContain('provider sample-ext-authz-grpc (gRPC ext-authz.foo.svc.cluster.local:9000) allows');
    expect(allowed).toContain('curl sees: HTTP/1.1 200 OK');
  });

  it('dry-run: the shadow decision of the annotated policy, not enforced', async () => {
    const state = await clusterAfter('authz-dry-run-annotation.yaml', 8);
    const out = await explain(state, [
      '--from',
      'foo/sleep',
      '--to',
      'http://httpbin.foo:8000/headers',
      '-H',
      'X-B3-Sampled: 1',
    ]);
    expect(out).toContain(
      'authz DENY     [match] foo/deny-path-headers: dry-run (istio.io/dry-run): rule 1 would match (shadow denied); not enforced',
    );
    expect(out).toContain('curl sees: HTTP/1.1 200 OK');
  });

  it('egress gateway: the policy on the gateway that denies, at the gateway hop', async () => {
    const state = await clusterAfter('egress-gateway-authz-namespace.yaml', 12);
    const out = await explain(state, ['--from', 'bar/sleep', '--to', 'http://edition.cnn.com/politics']);
    expect(out).toContain('Hop 2 (at the egress gateway):');
    expect(out).toContain('[no match] istio-system/egress-from-foo-only: no rule matches');
    expect(out).toContain('namespaces wants [foo], request has bar');
    expect(out).toContain('curl sees: HTTP/1.1 403 Forbidden, body "RBAC: access denied"');
  });

  it('ingress MUTUAL: the Gateway, its credential and CA, and the missing client certificate', async () => {
    const state = await clusterAfter('ingress-https-mutual-no-client-cert.yaml', 10);
    const out = await explain(state, [
      '--from',
      'legacy/sleep',
      '--to',
      'https://httpbin.example.com/status/418',
      ...toIngress('httpbin.example.com'),
    ]);
    expect(out).toContain('Gateway foo/mygateway serves httpbin.example.com:443');
    expect(out).toContain('tls.mode MUTUAL, credentialName httpbin-credential');
    expect(out).toContain(
      'client certificates must be signed by the CA in Secret istio-system/httpbin-credential key ca.crt',
    );
    expect(out).toContain('curl sent no client certificate: the gateway alerts "certificate required" (curl exit 56)');
  });

  it('TLS passthrough: an SNI no server matches, naming the Gateway and its hosts', async () => {
    const state = await clusterAfter('ingress-tls-passthrough-nginx.yaml', 15);
    const out = await explain(state, [
      '--from',
      'legacy/sleep',
      '--to',
      'https://other.example.com/',
      ...toIngress('other.example.com'),
    ]);
    expect(out).toContain('no HTTPS server on port 443 has a host matching SNI other.example.com');
    expect(out).toContain('(default/mygateway hosts nginx.example.com)');
    expect(out).toContain('curl sees: exit 35');
  });
});
