import { describe, expect, it } from 'vitest';
import { resolveRealCluster } from '../../src/cluster/context.js';
import { parseMinifiedConfig } from '../../src/cluster/kubeconfig.js';
import { decideLocality } from '../../src/cluster/locality.js';
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

const mk = (profiles: Record<string, string[]>) => ({ minikube: { profiles } });

describe('decideLocality: name and address', () => {
  it.each([
    ['minikube', 'minikube', 'https://192.168.49.2:8443', mk({ minikube: ['192.168.49.2:8443'] }), 'minikube'],
    ['minikube', 'minikube', 'https://127.0.0.1:52011', mk({ minikube: ['192.168.49.2:8443'] }), 'minikube'],
    [
      'minikube',
      'minikube',
      'https://192.168.49.2:8443',
      { minikube: { error: 'minikube is not installed' } },
      'minikube',
    ],
    ['kind-dev', 'kind-dev', 'https://127.0.0.1:40123', {}, 'kind'],
    ['kind', 'kind', 'https://127.0.0.1:40123', {}, 'kind'],
    ['admin@kind', 'kind', 'https://172.18.0.2:6443', {}, 'kind'],
    ['k3d-mesh', 'k3d-mesh', 'https://0.0.0.0:6550', {}, 'k3d'],
    [
      'docker-desktop',
      'docker-desktop',
      'https://kubernetes.docker.internal:6443',
      { resolved: { 'kubernetes.docker.internal': ['127.0.0.1'] } },
      'docker-desktop',
    ],
    ['docker-for-desktop', 'docker-for-desktop-cluster', 'https://localhost:6443', {}, 'docker-desktop'],
    ['rancher-desktop', 'rancher-desktop', 'https://127.0.0.1:6443', {}, 'rancher-desktop'],
    ['microk8s', 'microk8s-cluster', 'https://127.0.0.1:16443', {}, 'microk8s'],
    ['orbstack', 'orbstack', 'https://[::1]:26443', {}, 'orbstack'],
    ['colima', 'colima', 'https://192.168.106.2:6443', {}, 'colima'],
    [
      'crc',
      'api-crc-testing:6443',
      'https://api.crc.testing:6443',
      { crc: { ip: '192.168.130.11' }, resolved: { 'api.crc.testing': ['192.168.130.11'] } },
      'crc',
    ],
  ])('%s (cluster %s, %s) is local: %s', (ctx, cluster, server, facts, product) => {
    expect(decideLocality(info(ctx, cluster, server), { home, ...facts })).toMatchObject({ local: true, product });
  });

  it.each([
    [
      'minikube',
      'minikube',
      'https://34.120.1.9:8443',
      mk({ minikube: ['192.168.49.2:8443'] }),
      'cluster name "minikube" matched minikube, but the address did not: server 34.120.1.9:8443 is not a node of minikube profile "minikube" (192.168.49.2:8443) or a loopback address',
    ],
    [
      'minikube',
      'minikube',
      'https://35.1.2.3:8443',
      { minikube: { error: 'minikube is not installed' } },
      'cluster name "minikube" matched minikube, but the address did not: server 35.1.2.3:8443 is not a loopback address or on a Docker/Podman bridge (172.16.0.0/12, 192.168.0.0/16, 10.88.0.0/15, 198.19.248.0/22) (minikube cannot say: minikube is not installed)',
    ],
    [
      'minikube',
      'minikube-old',
      'https://192.168.49.2:8443',
      mk({ minikube: ['192.168.49.2:8443'] }),
      'cluster name "minikube-old" matched minikube, but the address did not: server 192.168.49.2:8443 is not an address minikube reports: it has no profile "minikube-old" (it has: minikube)',
    ],
    [
      'kind-x',
      'kind-x',
      'https://prod.example.com:6443',
      { resolved: { 'prod.example.com': ['34.1.2.3'] } },
      'cluster name "kind-x" matched kind, but the address did not: server prod.example.com:6443 (34.1.2.3) is not a loopback address or on a Docker/Podman bridge (172.16.0.0/12, 192.168.0.0/16, 10.88.0.0/15, 198.19.248.0/22)',
    ],
    [
      'docker-desktop',
      'docker-desktop',
      'https://kubernetes.docker.internal:6443',
      {},
      'cluster name "docker-desktop" matched docker-desktop, but the address did not: server kubernetes.docker.internal:6443 (its host does not resolve) is not a loopback address or on a Docker/Podman bridge (172.16.0.0/12, 192.168.0.0/16, 10.88.0.0/15, 198.19.248.0/22)',
    ],
    [
      'crc',
      'api-crc-testing:6443',
      'https://api.crc.testing:6443',
      { crc: { error: 'crc is not installed' }, resolved: { 'api.crc.testing': ['10.1.2.3'] } },
      'cluster name "api-crc-testing:6443" matched crc, but the address did not: server api.crc.testing:6443 (10.1.2.3) is not the CRC VM address (crc is not installed) or a loopback address',
    ],
  ])('%s (cluster %s at %s): name matched, address did not', (ctx, cluster, server, facts, why) => {
    expect(decideLocality(info(ctx, cluster, server), { home, ...facts })).toMatchObject({ local: false, why });
  });

  it('reads proxy-url from the minified kubeconfig', () => {
    const cfg = JSON.parse(minified('kind-x', 'kind-x', 'https://127.0.0.1:6443')) as {
      clusters: { cluster: Record<string, string> }[];
    };
    cfg.clusters[0]!.cluster['proxy-url'] = 'socks5://bastion:1080';
    expect(parseMinifiedConfig(JSON.stringify(cfg))).toMatchObject({
      context: 'kind-x',
      proxyUrl: 'socks5://bastion:1080',
    });
  });

  it('a cluster entry with a proxy-url is not local, whatever its server says', () => {
    const l = decideLocality(
      { ...info('kind-x', 'kind-x', 'https://127.0.0.1:6443'), proxyUrl: 'socks5://bastion:1080' },
      { home },
    );
    expect(l).toMatchObject({
      local: false,
      why: 'cluster name "kind-x" matched kind, but the address did not: requests go through proxy-url socks5://bastion:1080',
    });
  });

  it.each([
    ['gke_acme_europe-west1_prod', 'gke_acme_europe-west1_prod', 'https://34.76.1.2'],
    [
      'arn:aws:eks:eu-west-1:123:cluster/prod',
      'arn:aws:eks:eu-west-1:123:cluster/prod',
      'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
    ],
    ['staging', 'staging', 'https://10.20.0.1:6443'],
    ['my-minikube-lookalike', 'prod', 'https://prod.example.com'],
    ['dev', 'dev', 'https://127.0.0.1:6443'], // a tunnel or kubectl proxy on loopback can front any cluster
  ])('%s is not known to be local', (ctx, cluster, server) => {
    expect(
      decideLocality(info(ctx, cluster, server), { home, ...mk({ minikube: ['192.168.49.2:8443'] }) }),
    ).toMatchObject({ local: false });
  });

  it("minikube -p foo: recognised by the CA under ~/.minikube, or $MINIKUBE_HOME, or as a node; then its address must be profile foo's", () => {
    const foo = mk({ foo: ['192.168.58.2:8443'] });
    expect(
      decideLocality(info('foo', 'foo', 'https://192.168.58.2:8443', `${home}/.minikube/ca.crt`), { home, ...foo }),
    ).toMatchObject({ local: true, product: 'minikube' });
    expect(
      decideLocality(info('foo', 'foo', 'https://192.168.58.2:8443', '/data/mk/.minikube/ca.crt'), {
        home,
        minikubeHome: '/data/mk',
        ...foo,
      }),
    ).toMatchObject({ local: true });
    expect(decideLocality(info('foo', 'foo', 'https://192.168.58.2:8443'), { home, ...foo })).toMatchObject({
      local: true,
      identity: { by: 'minikube node', profile: 'foo' },
    });
    expect(
      decideLocality(info('foo', 'foo', 'https://192.168.58.2:8443', '/etc/ca.crt'), {
        home,
        ...mk({ minikube: ['192.168.49.2:8443'] }),
      }),
    ).toMatchObject({ local: false });
    expect(
      decideLocality(info('foo', 'foo', 'https://35.1.1.1:8443', `${home}/.minikube/ca.crt`), { home, ...foo }),
    ).toMatchObject({ local: false, address: { ok: false, server: '35.1.1.1:8443' } });
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
    expect(classifyKubectlStderr(`E1124 07:14:50.585096 7918 memcache.go:265] noise\n${line}\n`)).toEqual({
      kind,
      line,
    });
  });

  it('keeps the detail after a bare "Error in configuration:" line', () => {
    expect(
      classifyKubectlStderr(
        'Error in configuration: \n* unable to read client-cert /x for minikube due to open /x: no such file or directory\n',
      ),
    ).toEqual({
      kind: 'config',
      line: 'Error in configuration: unable to read client-cert /x for minikube due to open /x: no such file or directory',
    });
  });

  it("treats NotFound, Forbidden and a remote command's failure as ordinary answers", () => {
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
    const s = standins([
      { tool: 'kubectl', args: ['config', 'view'], stdout: minified('prod', 'prod-cluster', 'https://10.20.0.1:6443') },
    ]);
    const r = await resolveRealCluster({ env: s.env, cwd: s.dir });
    expect(r).toEqual({
      ok: false,
      reason:
        'refusing kube context "prod": cluster "prod-cluster" at https://10.20.0.1:6443 is not known to be local (minikube, kind, k3d, docker-desktop, rancher-desktop, microk8s, orbstack, colima, crc). ' +
        'meshwalk creates and deletes objects in the cluster it uses; if this one is disposable, rerun with --allow-context prod, otherwise switch to a local one: kubectl config use-context minikube',
      why: { kind: 'not-local', context: 'prod', server: 'https://10.20.0.1:6443' },
    });
    expect(
      s
        .calls()
        .filter((c) => c.tool === 'kubectl')
        .map((c) => c.argv.slice(0, 2).join(' ')),
    ).toEqual(['config view']);
  });

  it('refuses a context named minikube whose server is a public address, naming both checks; nothing else runs', async () => {
    const s = standins([]);
    s.setRules([
      {
        tool: 'kubectl',
        args: ['config', 'view'],
        stdout: minified('minikube', 'minikube', 'https://34.120.1.9:8443'),
      },
      ...healthyMinikube(s.home),
    ]);
    const r = await resolveRealCluster({ env: s.env, cwd: s.dir });
    expect(r).toMatchObject({
      ok: false,
      why: { kind: 'not-local', context: 'minikube', server: 'https://34.120.1.9:8443' },
    });
    expect(!r.ok && r.reason).toBe(
      'refusing kube context "minikube": cluster name "minikube" matched minikube, but the address did not: server 34.120.1.9:8443 is not a node of minikube profile "minikube" (192.168.49.2:8443) or a loopback address. ' +
        "meshwalk creates and deletes objects in the cluster it uses; if this one is disposable, rerun with --allow-context minikube, otherwise if minikube's address changed: minikube update-context -p minikube",
    );
    expect(s.calls().map((c) => `${c.tool} ${c.argv.join(' ')}`)).toEqual([
      'kubectl config view --minify -o json',
      'minikube profile list -o json',
    ]);
  });

  it('--allow-context NAME lets exactly that context through', async () => {
    const rules = [
      {
        tool: 'kubectl' as const,
        args: ['config', 'view'],
        stdout: minified('prod', 'prod-cluster', 'https://10.20.0.1:6443'),
      },
      { tool: 'kubectl' as const, args: ['get', '--raw', '/readyz'], stdout: 'ok' },
    ];
    const s = standins(rules);
    expect((await resolveRealCluster({ env: s.env, cwd: s.dir, allowContext: ['staging'] })).ok).toBe(false);
    const r = await resolveRealCluster({ env: s.env, cwd: s.dir, allowContext: ['prod'] });
    expect(r.ok).toBe(true);
    expect(s.calls().at(-1)!.argv).toEqual(['--context', 'prod', '--request-timeout=5s', 'get', '--raw', '/readyz']);
  });

  it('passes --context to config view when a context is named, and reports a missing one', async () => {
    const s = standins([
      {
        tool: 'kubectl',
        args: ['config', 'view'],
        stderr: 'Error in configuration: context was not found for specified context: nope\n',
        exit: 1,
      },
    ]);
    const r = await resolveRealCluster({ env: s.env, cwd: s.dir, context: 'nope' });
    expect(r).toEqual({
      ok: false,
      reason:
        'kube context "nope" not found (Error in configuration: context was not found for specified context: nope): list them with kubectl config get-contexts',
    });
    expect(s.calls()[0]!.argv).toEqual(['config', 'view', '--minify', '-o', 'json', '--context', 'nope']);
  });

  it("an unreachable cluster: kubectl's words and how to start it", async () => {
    const s = standins([]);
    s.setRules([
      {
        tool: 'kubectl',
        args: ['get', '--raw'],
        stderr:
          'The connection to the server 192.168.49.2:8443 was refused - did you specify the right host or port?\n',
        exit: 1,
      },
      ...healthyMinikube(s.home),
    ]);
    expect(await resolveRealCluster({ env: s.env, cwd: s.dir })).toEqual({
      ok: false,
      reason:
        'cannot reach kube context "minikube": The connection to the server 192.168.49.2:8443 was refused - did you specify the right host or port?; is the cluster running? Try: minikube start',
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
