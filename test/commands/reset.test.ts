import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimCluster } from '../../src/cluster/sim.js';
import { command } from '../../src/commands/reset.js';
import { MANAGED_KINDS } from '../../src/commands/reset-plan.js';
import { healthyMinikube, minified } from '../cluster/scenarios.js';
import { captureIo, standins } from '../cluster/standins.js';

const list = (items: object[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
const ns = (name: string, lesson?: string, phase = 'Active') => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels: lesson ? { 'meshwalk.dev/lesson': lesson } : {} },
  status: { phase },
});
const managed = (apiVersion: string, kind: string, namespace: string, name: string, lesson: string) => ({
  apiVersion,
  kind,
  metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'meshwalk', 'meshwalk.dev/lesson': lesson } },
});

describe('meshwalk reset on a real cluster (stand-in kubectl)', () => {
  function cluster(nsItems: object[], objItems: object[]) {
    const s = standins([]);
    s.setRules([
      { tool: 'kubectl', args: ['get', 'namespaces', '-A', '-l'], stdout: list(nsItems) },
      { tool: 'kubectl', args: ['get', MANAGED_KINDS.join(',')], stdout: list(objItems) },
      { tool: 'kubectl', args: ['delete'], stdout: '' },
      ...healthyMinikube(s.home),
    ]);
    return s;
  }

  it('selects by the lesson labels only, deletes namespaces and managed objects, pinned to the context', async () => {
    const s = cluster(
      [ns('mw-peer', 'peer-authentication'), ns('istio-system', 'peer-authentication')],
      [
        managed('security.istio.io/v1', 'PeerAuthentication', 'istio-system', 'default', 'peer-authentication'),
        managed('networking.istio.io/v1', 'Gateway', 'istio-system', 'books-gw', 'ingress-https'),
        managed('v1', 'Secret', 'istio-system', 'books-tls', 'ingress-https'),
        managed('v1', 'Service', 'mw-peer', 'books', 'peer-authentication'),
      ],
    );
    const c = captureIo(s.env, s.dir);
    expect(await command.main([], c.io)).toBe(0);
    const kubectl = s.calls().filter((x) => x.tool === 'kubectl' && x.argv.includes('get') && x.argv.includes('-l'));
    expect(kubectl.map((x) => x.argv.slice(x.argv.indexOf('-l') + 1, x.argv.indexOf('-l') + 2)[0])).toEqual([
      'meshwalk.dev/lesson',
      'app.kubernetes.io/managed-by=meshwalk',
    ]);
    const deletes = s
      .calls()
      .filter((x) => x.argv.includes('delete'))
      .map((x) => x.argv.join(' '));
    expect(deletes).toEqual([
      '--context minikube delete -n istio-system peerauthentications.security.istio.io/default gateways.networking.istio.io/books-gw secrets/books-tls --ignore-not-found --wait=false',
      '--context minikube delete namespace/mw-peer --ignore-not-found --wait=false',
    ]);
    expect(c.out()).toContain('keep    namespace/istio-system (labelled by a lesson, but shared: never deleted)');
    expect(c.out()).toContain('Deleted 4 objects; namespaces finish terminating in the background.');
  });

  it('with LESSON, selects that lesson only', async () => {
    const s = cluster([], []);
    expect(await command.main(['ingress-https'], captureIo(s.env, s.dir).io)).toBe(0);
    const sel = s
      .calls()
      .filter((x) => x.argv.includes('-l'))
      .map((x) => x.argv[x.argv.indexOf('-l') + 1]);
    expect(sel).toEqual([
      'meshwalk.dev/lesson=ingress-https',
      'app.kubernetes.io/managed-by=meshwalk,meshwalk.dev/lesson=ingress-https',
    ]);
  });

  it('--dry-run lists and deletes nothing', async () => {
    const s = cluster(
      [ns('mw-jwt', 'jwt-authentication')],
      [managed('security.istio.io/v1', 'RequestAuthentication', 'istio-system', 'jwt', 'jwt-authentication')],
    );
    const c = captureIo(s.env, s.dir);
    expect(await command.main(['--dry-run'], c.io)).toBe(0);
    expect(c.out()).toContain('Would delete (dry run, nothing deleted):');
    expect(c.out()).toMatch(/namespace\/mw-jwt +\(lesson jwt-authentication\)/);
    expect(c.out()).toMatch(
      /istio-system {2}requestauthentications\.security\.istio\.io\/jwt +\(lesson jwt-authentication\)/,
    );
    expect(s.calls().some((x) => x.argv.includes('delete'))).toBe(false);
  });

  it("a server that ignores the label selector: only objects carrying meshwalk's labels go; kube-*, default and unmarked stay", async () => {
    const unlabelled = (kind: string, namespace: string, name: string) => ({
      apiVersion: 'v1',
      kind,
      metadata: { name, namespace },
    });
    const s = cluster(
      [
        ns('mw-peer', 'peer-authentication'),
        ns('team-a'),
        ns('kube-flannel', 'peer-authentication'),
        ns('kube-anything', 'x'),
        ns('default', 'peer-authentication'),
        ns('openshift-ingress', 'x'),
        { ...ns('bad name!', 'x') },
      ],
      [
        managed('security.istio.io/v1', 'PeerAuthentication', 'istio-system', 'default', 'peer-authentication'),
        unlabelled('Secret', 'istio-system', 'istio-ca-secret'),
        {
          ...unlabelled('ConfigMap', 'istio-system', 'helm-owned'),
          metadata: {
            name: 'helm-owned',
            namespace: 'istio-system',
            labels: { 'app.kubernetes.io/managed-by': 'helm', 'meshwalk.dev/lesson': 'x' },
          },
        },
        managed('v1', 'Namespace', 'istio-system', 'team-b', 'x'),
        managed('rbac.authorization.k8s.io/v1', 'ClusterRole', 'istio-system', 'admin', 'x'),
      ],
    );
    const c = captureIo(s.env, s.dir);
    expect(await command.main([], c.io)).toBe(0);
    const deletes = s
      .calls()
      .filter((x) => x.argv.includes('delete'))
      .map((x) => x.argv.join(' '));
    expect(deletes).toEqual([
      '--context minikube delete -n istio-system peerauthentications.security.istio.io/default --ignore-not-found --wait=false',
      '--context minikube delete namespace/mw-peer --ignore-not-found --wait=false',
    ]);
    expect(c.out()).toContain('keep    namespace/kube-flannel (labelled by a lesson, but shared: never deleted)');
    expect(c.out()).toContain('keep    namespace/default (labelled by a lesson, but shared: never deleted)');
    expect(c.out()).toContain(
      "ignored 6 objects the server listed without meshwalk's labels (its label filter did not hold)",
    );
  });

  it('--dry-run lists exactly what a real run deletes', async () => {
    const nsItems = [
      ns('mw-peer', 'peer-authentication'),
      ns('mw-jwt', 'jwt-authentication'),
      ns('kube-flannel', 'x'),
      ns('stray'),
    ];
    const objItems = [
      managed('security.istio.io/v1', 'PeerAuthentication', 'istio-system', 'default', 'peer-authentication'),
      managed('v1', 'Secret', 'istio-system', 'books-tls', 'ingress-https'),
      managed('v1', 'Service', 'mw-peer', 'books', 'peer-authentication'),
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'theirs', namespace: 'istio-system' } },
    ];
    const dry = cluster(nsItems, objItems);
    const d = captureIo(dry.env, dry.dir);
    expect(await command.main(['--dry-run'], d.io)).toBe(0);
    const listed = d
      .out()
      .split('\n')
      .filter((l) => l.startsWith('  '))
      .map((l) =>
        l
          .trim()
          .split(/\s+/)
          .slice(0, 2)
          .filter((w) => !w.startsWith('('))
          .join(' '),
      )
      .sort();
    const real = cluster(nsItems, objItems);
    expect(await command.main([], captureIo(real.env, real.dir).io)).toBe(0);
    const deleted = real
      .calls()
      .filter((x) => x.argv.includes('delete'))
      .flatMap((x) => {
        const refs = x.argv.filter((a) => a.includes('/'));
        const n = x.argv.indexOf('-n');
        return refs.map((r) => (n === -1 ? r : `${x.argv[n + 1]} ${r}`));
      })
      .sort();
    expect(listed).toEqual([
      'istio-system peerauthentications.security.istio.io/default',
      'istio-system secrets/books-tls',
      'namespace/mw-jwt',
      'namespace/mw-peer',
    ]);
    expect(deleted).toEqual(listed);
  });

  it('an unknown lesson id: one line naming the known ids, exit 2, before touching any cluster', async () => {
    const s = standins([]);
    const err = await command.main(['peer-authentcation'], captureIo(s.env, s.dir).io).catch((e: unknown) => e);
    expect(err).toMatchObject({
      exitCode: 2,
      message:
        'meshwalk reset: no lesson "peer-authentcation"; did you mean "peer-authentication"? ' +
        'known: api-migration, ingress-https, into-the-mesh, jwt-authentication, least-privilege, peer-authentication',
    });
    expect(s.calls()).toEqual([]);
  });

  it('refuses a non-local context before listing anything', async () => {
    const s = standins([
      { tool: 'kubectl', args: ['config', 'view'], stdout: minified('prod', 'prod', 'https://10.0.0.1:6443') },
    ]);
    await expect(command.main([], captureIo(s.env, s.dir).io)).rejects.toThrow(
      /refusing kube context "prod".*--allow-context prod/,
    );
    expect(s.calls().filter((x) => x.argv.includes('get'))).toEqual([]);
  });

  it('rejects a lesson id that is not one', async () => {
    const s = standins([]);
    await expect(command.main(['../etc'], captureIo(s.env, s.dir).io)).rejects.toThrow(
      'meshwalk reset: "../etc" is not a lesson id',
    );
  });
});

const simulatorLanded = existsSync(resolve(import.meta.dirname, '../../src/sim/simulator.ts'));

describe.skipIf(!simulatorLanded)('meshwalk reset on the simulated cluster', () => {
  const manifests = `
apiVersion: v1
kind: Namespace
metadata: {name: mw-peer, labels: {meshwalk.dev/lesson: peer-authentication}}
---
apiVersion: v1
kind: Namespace
metadata: {name: mw-jwt, labels: {meshwalk.dev/lesson: jwt-authentication}}
---
apiVersion: v1
kind: Namespace
metadata: {name: team-a}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: books, namespace: mw-peer}
data: {a: b}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: keep-me, namespace: team-a, labels: {meshwalk.dev/lesson: peer-authentication}}
data: {a: b}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system, labels: {app.kubernetes.io/managed-by: meshwalk, meshwalk.dev/lesson: peer-authentication}}
spec: {mtls: {mode: STRICT}}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: theirs, namespace: istio-system}
spec: {mtls: {mode: PERMISSIVE}}
---
apiVersion: v1
kind: Secret
metadata: {name: books-tls, namespace: istio-system, labels: {app.kubernetes.io/managed-by: meshwalk, meshwalk.dev/lesson: ingress-https}}
type: Opaque
stringData: {k: v}
---
apiVersion: v1
kind: Secret
metadata: {name: other-tls, namespace: istio-system, labels: {app.kubernetes.io/managed-by: helm}}
type: Opaque
stringData: {k: v}
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: books-gw, namespace: istio-system, labels: {app.kubernetes.io/managed-by: meshwalk, meshwalk.dev/lesson: ingress-https}}
spec: {selector: {istio: ingressgateway}, servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["*"]}]}
`;

  async function seeded() {
    const stateDir = mkdtempSync(join(tmpdir(), 'meshwalk-reset-sim-'));
    const sim = createSimCluster({ stateDir, cwd: stateDir, env: {}, propagationMs: 0 });
    const applied = await sim.run(['kubectl', 'apply', '-f', '-'], { stdin: manifests });
    expect(applied.stderr).toBe('');
    const names = async (args: string[]) =>
      (await sim.run(['kubectl', 'get', ...args, '-o', 'name'])).stdout.trim().split('\n').filter(Boolean).sort();
    const reset = async (args: string[]) => {
      const c = captureIo({}, stateDir);
      const code = await command.main([...args, '--cluster', 'sim', '--state', stateDir], c.io);
      return { code, out: c.out(), err: c.err() };
    };
    return { names, reset };
  }

  it('--dry-run lists only marked objects and removes nothing', async () => {
    const { names, reset } = await seeded();
    const r = await reset(['--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('namespace/mw-peer');
    expect(r.out).toContain('namespace/mw-jwt');
    expect(r.out).toContain('peerauthentications.security.istio.io/default');
    expect(r.out).not.toContain('theirs');
    expect(r.out).not.toContain('other-tls');
    expect(r.out).not.toContain('keep-me');
    expect(await names(['namespaces'])).toContain('namespace/mw-peer');
  });

  it("LESSON removes that lesson's marks only; a full reset removes the rest; unrelated objects stay; a rerun is a no-op", async () => {
    const { names, reset } = await seeded();
    expect((await reset(['peer-authentication'])).code).toBe(0);
    expect(await names(['namespaces'])).not.toContain('namespace/mw-peer');
    expect(await names(['namespaces'])).toContain('namespace/mw-jwt');
    expect(await names(['peerauthentications', '-n', 'istio-system'])).toEqual([
      'peerauthentication.security.istio.io/theirs',
    ]);
    expect(await names(['secrets', '-n', 'istio-system'])).toContain('secret/books-tls');

    expect((await reset([])).code).toBe(0);
    const nsLeft = await names(['namespaces']);
    expect(nsLeft).toContain('namespace/team-a');
    expect(nsLeft).toContain('namespace/istio-system');
    expect(nsLeft).not.toContain('namespace/mw-jwt');
    expect(await names(['secrets', '-n', 'istio-system'])).toContain('secret/other-tls');
    expect(await names(['secrets', '-n', 'istio-system'])).not.toContain('secret/books-tls');
    expect(await names(['gateways.networking.istio.io', '-n', 'istio-system'])).toEqual([]);
    expect(await names(['configmaps', '-n', 'team-a'])).toContain('configmap/keep-me');

    const again = await reset([]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('Nothing to remove');
  });
});
