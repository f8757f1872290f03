import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRealCluster } from '../../src/cluster/real.js';
import { loadRealView, meshConfig } from '../../src/cluster/real-view.js';
import { createSimCluster } from '../../src/cluster/sim.js';
import { compileMesh } from '../../src/sim/mesh/index.js';
import { istiodDeployment } from './scenarios.js';
import { standins } from './standins.js';

const istioKinds =
  'peerauthentications.security.istio.io,requestauthentications.security.istio.io,authorizationpolicies.security.istio.io,destinationrules.networking.istio.io,sidecars.networking.istio.io,serviceentries.networking.istio.io,gateways.networking.istio.io,virtualservices.networking.istio.io';
const list = (items: object[]) => JSON.stringify({ kind: 'List', items });

describe('loadRealView', () => {
  it('reads workloads, policies and the mesh config with kubectl, pinned, and never keeps a private key', async () => {
    const s = standins([
      {
        tool: 'kubectl',
        args: ['get', 'namespaces,pods,services,serviceaccounts,configmaps'],
        stdout: list([
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } },
          { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'sleep-1', namespace: 'demo', labels: { app: 'sleep' } } },
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'istio', namespace: 'istio-system' },
            data: { mesh: 'trustDomain: example.org\noutboundTrafficPolicy:\n  mode: REGISTRY_ONLY\n' },
          },
        ]),
      },
      {
        tool: 'kubectl',
        args: ['get', istioKinds],
        stderr: 'error: the server doesn\'t have a resource type "sidecars"\n',
        exit: 1,
      },
      {
        tool: 'kubectl',
        args: ['get', 'peerauthentications.security.istio.io'],
        stdout: list([
          {
            apiVersion: 'security.istio.io/v1',
            kind: 'PeerAuthentication',
            metadata: { name: 'default', namespace: 'demo' },
            spec: { mtls: { mode: 'STRICT' } },
          },
        ]),
      },
      {
        tool: 'kubectl',
        args: ['get', 'sidecars.networking.istio.io'],
        stderr: 'error: the server doesn\'t have a resource type "sidecars"\n',
        exit: 1,
      },
      {
        tool: 'kubectl',
        args: ['get', 'secrets', '-n', 'istio-system'],
        stdout: list([
          {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'books-tls', namespace: 'istio-system' },
            data: { 'tls.key': 'UFJJVkFURQ==', 'tls.crt': 'Q0VSVA==' },
          },
        ]),
      },
      { tool: 'kubectl', args: ['get', 'deployment', 'istiod'], stdout: istiodDeployment('1.22.3') },
      { tool: 'kubectl', args: ['get'], stdout: list([]) },
    ]);
    const view = await loadRealView(createRealCluster({ context: 'minikube', cwd: s.dir, env: s.env }));
    expect(view).toMatchObject({
      istioVersion: '1.22',
      rootNamespace: 'istio-system',
      trustDomain: 'example.org',
      outboundTrafficPolicy: 'REGISTRY_ONLY',
    });
    expect(view.list('Pod', 'demo').map((p) => p.metadata.name)).toEqual(['sleep-1']);
    expect(view.get('PeerAuthentication', 'demo', 'default')?.spec).toEqual({ mtls: { mode: 'STRICT' } });
    expect(view.get('Secret', 'istio-system', 'books-tls')?.data).toEqual({
      'tls.key': 'UkVEQUNURUQ=',
      'tls.crt': 'Q0VSVA==',
    });
    for (const c of s.calls()) expect(c.argv.slice(0, 2)).toEqual(['--context', 'minikube']);
  });

  it('a cluster that cannot be read is one clear line', async () => {
    const s = standins([
      {
        tool: 'kubectl',
        stderr: 'The connection to the server 127.0.0.1:8443 was refused - did you specify the right host or port?\n',
        exit: 1,
      },
    ]);
    await expect(loadRealView(createRealCluster({ context: 'kind-x', cwd: s.dir, env: s.env }))).rejects.toThrow(
      'cannot read namespaces, pods, services, serviceaccounts, configmaps from the cluster: cannot reach kube context "kind-x": The connection to the server 127.0.0.1:8443 was refused',
    );
  });

  it("over the simulated cluster's kubectl, gives the policy engine the same policies the simulator holds", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'meshwalk-view-'));
    const sim = createSimCluster({ stateDir, cwd: stateDir, env: {}, propagationMs: 0 });
    const applied = await sim.run(['kubectl', 'apply', '-f', '-'], {
      stdin: `apiVersion: v1
kind: Namespace
metadata: {name: demo}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: demo}
spec: {mtls: {mode: STRICT}}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-get, namespace: demo}
spec: {action: ALLOW, rules: [{to: [{operation: {methods: [GET]}}]}]}
`,
    });
    expect(applied.stderr).toBe('');
    const view = await loadRealView(sim);
    const mesh = compileMesh(view);
    expect(mesh.peerAuthn.get('demo')?.map((p) => p.ref.name)).toEqual(['default']);
    expect(mesh.authz.get('demo')?.map((p) => p.ref.name)).toEqual(['allow-get']);
    expect(mesh.rootNamespace).toBe('istio-system');
  });
});

describe('meshConfig', () => {
  it("falls back to Istio's defaults", () => {
    expect(meshConfig(undefined)).toEqual({
      rootNamespace: 'istio-system',
      trustDomain: 'cluster.local',
      outbound: 'ALLOW_ANY',
    });
    expect(meshConfig(': : not yaml [')).toEqual({
      rootNamespace: 'istio-system',
      trustDomain: 'cluster.local',
      outbound: 'ALLOW_ANY',
    });
  });
});
