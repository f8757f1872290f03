import { describe, expect, it } from 'vitest';
import { classifyContext, resolveRealCluster } from '../../src/cluster/context.js';
import { classifyKubectlStderr } from '../../src/cluster/kubectl-failure.js';
import { healthyMinikube, minified } from './scenarios.js';
import { standins } from './standins.js';

const home = '/home/learner';
const info = (context: string, cluster: string, server: string, certificateAuthority?: string) => ({
  context,
  cluster,
  server,
  ...(certificateAuthority ? { certificateAuthority } : {}),
});

describe('classifyContext', () => {
  it.each([
    ['minikube', 'minikube', 'https://192.168.49.2:8443', 'minikube'],
    ['kind-dev', 'kind-dev', 'https://127.0.0.1:40123', 'kind'],
    ['kind', 'kind', 'https://127.0.0.1:40123', 'kind'],
    ['admin@kind', 'kind', 'https://10.1.1.1:6443', 'kind'],
    ['k3d-mesh', 'k3d-mesh', 'https://0.0.0.0:6550', 'k3d'],
    ['docker-desktop', 'docker-desktop', 'https://kubernetes.docker.internal:6443', 'docker-desktop'],
    ['docker-for-desktop', 'docker-for-desktop-cluster', 'https://localhost:6443', 'docker-desktop'],
    ['rancher-desktop', 'rancher-desktop', 'https://127.0.0.1:6443', 'rancher-desktop'],
    ['microk8s', 'microk8s-cluster', 'https://10.0.2.15:16443', 'microk8s'],
    ['orbstack', 'orbstack', 'https://127.0.0.1:26443', 'orbstack'],
    ['colima', 'colima', 'https://127.0.0.1:6443', 'colima'],
    ['default/api-crc-testing:6443/kubeadmin', 'api-crc-testing:6443', 'https://api.crc.testing:6443', 'crc'],
    ['krucible-abc', 'krucible-abc', 'https://10.0.0.9:6443', 'krucible'],
    ['dev', 'dev', 'https://127.0.0.1:6443', 'loopback'],
    ['tunnel', 'tunnel', 'https://[::1]:6443', 'loopback'],
  ])('%s (cluster %s, %s) is local: %s', (ctx, cluster, server, product) => {
    expect(classifyContext(info(ctx, cluster, server), { home })).toMatchObject({ local: true, product });
  });

  it.each([
    ['gke_acme_europe-west1_prod', 'gke_acme_europe-west1_prod', 'https://34.76.1.2'],
    ['arn:aws:eks:eu-west-1:123:cluster/prod', 'arn:aws:eks:eu-west-1:123:cluster/prod', 'https://ABC.gr7.eu-west-1.eks.amazonaws.com'],
    ['staging', 'staging', 'https://10.20.0.1:6443'],
    ['my-minikube-lookalike', 'prod', 'https://prod.example.com'],
  ])('%s is not known to be local', (ctx, cluster, server) => {
    expect(classifyContext(info(ctx, cluster, server), { home })).toMatchObject({ local: false });
  });

  it('minikube -p foo: local by the CA under ~/.minikube, or by $MINIKUBE_HOME, or by the node address', () => {
    expect(classifyContext(info('foo', 'foo', 'https://192.168.58.2:8443', `${home}/.minikube/ca.crt`), { home })).toMatchObject({ local: true, product: 'minikube' });
    expect(classifyContext(info('foo', 'foo', 'https://192.168.58.2:8443', '/data/mk/.minikube/ca.crt'), { home, minikubeHome: '/data/mk' })).toMatchObject({ local: true, product: 'minikube' });
    expect(classifyContext(info('foo', 'foo', 'https://192.168.58.2:8443'), { home, minikubeNodes: ['192.168.58.2:8443'] })).toMatchObject({ local: true, product: 'minikube' });
    expect(classifyContext(info('foo', 'foo', 'https://192.168.58.2:8443', '/etc/ca.crt'), { home, minikubeNodes: ['192.168.49.2:8443'] })).toMatchObject({ local: false });
  });
});

describe('classifyKubectlStderr', () => {
  it.each([
    ['The connection to the server localhost:8080 was refused - did you specify the right host or port?', 'refused'],
    ['Unable to connect to the server: dial tcp 192.168.49.2:8443: i/o timeout', 'unreachable'],
    ['Error in configuration: context was not found for specified context: nope', 'no-context'],
    ['error: current-context must exist in order to minify', 'config'],
    ['error: You must be logged in to the server (Unauthorized)', 'unauthorized'],
  ])('%s -> %s', (line, kind) => {
    expect(classifyKubectlStderr(`E1124 07:14:50.585096 7918 memcache.go:265] noise\n${line}\n`)).toEqual({ kind, line });
  });

  it('keeps the detail after a bare "Error in configuration:" line', () => {
    expect(classifyKubectlStderr('Error in configuration: \n* unable to read client-cert /x for minikube due to open /x: no such file or directory\n')).toEqual({
      kind: 'config',
      line: 'Error in configuration: unable to read client-cert /x for minikube due to open /x: no such file or directory',
    });
  });

  it('treats NotFound, Forbidden and a remote command\'s failure as ordinary answers', () => {
    expect(classifyKubectlStderr('Error from server (NotFound): pods "x" not found\n')).toBeUndefined();
    expect(classifyKubectlStderr('Error from server (Forbidden): pods is forbidden\n')).toBeUndefined();
    expect(classifyKubectlStderr('command terminated with exit code 56\n')).toBeUndefined();
  });
});

describe('resolveRealCluster', () => {
  it('accepts a reachable local context and pins it', async () => {
    const s = standins([]);
    s.setRules(healthyMinikube(s.home));
    const r = await resolveRealCluster({ env: s.env, cwd: s.dir });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.description).toBe('kube context "minikube" (minikube, https://192.168.49.2:8443)');
    expect(r.cluster.kind).toBe('real');
    await r.cluster.run(['kubectl', 'get', '--raw', '/readyz']);
    expect(s.calls().at(-1)!.argv.slice(0, 2)).toEqual(['--context', 'minikube']);
  });

  it('refuses a non-local context with a message naming --allow-context, without contacting it', async () => {
    const s = standins([{ tool: 'kubectl', args: ['config', 'view'], stdout: minified('prod', 'prod-cluster', 'https://10.20.0.1:6443') }]);
    const r = await resolveRealCluster({ env: s.env, cwd: s.dir });
    expect(r).toEqual({
      ok: false,
      reason:
        'refusing kube context "prod": cluster "prod-cluster" at https://10.20.0.1:6443 is not known to be local (minikube, kind, k3d, docker-desktop, rancher-desktop, microk8s, orbstack, colima, crc). ' +
        'meshwalk creates and deletes objects in the cluster it uses; if this one is disposable, rerun with --allow-context prod, otherwise switch to a local one: kubectl config use-context minikube',
      why: { kind: 'not-local', context: 'prod', server: 'https://10.20.0.1:6443' },
    });
    expect(s.calls().filter((c) => c.tool === 'kubectl').map((c) => c.argv.slice(0, 2).join(' '))).toEqual(['config view']);
  });

  it('--allow-context NAME lets exactly that context through', async () => {
    const rules = [
      { tool: 'kubectl' as const, args: ['config', 'view'], stdout: minified('prod', 'prod-cluster', 'https://10.20.0.1:6443') },
      { tool: 'kubectl' as const, args: ['get', '--raw', '/readyz'], stdout: 'ok' },
    ];
    const s = standins(rules);
    expect((await resolveRealCluster({ env: s.env, cwd: s.dir, allowContext: ['staging'] })).ok).toBe(false);
    const r = await resolveRealCluster({ env: s.env, cwd: s.dir, allowContext: ['prod'] });
    expect(r.ok).toBe(true);
    expect(s.calls().at(-1)!.argv).toEqual(['--context', 'prod', '--request-timeout=5s', 'get', '--raw', '/readyz']);
  });

  it('passes --context to config view when a context is named, and reports a missing one', async () => {
    const s = standins([{ tool: 'kubectl', args: ['config', 'view'], stderr: 'Error in configuration: context was not found for specified context: nope\n', exit: 1 }]);
    const r = await resolveRealCluster({ env: s.env, cwd: s.dir, context: 'nope' });
    expect(r).toEqual({
      ok: false,
      reason: 'kube context "nope" not found (Error in configuration: context was not found for specified context: nope): list them with kubectl config get-contexts',
    });
    expect(s.calls()[0]!.argv).toEqual(['config', 'view', '--minify', '-o', 'json', '--context', 'nope']);
  });

  it('an unreachable cluster: kubectl\'s words and how to start it', async () => {
    const s = standins([]);
    s.setRules([
      { tool: 'kubectl', args: ['get', '--raw'], stderr: 'The connection to the server 192.168.49.2:8443 was refused - did you specify the right host or port?\n', exit: 1 },
      ...healthyMinikube(s.home),
    ]);
    expect(await resolveRealCluster({ env: s.env, cwd: s.dir })).toEqual({
      ok: false,
      reason: 'cannot reach kube context "minikube": The connection to the server 192.168.49.2:8443 was refused - did you specify the right host or port?; is the cluster running? Try: minikube start',
      why: { kind: 'unreachable', context: 'minikube', startHint: 'minikube start' },
    });
  });

  it('kubectl missing: one line saying where to get it', async () => {
    const s = standins([], ['minikube']);
    expect(await resolveRealCluster({ env: s.env, cwd: s.dir })).toEqual({
      ok: false,
      reason: 'kubectl not found on PATH: install it from https://kubernetes.io/docs/tasks/tools/ or use --cluster sim',
      why: { kind: 'no-kubectl' },
    });
  });
});
