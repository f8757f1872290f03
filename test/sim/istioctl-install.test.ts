/** istioctl install / uninstall --purge / manifest generate on the simulated cluster. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runSimCommand } from '../../src/sim/simulator.js';
import { shlexSplit } from '../../src/sim/shell-words.js';
import { DEFAULT_MESH_TEXT } from '../../src/sim/kube/istio-components.js';
import { meshText } from '../../src/sim/istioctl/install/render.js';
import { resolveInstall, userOverlay } from '../../src/sim/istioctl/install/operator.js';
import { eolWarning } from '../../src/sim/istioctl/install/progress.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function cluster(istio = '1.24') {
  const stateDir = mkdtempSync(join(tmpdir(), 'mwinstall-'));
  dirs.push(stateDir);
  let first = true;
  const run = async (line: string, stdin = '') => {
    const r = await runSimCommand(shlexSplit(line), {
      stateDir,
      stdin,
      cwd: stateDir,
      now: Date.parse('2025-01-01T00:00:00Z'),
      ...(first ? { istio } : {}),
    });
    first = false;
    return r;
  };
  return { run, dir: stateDir };
}

const names = async (run: (l: string) => Promise<{ stdout: string }>, kind: string) =>
  (await run(`kubectl get ${kind} -n istio-system -o jsonpath={.items[*].metadata.name}`)).stdout
    .split(' ')
    .filter(Boolean);

const CORE = '\u2714 Istio core installed \u26f5\ufe0f\n\u2714 Istiod installed \u{1f9e0}\n';

describe('istioctl install: profiles', () => {
  test("demo adds the egress gateway, access logs, its extension providers and trace sampling; the output is 1.24's", async () => {
    const { run } = cluster();
    const r = await run('istioctl install --set profile=demo -y');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('/______||__________\\\n');
    expect(
      r.stderr.endsWith(
        `\n\n${CORE}\u2714 Egress gateways installed \u{1f6eb}\n\u2714 Ingress gateways installed \u{1f6ec}\n\u2714 Installation complete\n`,
      ),
    ).toBe(true);
    expect(await names(run, 'deploy')).toEqual(['istio-egressgateway', 'istio-ingressgateway', 'istiod']);
    const mesh = (await run('kubectl get cm istio -n istio-system -o jsonpath={.data.mesh}')).stdout;
    expect(mesh).toMatch(/^accessLogFile: \/dev\/stdout\n/);
    expect(mesh).toContain(
      '- envoyOtelAls:\n    port: 4317\n    service: opentelemetry-collector.observability.svc.cluster.local\n  name: otel\n',
    );
    const env = (
      await run('kubectl get deploy istiod -n istio-system -o jsonpath={.spec.template.spec.containers[0].env}')
    ).stdout;
    expect(JSON.parse(env)).toEqual([{ name: 'PILOT_TRACE_SAMPLING', value: '100' }]);
    const req = (
      await run(
        'kubectl get deploy istiod -n istio-system -o jsonpath={.spec.template.spec.containers[0].resources.requests.memory}',
      )
    ).stdout;
    expect(req).toBe('100Mi');
    const ports = (await run('kubectl get svc istio-ingressgateway -n istio-system -o jsonpath={.spec.ports[*].name}'))
      .stdout;
    expect(ports).toBe('status-port http2 https tcp tls');
  });

  test("minimal has no ingress gateway; installing default again brings it back and demo's egress gateway is pruned", async () => {
    const { run } = cluster();
    await run('istioctl install --set profile=demo -y');
    const minimal = await run('istioctl install --set profile=minimal -y');
    expect(minimal.stderr.endsWith(`\n\n${CORE}\u2714 Installation complete\n`)).toBe(true);
    expect(await names(run, 'deploy')).toEqual(['istiod']);
    expect(await names(run, 'svc')).toEqual(['istiod']);
    expect((await run('kubectl get pods -n istio-system -l istio=ingressgateway')).stderr).toBe(
      'No resources found in istio-system namespace.\n',
    );
    await run('istioctl install -y');
    expect(await names(run, 'deploy')).toEqual(['istio-ingressgateway', 'istiod']);
    expect((await run('kubectl get cm istio -n istio-system -o jsonpath={.data.mesh}')).stdout).toBe(DEFAULT_MESH_TEXT);
  });

  test('the default render is what a fresh cluster already has', async () => {
    const install = resolveInstall({ spec: {} }, 24);
    expect('install' in install && (await meshText(install.install))).toBe(DEFAULT_MESH_TEXT);
    const { run } = cluster();
    const before = (await run('kubectl get deploy,svc,sa,cm -n istio-system -o yaml')).stdout;
    await run('istioctl install -y');
    expect((await run('kubectl get deploy,svc,sa,cm -n istio-system -o yaml')).stdout).toBe(before);
  });

  test('ambient and the other profiles the simulator does not model are refused; an unknown one fails as istioctl does', async () => {
    const { run } = cluster();
    expect(await run('istioctl install --set profile=ambient -y')).toMatchObject({
      exitCode: 3,
      stderr: expect.stringMatching(
        /^meshwalk sim: istioctl install with the ambient profile is not simulated; ambient/,
      ),
    });
    expect(await run('istioctl install --set profile=remote -y')).toMatchObject({ exitCode: 3 });
    const r = await run('istioctl install --set profile=nope -y');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /\n\nError: generate config: merge inputs: profile "nope" not found: open profiles\/nope.yaml: file does not exist\n$/,
    );
  });
});

describe('istioctl install: --set and -f', () => {
  test('meshConfig.outboundTrafficPolicy.mode=REGISTRY_ONLY makes a sidecar answer 502 for a host outside the registry', async () => {
    const { run } = cluster();
    await run('kubectl label ns default istio-injection=enabled');
    await run('kubectl apply -f samples/sleep/sleep.yaml');
    const curl =
      'kubectl exec deploy/sleep -c sleep -- curl -s -o /dev/null -w %{http_code} http://httpbin.org/headers';
    expect((await run(curl)).stdout).toBe('200');
    expect((await run('istioctl install --set meshConfig.outboundTrafficPolicy.mode=REGISTRY_ONLY -y')).exitCode).toBe(
      0,
    );
    expect((await run('kubectl get cm istio -n istio-system -o jsonpath={.data.mesh}')).stdout).toContain(
      'outboundTrafficPolicy:\n  mode: REGISTRY_ONLY\n',
    );
    expect((await run(curl)).stdout).toBe('502');
  });

  test('-f IstioOperator with meshConfig.extensionProviders stores them; --set after -f wins; components enable the egress gateway', async () => {
    const { run, dir } = cluster();
    writeFileSync(
      join(dir, 'iop.yaml'),
      [
        'apiVersion: install.istio.io/v1alpha1',
        'kind: IstioOperator',
        'spec:',
        '  meshConfig:',
        '    accessLogFile: /dev/stdout',
        '    extensionProviders:',
        '    - name: sample-ext-authz-http',
        '      envoyExtAuthzHttp:',
        '        service: ext-authz.foo.svc.cluster.local',
        '        port: "8000"',
        '  components:',
        '    egressGateways:',
        '    - name: istio-egressgateway',
        '      enabled: true',
        '',
      ].join('\n'),
    );
    const r = await run('istioctl install -f iop.yaml --set meshConfig.accessLogFile=/dev/null -y');
    expect(r.exitCode).toBe(0);
    const mesh = (await run('kubectl get cm istio -n istio-system -o jsonpath={.data.mesh}')).stdout;
    expect(mesh).toContain('accessLogFile: /dev/null\n');
    expect(mesh).toContain(
      'extensionProviders:\n- envoyExtAuthzHttp:\n    port: "8000"\n    service: ext-authz.foo.svc.cluster.local\n  name: sample-ext-authz-http\n',
    );
    expect(await names(run, 'deploy')).toContain('istio-egressgateway');
    expect((await run('istioctl install -f missing.yaml -y')).stderr).toMatch(
      /Error: generate config: merge inputs: open missing.yaml: no such file or directory\n$/,
    );
  });

  test('--set paths: indexes, values.pilot.env, an unknown field as istioctl says it, unmodelled values and --revision refused', async () => {
    const overlay = userOverlay(
      [],
      ['meshConfig.extensionProviders[0].name=opa', 'meshConfig.extensionProviders[0].envoyExtAuthzGrpc.port=9191'],
    );
    expect('iop' in overlay && overlay.iop['spec']).toEqual({
      meshConfig: { extensionProviders: [{ name: 'opa', envoyExtAuthzGrpc: { port: 9191 } }] },
    });
    const { run } = cluster('1.22');
    expect(
      (await run('istioctl install --set values.pilot.env.PILOT_ENABLE_CONFIG_DISTRIBUTION_TRACKING=true -y')).exitCode,
    ).toBe(0);
    const env = (
      await run(
        'kubectl get deploy istiod -n istio-system -o jsonpath={.spec.template.spec.containers[0].env[0].value}',
      )
    ).stdout;
    expect(env).toBe('true');
    const c24 = cluster();
    const bad = await c24.run('istioctl install --set foo.bar=1 -y');
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/\nError: generate config: could not unmarshal: json: unknown field "foo"\n$/);
    expect(await c24.run('istioctl install --set values.global.proxy.resources.requests.cpu=1 -y')).toMatchObject({
      exitCode: 3,
    });
    // A mesh option that changes traffic the simulator does not model is refused, not stored and ignored.
    expect(await c24.run('istioctl install --set meshConfig.enableAutoMtls=false -y')).toMatchObject({
      exitCode: 3,
      stderr: expect.stringContaining('meshConfig.enableAutoMtls is not simulated'),
    });
    expect(await c24.run('istioctl install --revision canary -y')).toMatchObject({
      exitCode: 3,
      stderr: expect.stringContaining('--revision is not simulated'),
    });
  });
});

describe('istioctl install: confirmation and releases', () => {
  test('without -y it asks on stdout; no answer (stdin not a terminal) cancels and changes nothing', async () => {
    const { run } = cluster();
    const r = await run('istioctl install --set profile=demo');
    expect(r).toMatchObject({
      stdout: 'This will install the Istio 1.24.0 profile "demo" into the cluster. Proceed? (y/N) ',
      exitCode: 1,
    });
    expect(r.stderr.endsWith('\n\nCancelled.\n')).toBe(true);
    expect(await names(run, 'deploy')).toEqual(['istio-ingressgateway', 'istiod']);
    expect((await run('istioctl install --set profile=demo', 'y\n')).exitCode).toBe(0);
    expect(await names(run, 'deploy')).toContain('istio-egressgateway');
  });

  test('1.22 prints no art or icons, asks with the component list and makes the install the default revision', async () => {
    const { run } = cluster('1.22');
    const r = await run('istioctl install --set profile=demo');
    // 2025-01-01 is past 1.22's end of life (operator/version/version.go: January 2025).
    expect(r.stdout).toBe(
      'WARNING: Istio 1.22.0 may be out of support (EOL) already: see https://istio.io/latest/docs/releases/supported-releases/ for supported releases\n' +
        'This will install the Istio 1.22.0 "demo" profile (with components: Istio core, Istiod, Ingress gateways, and Egress gateways) into the cluster. Proceed? (y/N) ',
    );
    const ok = await run('istioctl install --set profile=demo -y');
    expect(ok.stderr).toBe(
      '\u2714 Istio core installed\n\u2714 Istiod installed\n\u2714 Egress gateways installed\n\u2714 Ingress gateways installed\n\u2714 Installation complete\nMade this installation the default for injection and validation.\n',
    );
    expect(await cluster('1.5').run('istioctl install -y')).toMatchObject({ exitCode: 3 });
    expect(await cluster('1.7').run('istioctl install -y')).toMatchObject({
      exitCode: 3,
      stderr: expect.stringContaining('addons'),
    });
  });
  test("the end-of-life warning follows the release's EOL month, on the clock the command runs at", () => {
    expect(eolWarning(24, Date.parse('2025-06-30T23:59:59Z'))).toBe('');
    expect(eolWarning(24, Date.parse('2025-07-01T00:00:00Z'))).toMatch(
      /^WARNING: Istio 1\.24\.0 may be out of support \(EOL\) already: see /,
    );
    expect(eolWarning(18, Date.parse('2030-01-01T00:00:00Z'))).toBe('');
  });
});

describe('istioctl uninstall --purge', () => {
  test("removes istio-system's workloads, the CRDs and every Istio resource; new pods get no sidecar; install brings them back", async () => {
    const { run } = cluster();
    await run(
      'kubectl apply -f -',
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: istio-system}\nspec: {mtls: {mode: STRICT}}\n',
    );
    expect((await run('istioctl uninstall')).stderr).toBe(
      'Error: at least one of the --revision (or --set revision=<revision>), --filename or --purge flags must be set\n',
    );
    const r = await run('istioctl uninstall --purge -y');
    expect(r).toEqual({
      stdout: 'All Istio resources will be pruned from the cluster\n\n',
      stderr: '\u2714 Uninstall complete\n',
      exitCode: 0,
    });
    expect(await names(run, 'deploy')).toEqual([]);
    expect(await names(run, 'secret')).toEqual(['istio-ca-secret']);
    expect((await run('kubectl get peerauthentication -A')).stderr).toBe(
      'error: the server doesn\'t have a resource type "peerauthentication"\n',
    );
    const applied = await run(
      'kubectl apply -f -',
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: foo}\nspec: {}\n',
    );
    expect(applied.stderr).toContain(
      'no matches for kind "PeerAuthentication" in version "security.istio.io/v1"\nensure CRDs are installed first',
    );
    expect(await run('istioctl proxy-status')).toEqual({
      stdout: '',
      stderr: 'Error: no running Istio pods in "istio-system"\n',
      exitCode: 1,
    });
    await run('kubectl label ns default istio-injection=enabled');
    await run('kubectl apply -f samples/sleep/sleep.yaml');
    expect((await run('kubectl get pods -l app=sleep -o jsonpath={.items[0].spec.containers[*].name}')).stdout).toBe(
      'sleep',
    );
    await run('istioctl install -y');
    expect((await run('kubectl get peerauthentication -A')).stderr).toBe('No resources found\n');
  });
});

describe('istioctl manifest generate', () => {
  test("prints the install's objects without changing the cluster", async () => {
    const { run } = cluster();
    const r = await run('istioctl manifest generate --set profile=demo');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('kind: Deployment\nmetadata:\n  labels:\n    app: istio-egressgateway\n');
    expect(r.stdout.split('---\n').length).toBe(11);
    expect(await names(run, 'deploy')).toEqual(['istio-ingressgateway', 'istiod']);
    expect(await run('istioctl manifest diff a b')).toMatchObject({ exitCode: 3 });
  });
});
