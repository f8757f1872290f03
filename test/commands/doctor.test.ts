import { describe, expect, it } from 'vitest';
import { command } from '../../src/commands/doctor.js';
import type { CheckResult } from '../../src/cluster/doctor/index.js';
import { captureIo, standins, type Rule, type Tool } from '../cluster/standins.js';
import { healthyMinikube, ingressService, istiodDeployment, minified, notFound } from '../cluster/scenarios.js';

/** Runs `meshwalk doctor --json` against stand-ins with `override` rules in front of a healthy minikube. */
async function doctor(override: (home: string) => Rule[], opts: { tools?: Tool[]; args?: string[] } = {}) {
  const s = standins([], opts.tools);
  s.setRules([...override(s.home), ...healthyMinikube(s.home)]);
  const c = captureIo(s.env, s.dir);
  const code = await command.main(['--json', ...(opts.args ?? [])], c.io);
  const report = JSON.parse(c.out()) as { context: string | null; exitCode: number; checks: CheckResult[] };
  const check = (id: string) => report.checks.find((r) => r.id === id)!;
  return { code, report, check, calls: s.calls(), s };
}

describe('meshwalk doctor', () => {
  it('passes every check on a running minikube with Istio 1.24, and says how to reach the ingress', async () => {
    const { code, report, check } = await doctor(() => []);
    expect(code).toBe(0);
    expect(report.checks.map((r) => `${r.id}:${r.status}`)).toEqual([
      'kubectl:ok',
      'context:ok',
      'local:ok',
      'minikube:ok',
      'reachable:ok',
      'istiod:ok',
      'ingress:ok',
      'injector:ok',
      'istioctl:ok',
    ]);
    expect(check('kubectl').detail).toBe('kubectl v1.32.4');
    expect(check('istiod').detail).toBe(
      'istiod 1.24.2 is ready (1/1); the lessons are written for Istio 1.24 (they cover 1.24 to 1.31)',
    );
    expect(check('ingress').detail).toContain('http://192.168.49.2:31380, https://192.168.49.2:31390');
    expect(check('ingress').detail).toContain('minikube tunnel');
  });

  it('pins --context on every kubectl and istioctl call, and -p on minikube', async () => {
    const { calls } = await doctor(() => []);
    const kubectl = calls.filter((c) => c.tool === 'kubectl');
    const unpinned = kubectl.filter((c) => !(c.argv[0] === '--context' && c.argv[1] === 'minikube'));
    // Only the two calls that read local files and never reach a cluster run before the context is known.
    expect(unpinned.map((c) => c.argv.slice(0, 2).join(' '))).toEqual(['version --client', 'config view']);
    expect(kubectl.length).toBeGreaterThan(5);
    for (const c of calls.filter((c) => c.tool === 'istioctl'))
      expect(c.argv.slice(0, 2)).toEqual(['--context', 'minikube']);
    for (const c of calls.filter((c) => c.tool === 'minikube' && c.argv[0] !== 'profile'))
      expect(c.argv.slice(0, 2)).toEqual(['-p', 'minikube']);
  });

  it('kubectl missing: one clear line with where to get it, exit 4, the rest skipped', async () => {
    const { code, check, report } = await doctor(() => [], { tools: ['minikube', 'istioctl'] });
    expect(code).toBe(4);
    expect(check('kubectl')).toMatchObject({
      status: 'fail',
      detail: 'kubectl not found on PATH: install it from https://kubernetes.io/docs/tasks/tools/ or use --cluster sim',
      fix: 'install kubectl from https://kubernetes.io/docs/tasks/tools/ (or use --cluster sim)',
    });
    expect(check('context')).toMatchObject({ status: 'skip', detail: 'skipped: needs "kubectl"' });
    expect(report.checks.filter((r) => r.status === 'skip').map((r) => r.id)).toEqual([
      'context',
      'local',
      'minikube',
      'reachable',
      'istiod',
      'ingress',
      'injector',
    ]);
  });

  it("unreachable server: kubectl's own message and the command that starts the cluster, exit 4", async () => {
    const refused =
      'The connection to the server 192.168.49.2:8443 was refused - did you specify the right host or port?\n';
    const { code, check } = await doctor(() => [
      {
        tool: 'kubectl',
        args: ['get', '--raw', '/readyz'],
        stderr: `E1124 07:14:58 memcache.go:265] noise\n${refused}`,
        exit: 1,
      },
    ]);
    expect(code).toBe(4);
    expect(check('reachable').status).toBe('fail');
    expect(check('reachable').detail).toContain(
      'cannot reach kube context "minikube": The connection to the server 192.168.49.2:8443 was refused',
    );
    expect(check('reachable').detail).not.toContain('memcache');
    expect(check('reachable').fix).toBe('minikube start');
    expect(check('istiod').status).toBe('skip');
  });

  it('minikube stopped: the status bits explained and minikube start as the fix', async () => {
    const { code, check } = await doctor(() => [
      {
        tool: 'minikube',
        args: ['status'],
        stdout: JSON.stringify({
          Name: 'minikube',
          Host: 'Stopped',
          Kubelet: 'Stopped',
          APIServer: 'Stopped',
          Kubeconfig: 'Stopped',
        }),
        exit: 7,
      },
      {
        tool: 'kubectl',
        args: ['get', '--raw', '/readyz'],
        stderr:
          'The connection to the server 192.168.49.2:8443 was refused - did you specify the right host or port?\n',
        exit: 1,
      },
    ]);
    expect(code).toBe(4);
    expect(check('minikube')).toMatchObject({
      status: 'fail',
      detail:
        'profile "minikube" is not running: host, kubelet/apiserver, kubeconfig stopped (minikube status exit 7; host Stopped, kubelet Stopped, apiserver Stopped)',
      fix: 'minikube start',
    });
  });

  it('no such minikube profile (exit 85): start it with enough resources', async () => {
    const { check } = await doctor(() => [
      {
        tool: 'minikube',
        args: ['status'],
        stdout: '🤷  Profile "minikube" not found. Run "minikube profile list" to view all profiles.\n',
        exit: 85,
      },
    ]);
    expect(check('minikube')).toMatchObject({ status: 'fail', fix: 'minikube start --cpus=4 --memory=8192' });
    expect(check('minikube').detail).toContain('no minikube profile "minikube"');
  });

  it('minikube binary missing for a minikube context: where to get it', async () => {
    const { check } = await doctor(() => [], { tools: ['kubectl', 'istioctl'] });
    expect(check('minikube')).toMatchObject({
      status: 'warn',
      detail:
        'minikube not found on PATH: install it from https://minikube.sigs.k8s.io/docs/start/ or use --cluster sim (needed to start the cluster and reach the ingress)',
      fix: 'install minikube from https://minikube.sigs.k8s.io/docs/start/',
    });
  });

  it('no Istio: fails with the install command; ingress and injector are skipped; exit 1', async () => {
    const { code, check } = await doctor(() => [
      {
        tool: 'kubectl',
        args: ['get', 'deployment', 'istiod'],
        stderr: notFound('deployments.apps "istiod"'),
        exit: 1,
      },
    ]);
    expect(code).toBe(1);
    expect(check('istiod')).toEqual({
      id: 'istiod',
      title: 'Istio control plane',
      status: 'fail',
      detail: 'Istio is not installed: no istiod deployment in istio-system',
      fix: 'istioctl install --context minikube --set profile=demo -y   (or: meshwalk setup)',
    });
    expect(check('ingress').status).toBe('skip');
    expect(check('injector').status).toBe('skip');
  });

  it('old Istio (1.20): a warning naming the versions the lessons were written for; exit 0', async () => {
    const { code, check } = await doctor(() => [
      { tool: 'kubectl', args: ['get', 'deployment', 'istiod'], stdout: istiodDeployment('1.20.3') },
      { tool: 'istioctl', args: ['version'], stdout: 'client version: 1.20.3\n' },
    ]);
    expect(code).toBe(0);
    expect(check('istiod').status).toBe('warn');
    expect(check('istiod').detail).toBe(
      'istiod 1.20.3 is ready, but the lessons are written for Istio 1.24 to 1.31, not 1.20',
    );
    expect(check('istiod').fix).toBe(
      'with istioctl 1.31 on PATH: istioctl install --context minikube --set profile=demo -y',
    );
  });

  it.each([
    [
      '1.31.0-rc.0',
      'ok',
      'istiod 1.31.0-rc.0 is ready (1/1); the lessons are written for Istio 1.31 (they cover 1.24 to 1.31)',
    ],
    ['1.30.3', 'ok', 'istiod 1.30.3 is ready (1/1); the lessons are written for Istio 1.30 (they cover 1.24 to 1.31)'],
    [
      '1.27.1-distroless',
      'ok',
      'istiod 1.27.1 is ready (1/1); the lessons are written for Istio 1.27 (they cover 1.24 to 1.31)',
    ],
    ['1.23.6', 'warn', 'istiod 1.23.6 is ready, but the lessons are written for Istio 1.24 to 1.31, not 1.23'],
    [
      '1.32.0',
      'warn',
      'istiod 1.32.0 is ready, but the lessons are written for Istio 1.24 to 1.31: 1.32 is newer, some steps may differ',
    ],
  ])('istiod %s: names the release and whether the lessons are written for it (%s)', async (tag, status, detail) => {
    const { check } = await doctor(() => [
      { tool: 'kubectl', args: ['get', 'deployment', 'istiod'], stdout: istiodDeployment(tag) },
      { tool: 'istioctl', args: ['version'], stdout: `client version: ${tag}\n` },
    ]);
    expect(check('istiod')).toMatchObject({ status, detail });
    if (tag === '1.32.0')
      expect(check('istiod').fix).toBe(
        "meshwalk check --cluster current   (runs every lesson's checks on this cluster)",
      );
  });

  it('istiod not ready: fails with the rollout status command', async () => {
    const { check } = await doctor(() => [
      { tool: 'kubectl', args: ['get', 'deployment', 'istiod'], stdout: istiodDeployment('1.24.2', 0) },
    ]);
    expect(check('istiod')).toMatchObject({
      status: 'fail',
      detail: 'istiod 1.24.2 is not ready (0/1 replicas ready)',
    });
    expect(check('istiod').fix).toBe(
      'kubectl --context minikube -n istio-system rollout status deployment/istiod --timeout=180s',
    );
  });

  it('no ingress gateway: fails with the install command; exit 1', async () => {
    const { code, check } = await doctor(() => [
      {
        tool: 'kubectl',
        args: ['get', 'service', 'istio-ingressgateway'],
        stderr: notFound('services "istio-ingressgateway"'),
        exit: 1,
      },
    ]);
    expect(code).toBe(1);
    expect(check('ingress')).toMatchObject({
      status: 'fail',
      detail:
        'no istio-ingressgateway service in istio-system: the ingress lessons need it (the demo profile installs it)',
      fix: 'istioctl install --context minikube --set profile=demo -y',
    });
  });

  it('ingress with a LoadBalancer address (minikube tunnel running): that address', async () => {
    const { check } = await doctor(() => [
      {
        tool: 'kubectl',
        args: ['get', 'service', 'istio-ingressgateway'],
        stdout: ingressService('LoadBalancer', '10.96.0.50'),
      },
    ]);
    expect(check('ingress')).toMatchObject({
      status: 'ok',
      detail: 'LoadBalancer 10.96.0.50: http://10.96.0.50:80, https://10.96.0.50:443',
    });
  });

  it('no sidecar injector webhook: fails with the install command', async () => {
    const { check } = await doctor(() => [
      { tool: 'kubectl', args: ['get', 'mutatingwebhookconfigurations'], stdout: JSON.stringify({ items: [] }) },
    ]);
    expect(check('injector')).toMatchObject({
      status: 'fail',
      fix: 'istioctl install --context minikube --set profile=demo -y',
    });
  });

  it('istioctl missing: only a warning (it is optional), with where to get it; exit 0', async () => {
    const { code, check } = await doctor(() => [], { tools: ['kubectl', 'minikube'] });
    expect(code).toBe(0);
    expect(check('istioctl').status).toBe('warn');
    expect(check('istioctl').fix).toContain('https://istio.io/downloadIstio');
  });

  it('no current context: exit 4 and meshwalk setup as the fix', async () => {
    const { code, check } = await doctor(() => [
      {
        tool: 'kubectl',
        args: ['config', 'view'],
        stderr: 'error: current-context must exist in order to minify\n',
        exit: 1,
      },
    ]);
    expect(code).toBe(4);
    expect(check('context')).toMatchObject({
      status: 'fail',
      fix: 'meshwalk setup   (or: minikube start --cpus=4 --memory=8192)',
    });
    expect(check('context').detail).toContain('no current kube context');
  });

  it('--cluster minikube before minikube ever ran: the context is missing and setup is the fix', async () => {
    const { code, check, calls } = await doctor(
      () => [
        { tool: 'kubectl', args: ['config', 'view'], stderr: 'error: context "minikube" does not exist\n', exit: 1 },
      ],
      { args: ['--cluster', 'minikube'] },
    );
    expect(code).toBe(4);
    expect(check('context')).toMatchObject({
      status: 'fail',
      fix: 'meshwalk setup   (or: minikube start --cpus=4 --memory=8192)',
    });
    expect(calls.find((c) => c.argv[0] === 'config')!.argv).toEqual([
      'config',
      'view',
      '--minify',
      '-o',
      'json',
      '--context',
      'minikube',
    ]);
  });

  it('a non-local context is refused with --allow-context named, and nothing touches its cluster', async () => {
    const prod = () => [
      {
        tool: 'kubectl' as const,
        args: ['config', 'view'],
        stdout: minified('prod', 'gke_acme_europe-west1_prod', 'https://34.76.1.2'),
      },
    ];
    const { code, check, calls } = await doctor(prod);
    expect(code).toBe(4);
    expect(check('local').status).toBe('fail');
    expect(check('local').detail).toBe(
      'refusing kube context "prod": cluster "gke_acme_europe-west1_prod" at https://34.76.1.2 is not known to be local (minikube, kind, k3d, docker-desktop, rancher-desktop, microk8s, orbstack, colima, crc). ' +
        'meshwalk creates and deletes objects in the cluster it uses; if this one is disposable, rerun with --allow-context prod, otherwise switch to a local one: kubectl config use-context minikube',
    );
    expect(check('local').fix).toContain('--allow-context prod');
    expect(calls.filter((c) => c.tool === 'kubectl').map((c) => c.argv[0])).toEqual(['version', 'config']);
  });

  it('--allow-context lets a non-local context through (as a warning) and every call is pinned to it', async () => {
    const prod = () => [
      {
        tool: 'kubectl' as const,
        args: ['config', 'view'],
        stdout: minified('prod', 'gke_acme_europe-west1_prod', 'https://34.76.1.2'),
      },
    ];
    const { check, calls } = await doctor(prod, { args: ['--allow-context', 'prod'] });
    expect(check('local').status).toBe('warn');
    expect(check('reachable').status).toBe('ok');
    expect(check('minikube').status).toBe('skip');
    const pinned = calls.filter((c) => c.tool === 'kubectl' && c.argv[0] === '--context');
    expect(pinned.length).toBeGreaterThan(3);
    for (const c of pinned) expect(c.argv[1]).toBe('prod');
  });

  it('minikube -p foo (context and cluster "foo") is local by its CA path, and minikube calls carry -p foo', async () => {
    const { check, calls } = await doctor((home) => [
      {
        tool: 'kubectl',
        args: ['config', 'view'],
        stdout: minified('foo', 'foo', 'https://192.168.58.2:8443', `${home}/.minikube/ca.crt`),
      },
      {
        tool: 'minikube',
        args: ['profile', 'list'],
        stdout: JSON.stringify({ valid: [{ Name: 'foo', Config: { Nodes: [{ IP: '192.168.58.2', Port: 8443 }] } }] }),
      },
    ]);
    expect(check('local').detail).toMatch(
      /^minikube \(CA file under .*\.minikube matched minikube; server 192\.168\.58\.2:8443 is a node of minikube profile "foo"/,
    );
    expect(calls.filter((c) => c.tool === 'minikube').map((c) => c.argv.slice(0, 3).join(' '))).toContain(
      '-p foo status',
    );
    expect(check('reachable').fix).toBeUndefined();
  });

  it('prints a readable checklist with status words and fixes when not --json', async () => {
    const s = standins([]);
    s.setRules([
      {
        tool: 'kubectl',
        args: ['get', 'deployment', 'istiod'],
        stderr: notFound('deployments.apps "istiod"'),
        exit: 1,
      },
      ...healthyMinikube(s.home),
    ]);
    const c = captureIo(s.env, s.dir);
    expect(await command.main([], c.io)).toBe(1);
    expect(c.out()).toContain('meshwalk doctor — kube context "minikube"');
    expect(c.out()).toMatch(/FAIL {2}Istio control plane +Istio is not installed/);
    expect(c.out()).toContain('fix: istioctl install --context minikube --set profile=demo -y');
    expect(c.out()).toContain('1 check failed');
    expect(c.out()).not.toContain('\x1b[');
  });

  it('rejects --cluster sim and unknown values as usage errors', async () => {
    const s = standins(healthyMinikube('/nowhere'));
    await expect(command.main(['--cluster', 'sim'], captureIo(s.env, s.dir).io)).rejects.toThrow(
      /simulated cluster needs nothing installed/,
    );
    await expect(command.main(['--cluster', 'prod'], captureIo(s.env, s.dir).io)).rejects.toThrow(
      /--cluster must be current or minikube/,
    );
  });
});
