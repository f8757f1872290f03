/** kubectl's wording and behaviour on the simulated cluster, in-process through runSimCommand. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runSimCommand } from '../../src/sim/simulator.js';
import type { ClusterView, RunProcess } from '../../src/sim/types.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function cluster(istio?: string) {
  const stateDir = mkdtempSync(join(tmpdir(), 'mwkubectl-'));
  dirs.push(stateDir);
  let first = true;
  let now = Date.parse('2025-01-01T00:00:00Z');
  const run = async (
    line: string | string[],
    stdin = '',
    extra: { runProcess?: RunProcess; propagationMs?: number } = {},
  ) => {
    const argv = Array.isArray(line) ? line : line.split(' ');
    const r = await runSimCommand(argv, {
      stateDir,
      stdin,
      cwd: stateDir,
      now,
      ...(first && istio ? { istio } : {}),
      ...extra,
    });
    first = false;
    return r;
  };
  return { run, stateDir, tick: (ms: number) => (now += ms) };
}

const HTTPBIN = `apiVersion: v1
kind: Service
metadata: {name: httpbin, labels: {app: httpbin}}
spec: {ports: [{name: http, port: 8000, targetPort: 8080}], selector: {app: httpbin}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: httpbin}
spec:
  selector: {matchLabels: {app: httpbin}}
  template:
    metadata: {labels: {app: httpbin}}
    spec: {containers: [{name: httpbin, image: docker.io/mccutchen/go-httpbin:v2.15.0}]}
`;

describe('kubectl on the simulated cluster', () => {
  test('namespaces: create, already exists, label with and without --overwrite', async () => {
    const { run } = cluster();
    expect(await run('kubectl create ns foo')).toEqual({ stdout: 'namespace/foo created\n', stderr: '', exitCode: 0 });
    expect(await run('kubectl create namespace foo')).toMatchObject({
      stderr: 'Error from server (AlreadyExists): namespaces "foo" already exists\n',
      exitCode: 1,
    });
    expect((await run('kubectl label namespace foo istio-injection=disabled')).stdout).toBe('namespace/foo labeled\n');
    expect(await run('kubectl label namespace foo istio-injection=enabled')).toMatchObject({
      stderr: "error: 'istio-injection' already has a value (disabled), and --overwrite is false\n",
      exitCode: 1,
    });
    expect((await run('kubectl label namespace foo istio-injection=enabled --overwrite')).stdout).toBe(
      'namespace/foo labeled\n',
    );
    expect((await run('kubectl get ns foo -o jsonpath={.metadata.labels.istio-injection}')).stdout).toBe('enabled');
    expect((await run('kubectl delete ns foo')).stdout).toBe('namespace "foo" deleted\n');
    expect(await run('kubectl delete ns default')).toMatchObject({
      stderr: 'Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted\n',
      exitCode: 1,
    });
  });

  test('the ingress gateway as installed: LoadBalancer pending, node ports, labels', async () => {
    const { run } = cluster();
    const port = await run([
      'kubectl',
      '-n',
      'istio-system',
      'get',
      'service',
      'istio-ingressgateway',
      '-o',
      'jsonpath={.spec.ports[?(@.name=="http2")].nodePort}',
    ]);
    expect(Number(port.stdout)).toBeGreaterThanOrEqual(30000);
    expect(Number(port.stdout)).toBeLessThanOrEqual(32767);
    const table = (await run('kubectl get svc istio-ingressgateway -n istio-system')).stdout.split('\n');
    expect(table[0]).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/);
    expect(table[1]).toMatch(
      /^istio-ingressgateway\s+LoadBalancer\s+10\.\d+\.\d+\.\d+\s+<pending>\s+15021:\d+\/TCP,80:\d+\/TCP,443:\d+\/TCP\s+0s$/,
    );
    expect(
      (
        await run(
          'kubectl get pods -n istio-system -l istio=ingressgateway -o jsonpath={.items[0].spec.serviceAccountName}',
        )
      ).stdout,
    ).toBe('istio-ingressgateway-service-account');
    expect(
      (await run('kubectl get nodes -o jsonpath={.items[0].status.addresses[?(@.type=="InternalIP")].address}')).stdout,
    ).toBe('192.168.49.2');
    expect((await run('minikube ip')).stdout).toBe('192.168.49.2\n');
    expect((await run('kubectl config current-context')).stdout).toBe('minikube\n');
  });

  test('injection at pod creation only; rollout restart injects; READY 2/2', async () => {
    const { run, tick } = cluster();
    await run('kubectl create ns foo');
    expect((await run('kubectl apply -n foo -f -', HTTPBIN)).stdout).toBe(
      'service/httpbin created\ndeployment.apps/httpbin created\n',
    );
    expect((await run('kubectl apply -n foo -f -', HTTPBIN)).stdout).toBe(
      'service/httpbin unchanged\ndeployment.apps/httpbin unchanged\n',
    );
    const before = (await run('kubectl get pods -n foo -o name')).stdout;
    await run('kubectl label ns foo istio-injection=enabled');
    expect((await run('kubectl get pods -n foo -o name')).stdout).toBe(before);
    expect((await run('kubectl get pods -n foo')).stdout).toMatch(
      /^httpbin-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+0s$/m,
    );
    tick(5000);
    expect((await run('kubectl rollout restart deploy/httpbin -n foo')).stdout).toBe(
      'deployment.apps/httpbin restarted\n',
    );
    expect((await run('kubectl rollout status deployment httpbin -n foo')).stdout).toBe(
      'deployment "httpbin" successfully rolled out\n',
    );
    const after = (await run('kubectl get pods -n foo -o name')).stdout;
    expect(after).not.toBe(before);
    expect((await run('kubectl get pods -n foo')).stdout).toMatch(/2\/2\s+Running/);
    expect(
      (await run('kubectl get pods -n foo -o jsonpath={.items[0].metadata.labels.security\\.istio\\.io/tlsMode}'))
        .exitCode,
    ).toBe(0);
    expect(
      (
        await run([
          'kubectl',
          'get',
          'pods',
          '-n',
          'foo',
          '-o',
          "jsonpath={.items[0].metadata.labels['security.istio.io/tlsMode']}",
        ])
      ).stdout,
    ).toBe('istio');
  });

  test('opt-out by pod annotation', async () => {
    const { run } = cluster();
    await run('kubectl create ns foo');
    await run('kubectl label ns foo istio-injection=enabled');
    await run(
      'kubectl apply -n foo -f -',
      HTTPBIN.replace(
        'metadata: {labels: {app: httpbin}}',
        'metadata: {labels: {app: httpbin}, annotations: {sidecar.istio.io/inject: "false"}}',
      ),
    );
    expect((await run('kubectl get pods -n foo -o jsonpath={.items[*].spec.containers[*].name}')).stdout).toBe(
      'httpbin',
    );
  });

  test('get: no resources, unknown types, not found, -o yaml', async () => {
    const { run } = cluster();
    expect(await run('kubectl get pa -A')).toEqual({ stdout: '', stderr: 'No resources found\n', exitCode: 0 });
    expect(await run('kubectl get pods -n nope')).toEqual({
      stdout: '',
      stderr: 'No resources found in nope namespace.\n',
      exitCode: 0,
    });
    expect(await run('kubectl get meshpolicies')).toMatchObject({
      stderr: 'error: the server doesn\'t have a resource type "meshpolicies"\n',
      exitCode: 1,
    });
    expect(await run('kubectl get pa missing')).toMatchObject({
      stderr: 'Error from server (NotFound): peerauthentications.security.istio.io "missing" not found\n',
      exitCode: 1,
    });
    await run(
      'kubectl apply -f -',
      'apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: istio-system}\nspec: {mtls: {mode: STRICT}}\n',
    );
    expect((await run('kubectl get pa -n istio-system -o yaml default')).stdout).toMatch(
      /^apiVersion: security.istio.io\/v1\nkind: PeerAuthentication\nmetadata:\n {2}annotations:\n/,
    );
    expect((await run('kubectl get pa -A')).stdout).toBe(
      'NAMESPACE      NAME      MODE     AGE\nistio-system   default   STRICT   0s\n',
    );
    expect((await run('kubectl delete peerauthentication -n istio-system default')).stdout).toBe(
      'peerauthentication.security.istio.io "default" deleted\n',
    );
  });

  test('validation: a bad mTLS mode and an unknown field are rejected with the server messages', async () => {
    const { run } = cluster();
    const bad = await run(
      'kubectl apply -f -',
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: default}\nspec: {mtls: {mode: STRCT}}\n',
    );
    expect(bad).toMatchObject({
      exitCode: 1,
      stderr:
        'The PeerAuthentication "default" is invalid: \n* spec.mtls.mode: Unsupported value: "STRCT": supported values: "UNSET", "DISABLE", "PERMISSIVE", "STRICT"\n* <nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation\n',
    });
    const unknown = await run(
      'kubectl apply -f -',
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: default}\nspec: {mtl: {mode: STRICT}}\n',
    );
    expect(unknown.stderr).toBe(
      'Error from server (BadRequest): error when creating "STDIN": PeerAuthentication in version "v1" cannot be handled as a PeerAuthentication: strict decoding error: unknown field "spec.mtl"\n',
    );
    const noSel = await run(
      'kubectl apply -f -',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x, namespace: default}\nspec: {template: {metadata: {labels: {app: x}}, spec: {containers: [{name: x, image: nginx}]}}}\n',
    );
    expect(noSel.stderr).toBe('The Deployment "x" is invalid: spec.selector: Required value\n');
  });

  test('removed APIs: served on 1.5, gone on 1.6/1.7', async () => {
    const policy =
      'apiVersion: authentication.istio.io/v1alpha1\nkind: Policy\nmetadata: {name: p, namespace: default}\nspec: {peers: [{mtls: {}}]}\n';
    const rbac =
      'apiVersion: rbac.istio.io/v1alpha1\nkind: ServiceRole\nmetadata: {name: r, namespace: default}\nspec: {rules: []}\n';
    const old = cluster('1.5');
    expect((await old.run('kubectl apply -f -', policy)).stdout).toBe('policy.authentication.istio.io/p created\n');
    const six = cluster('1.6');
    expect((await six.run('kubectl apply -f -', policy)).exitCode).toBe(1);
    expect((await six.run('kubectl apply -f -', rbac)).stdout).toBe('servicerole.rbac.istio.io/r created\n');
    const seven = cluster('1.7');
    expect((await seven.run('kubectl apply -f -', rbac)).stderr).toContain(
      'no matches for kind "ServiceRole" in version "rbac.istio.io/v1alpha1"',
    );
    expect(
      (
        await seven.run(
          'kubectl apply -f -',
          'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: d, namespace: default}\nspec: {}\n',
        )
      ).stderr,
    ).toContain('no matches for kind "PeerAuthentication" in version "security.istio.io/v1"');
  });

  test('exec: remote exit code propagates; refusals exit 3', async () => {
    const { run } = cluster();
    await run('kubectl apply -n default -f -', HTTPBIN);
    const fake: RunProcess = (origin, argv) =>
      origin.kind === 'pod' && argv[0] === 'curl' ? { stdout: '000', stderr: '', exitCode: 56 } : undefined;
    expect(await run('kubectl exec deploy/httpbin -- curl http://x', '', { runProcess: fake })).toEqual({
      stdout: '000',
      stderr: 'command terminated with exit code 56\n',
      exitCode: 56,
    });
    expect((await run('kubectl exec deploy/httpbin -- nslookup x', '', { runProcess: fake })).exitCode).toBe(3);
    expect((await run('kubectl exec deploy/httpbin -c nope -- curl x', '', { runProcess: fake })).stderr).toBe(
      'error: unable to upgrade connection: container not found ("nope")\n',
    );
    expect((await run('kubectl port-forward svc/httpbin 8000')).exitCode).toBe(3);
    expect((await run('kubectl get pods --watch')).exitCode).toBe(3);
    expect((await run('kubectl nonsense')).stderr).toBe('error: unknown command "nonsense" for "kubectl"\n');
    expect((await run('openssl version')).exitCode).toBe(3);
    expect((await run('kubectl get pods --context prod')).stderr).toBe(
      'Error in configuration: context was not found for specified context: prod\n',
    );
  });

  test('propagation: the data plane sees Istio config only after the delay', async () => {
    const { run, tick } = cluster();
    await run('kubectl apply -n default -f -', HTTPBIN);
    let seen: ClusterView | undefined;
    const spy: RunProcess = (_o, _a, _s, view) => {
      seen = view;
      return { stdout: '', stderr: '', exitCode: 0 };
    };
    await run(
      'kubectl apply -f -',
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: default}\nspec: {mtls: {mode: STRICT}}\n',
      { propagationMs: 2000 },
    );
    expect((await run('kubectl get pa -n default -o name')).stdout).toBe(
      'peerauthentication.security.istio.io/default\n',
    );
    tick(1000);
    await run('kubectl exec deploy/httpbin -- curl x', '', { runProcess: spy });
    expect(seen?.list('PeerAuthentication')).toHaveLength(0);
    expect(seen?.list('Pod', 'default')).toHaveLength(1);
    tick(1500);
    await run('kubectl exec deploy/httpbin -- curl x', '', { runProcess: spy });
    expect(seen?.list('PeerAuthentication')).toHaveLength(1);
  });

  test("secrets: tls from real PEM files, with kubectl's errors", async () => {
    const { run, stateDir } = cluster();
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-sha256',
        '-nodes',
        '-days',
        '1',
        '-newkey',
        'rsa:2048',
        '-keyout',
        join(stateDir, 'tls.key'),
        '-out',
        join(stateDir, 'tls.crt'),
        '-subj',
        '/CN=minikube.me/O=minikube.me',
      ],
      { stdio: 'ignore' },
    );
    writeFileSync(join(stateDir, 'junk.txt'), 'hi\n');
    expect((await run('kubectl create -n istio-system secret tls cred --key tls.key --cert tls.crt')).stdout).toBe(
      'secret/cred created\n',
    );
    expect((await run('kubectl get secret cred -n istio-system -o jsonpath={.type}')).stdout).toBe('kubernetes.io/tls');
    expect((await run('kubectl create secret tls x --key tls.crt --cert tls.crt')).stderr).toBe(
      'error: tls: found a certificate rather than a key in the PEM for the private key\n',
    );
    expect((await run('kubectl create secret tls x --key tls.key --cert junk.txt')).stderr).toBe(
      'error: tls: failed to find any PEM data in certificate input\n',
    );
    expect((await run('kubectl create secret tls x --key tls.key --cert nope.crt')).stderr).toBe(
      'error: Cannot read file nope.crt, open nope.crt: no such file or directory\n',
    );
    expect((await run('kubectl create secret generic g --from-literal=a=b')).stdout).toBe('secret/g created\n');
    expect((await run('kubectl get secret g -o jsonpath={.data.a}')).stdout).toBe('Yg==');
    expect((await run('kubectl create ns foo --dry-run=client -o yaml')).stdout).toBe(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: null\n  name: foo\nspec: {}\nstatus: {}\n',
    );
  });
});
