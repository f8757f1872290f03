/**
 * `istioctl analyze` on the simulated cluster, end to end through runSimCommand: what istioctl prints on stdout
 * and stderr and how it exits (istioctl/pkg/analyze/analyze.go and istioctl/cmd/sysexits.go at 1.24.0).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runSimCommand } from '../../../src/sim/simulator.js';
import { shlexSplit } from '../../../src/sim/shell-words.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function cluster(istio = '1.24') {
  const dir = mkdtempSync(join(tmpdir(), 'mwanalyze-'));
  dirs.push(dir);
  let first = true;
  const run = async (line: string, stdin = '') => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const options = { stateDir: dir, stdin, cwd: dir, now, ...(first ? { istio } : {}) };
    const r = await runSimCommand(shlexSplit(line), options);
    first = false;
    return r;
  };
  const file = (name: string, text: string) => {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  };
  return { run, file };
}

const NOT_INJECTED =
  "Info [IST0102] (Namespace default) The namespace is not enabled for Istio injection. Run 'kubectl label namespace " +
  "default istio-injection=enabled' to enable it, or 'kubectl label namespace default istio-injection=disabled' to " +
  'explicitly mark it as not needing injection.';
const FOUND_ISSUES =
  'Error: Analyzers found issues when analyzing namespace: default.\n' +
  'See https://istio.io/v1.24/docs/reference/config/analysis for more information about causes and resolutions.\n';

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: httpbin
spec:
  hosts:
  - "httpbin.example.com"
  gateways:
  - httpbin-gateway
  http:
  - route:
    - destination:
        host: httpbin
        port:
          number: 8000
`;
const GATEWAY = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: httpbin-gateway
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - "httpbin.example.com"
`;

describe('istioctl analyze on the cluster', () => {
  test('a fresh cluster: the default namespace is not labelled for injection (Info, exit 0)', async () => {
    const { run } = cluster();
    expect(await run('istioctl analyze')).toEqual({ stdout: `${NOT_INJECTED}\n`, stderr: '', exitCode: 0 });
  });

  test('no issues: an empty line on stdout, the check mark on stderr; -A names all namespaces', async () => {
    const { run } = cluster();
    await run('kubectl label namespace default istio-injection=enabled');
    expect(await run('istioctl analyze')).toEqual({
      stdout: '\n',
      stderr: '\u2714 No validation issues found when analyzing namespace: default.\n',
      exitCode: 0,
    });
    const all = await run('istioctl analyze -A');
    expect(all.stderr).toBe('\u2714 No validation issues found when analyzing all namespaces.\n');
    expect((await run('istioctl analyze -n istio-system')).stderr).toContain('analyzing namespace: istio-system.');
  });

  test('kube-system and the other system namespaces are never analyzed, nor istio-system for injection', async () => {
    const { run } = cluster();
    await run('kubectl label namespace default istio-injection=disabled');
    expect((await run('istioctl analyze -A')).stdout).toBe('\n');
  });

  test('a pod started before its namespace was labelled lacks the proxy: IST0103, a Warning (exit 0)', async () => {
    const { run } = cluster();
    await run('kubectl create namespace foo');
    await run('kubectl apply -f samples/httpbin/httpbin.yaml -n foo');
    await run('kubectl label namespace foo istio-injection=enabled');
    const pod = (await run('kubectl get pod -n foo -l app=httpbin -o jsonpath={.items[0].metadata.name}')).stdout;
    const line =
      `Warning [IST0103] (Pod foo/${pod}) The pod foo/${pod} is missing the Istio proxy. ` +
      'This can often be resolved by restarting or redeploying the workload.';
    expect(await run('istioctl analyze -n foo')).toEqual({ stdout: `${line}\n`, stderr: '', exitCode: 0 });
    const strict = await run('istioctl analyze -n foo --failure-threshold Warning');
    expect(strict.exitCode).toBe(79);
    expect(strict.stderr).toBe(FOUND_ISSUES.replace('namespace: default', 'namespace: foo'));
    await run('kubectl rollout restart deployment/httpbin -n foo');
    expect((await run('istioctl analyze -n foo')).stdout).toBe('\n');
  });

  test('-n names a namespace that does not exist: istioctl says so and exits 0', async () => {
    const { run } = cluster();
    const r = await run('istioctl analyze -n nope');
    expect(r).toEqual({ stdout: '', stderr: 'namespace "nope" not found\n', exitCode: 0 });
  });

  test('an AuthorizationPolicy selecting no workload, and a source namespace that does not exist', async () => {
    const { run, file } = cluster();
    await run('kubectl label namespace default istio-injection=enabled');
    await run('kubectl apply -f samples/sleep/sleep.yaml');
    file(
      'ap.yaml',
      `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: deny-legacy
spec:
  selector:
    matchLabels:
      app: slep
  action: DENY
  rules:
  - from:
    - source:
        namespaces: ["legacy"]
`,
    );
    await run('kubectl apply -f ap.yaml');
    const r = await run('istioctl analyze');
    expect(r.stdout).toBe(
      'Error [IST0101] (AuthorizationPolicy default/deny-legacy) Referenced namespace not found: "legacy"\n' +
        'Warning [IST0127] (AuthorizationPolicy default/deny-legacy) No matching workloads for this resource with ' +
        'the following labels: app=slep\n',
    );
    expect(r).toMatchObject({ stderr: FOUND_ISSUES, exitCode: 79 });
  });

  test('a DENY policy on HTTP attributes only: the warning that TCP traffic is denied too (IST0133)', async () => {
    const { run, file } = cluster();
    await run('kubectl label namespace default istio-injection=enabled');
    await run('kubectl apply -f samples/httpbin/httpbin.yaml');
    file(
      'deny.yaml',
      `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: deny-post
spec:
  selector:
    matchLabels:
      app: httpbin
  action: DENY
  rules:
  - to:
    - operation:
        methods: ["POST"]
`,
    );
    await run('kubectl apply -f deny.yaml');
    expect(await run('istioctl analyze')).toEqual({
      stdout:
        'Warning [IST0133] (AuthorizationPolicy default/deny-post) Schema validation warning: configured ' +
        'AuthorizationPolicy will deny all traffic to TCP ports under its scope due to the use of only HTTP ' +
        'attributes in a DENY rule; it is recommended to explicitly specify the port\n',
      stderr: '',
      exitCode: 0,
    });
  });

  test('a DestinationRule originating TLS without caCertificates: IST0128', async () => {
    const { run, file } = cluster();
    await run('kubectl label namespace default istio-injection=enabled');
    file(
      'dr.yaml',
      `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: originate-tls
spec:
  host: httpbin.org
  trafficPolicy:
    tls:
      mode: SIMPLE
`,
    );
    await run('kubectl apply -f dr.yaml');
    expect((await run('istioctl analyze')).stdout).toBe(
      'Warning [IST0128] (DestinationRule default/originate-tls) DestinationRule default/originate-tls in namespace ' +
        'default has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: ' +
        'httpbin.org\n',
    );
  });
});

describe('istioctl analyze FILE...', () => {
  test('files are analyzed with the cluster, positions as path:line; Errors exit 79', async () => {
    const { run, file } = cluster();
    await run('kubectl label namespace default istio-injection=enabled');
    file('vs.yaml', VS);
    expect(await run('istioctl analyze vs.yaml')).toEqual({
      stdout:
        'Error [IST0101] (VirtualService default/httpbin vs.yaml:13) Referenced host not found: "httpbin"\n' +
        'Error [IST0101] (VirtualService default/httpbin vs.yaml:9) Referenced gateway not found: "httpbin-gateway"\n' +
        'Warning [IST0132] (VirtualService default/httpbin vs.yaml:9) one or more host [httpbin.example.com] defined ' +
        'in VirtualService default/httpbin not found in Gateway default/httpbin-gateway.\n',
      stderr: FOUND_ISSUES,
      exitCode: 79,
    });
    // The Gateway and the Service now come from the cluster.
    file('gw.yaml', GATEWAY);
    await run('kubectl apply -f gw.yaml');
    await run('kubectl apply -f samples/httpbin/httpbin.yaml');
    expect(await run('istioctl analyze vs.yaml')).toEqual({
      stdout: '\n',
      stderr: '\u2714 No validation issues found when analyzing vs.yaml.\n',
      exitCode: 0,
    });
  });

  test('a file wins over the cluster object of the same name', async () => {
    const { run, file } = cluster();
    await run('kubectl label namespace default istio-injection=enabled');
    file('gw.yaml', GATEWAY);
    await run('kubectl apply -f gw.yaml');
    file('gw-bad.yaml', GATEWAY.replace('istio: ingressgateway', 'istio: ingress'));
    expect((await run('istioctl analyze gw-bad.yaml')).stdout).toBe(
      'Error [IST0101] (Gateway default/httpbin-gateway gw-bad.yaml:7) Referenced selector not found: ' +
        '"istio=ingress"\n',
    );
    expect((await run('istioctl analyze')).stdout).toBe('\n');
  });

  test('a Gateway port the ingress Service does not expose: IST0162 (80 maps to 8080, both count)', async () => {
    const { run, file } = cluster();
    await run('kubectl label namespace default istio-injection=enabled');
    file('gw.yaml', GATEWAY.replace('number: 80', 'number: 8888'));
    expect((await run('istioctl analyze gw.yaml')).stdout).toBe(
      'Warning [IST0162] (Gateway default/httpbin-gateway gw.yaml:7) The gateway is listening on a target port ' +
        '(port 8888) that is not defined in the Service associated with its workload instances (Pod selector ' +
        'istio=ingressgateway). If you need to access the gateway port through the gateway Service, it will not be ' +
        'available.\n',
    );
    file('gw.yaml', GATEWAY.replace('number: 80', 'number: 8080'));
    expect((await run('istioctl analyze gw.yaml')).stdout).toBe('\n');
  });

  test('--use-kube=false reads the files only: no pod backs the ingress selector', async () => {
    const { run, file } = cluster();
    file('gw.yaml', GATEWAY);
    const r = await run('istioctl analyze --use-kube=false gw.yaml');
    expect(r.stdout).toBe(
      'Error [IST0101] (Gateway default/httpbin-gateway gw.yaml:7) Referenced selector not found: ' +
        '"istio=ingressgateway"\n',
    );
    expect(r.exitCode).toBe(79);
  });

  test('a file of another extension is skipped with a note; two files succeed in one sentence (1.24)', async () => {
    const { run, file } = cluster();
    await run('kubectl label namespace default istio-injection=enabled');
    file('gw.yaml', GATEWAY);
    file('notes.txt', 'hello');
    file('empty.yml', '');
    expect(await run('istioctl analyze gw.yaml notes.txt empty.yml')).toEqual({
      stdout: '\n',
      stderr:
        'Skipping file notes.txt, recognized file extensions are: [.json .yaml .yml]\n' +
        '\u2714 No validation issues found when analyzing gw.yaml\nempty.yml.\n',
      exitCode: 0,
    });
    expect(await run('istioctl analyze missing.yaml')).toEqual({
      stdout: '',
      stderr: 'Error: stat missing.yaml: no such file or directory\n',
      exitCode: 1,
    });
  });

  test('a directory gives its YAML files; its sub-directories only with -R (1.24)', async () => {
    const { run, file } = cluster();
    await run('kubectl label namespace default istio-injection=enabled');
    file('cfg/gw.yaml', GATEWAY);
    file('cfg/more/vs.yaml', VS.replace('host: httpbin', 'host: kubernetes').replace('number: 8000', 'number: 443'));
    const top = await run('istioctl analyze cfg');
    expect(top.stderr).toBe('\u2714 No validation issues found when analyzing cfg/gw.yaml.\n');
    expect((await run('istioctl analyze -R cfg')).stderr).toBe(
      '\u2714 No validation issues found when analyzing cfg/gw.yaml\ncfg/more/vs.yaml.\n',
    );
  });

  test('stdin as -', async () => {
    const { run } = cluster();
    await run('kubectl label namespace default istio-injection=enabled');
    const r = await run('istioctl analyze -', VS);
    expect(r.stdout).toContain('(VirtualService default/httpbin -:9) Referenced gateway not found');
  });
});

describe('output and thresholds', () => {
  test("-o json: Go's indented JSON, keys sorted; exit 0 despite errors (79 is for log output only)", async () => {
    const { run, file } = cluster();
    await run('kubectl label namespace default istio-injection=enabled');
    file('gw.yaml', GATEWAY.replace('istio: ingressgateway', 'istio: ingress'));
    expect(await run('istioctl analyze gw.yaml -o json')).toEqual({
      stdout: `[
\t{
\t\t"code": "IST0101",
\t\t"documentationUrl": "https://istio.io/v1.24/docs/reference/config/analysis/ist0101/?ref=istioctl-analyze",
\t\t"level": "Error",
\t\t"message": "Referenced selector not found: \\"istio=ingress\\"",
\t\t"origin": "Gateway default/httpbin-gateway",
\t\t"reference": "gw.yaml:7"
\t}
]
`,
      stderr: '',
      exitCode: 0,
    });
  });

  test('-o yaml: single quotes around ": ", long text folded after column 80', async () => {
    const { run } = cluster();
    expect((await run('istioctl analyze -o yaml')).stdout).toBe(`- code: IST0102
  documentationUrl: https://istio.io/v1.24/docs/reference/config/analysis/ist0102/?ref=istioctl-analyze
  level: Info
  message: The namespace is not enabled for Istio injection. Run 'kubectl label namespace
    default istio-injection=enabled' to enable it, or 'kubectl label namespace default
    istio-injection=disabled' to explicitly mark it as not needing injection.
  origin: Namespace default

`);
    await run('kubectl label namespace default istio-injection=enabled');
    expect((await run('istioctl analyze -o yaml')).stdout).toBe('[]\n\n');
  });

  test('--output-threshold hides milder messages; --failure-threshold Info fails on them', async () => {
    const { run } = cluster();
    expect(await run('istioctl analyze --output-threshold Error')).toEqual({
      stdout: '\n',
      stderr: '\u2714 No validation issues found when analyzing namespace: default.\n',
      exitCode: 0,
    });
    const strict = await run('istioctl analyze --failure-threshold=info');
    expect(strict).toEqual({ stdout: `${NOT_INJECTED}\n`, stderr: FOUND_ISSUES, exitCode: 79 });
    expect(await run('istioctl analyze --failure-threshold Fatal')).toEqual({
      stdout: '',
      stderr: 'Error: invalid argument "Fatal" for "--failure-threshold" flag: invalid level option\n',
      exitCode: 1,
    });
  });

  test("--color paints the level as on a terminal; the simulator's output is none, so off by default", async () => {
    const { run, file } = cluster();
    expect((await run('istioctl analyze --color')).stdout).toBe(`Info\u001b[0m${NOT_INJECTED.slice('Info'.length)}\n`);
    file('gw.yaml', GATEWAY.replace('istio: ingressgateway', 'istio: ingress'));
    const colored = (await run('istioctl analyze gw.yaml --color=true')).stdout;
    expect(colored.startsWith('\u001b[1;31mError\u001b[0m [IST0101] ')).toBe(true);
    expect((await run('istioctl analyze gw.yaml --color=false')).stdout).toMatch(/^Error \[IST0101\] /);
  });

  test('-o of another format is a usage error (exit 64)', async () => {
    const { run } = cluster();
    expect(await run('istioctl analyze -o table')).toEqual({
      stdout: '',
      stderr: 'Error: table not a valid option for format. See istioctl analyze --help\n',
      exitCode: 64,
    });
  });

  test('suppressing a code: by annotation on the resource, or -S CODE="Kind ns/name"', async () => {
    const { run } = cluster();
    expect((await run('istioctl analyze -S "IST0102=Namespace default"')).stdout).toBe('\n');
    expect((await run('istioctl analyze -S "IST0102=Namespace *"')).stdout).toBe('\n');
    expect((await run('istioctl analyze -S "IST0102=Namespace other"')).stdout).toBe(`${NOT_INJECTED}\n`);
    await run('kubectl annotate namespace default galley.istio.io/analyze-suppress=IST0102');
    expect((await run('istioctl analyze')).stdout).toBe('\n');
  });
});

describe('what is listed or refused', () => {
  test('-L lists the analyzers the simulator runs, as istioctl formats its list', async () => {
    const { run } = cluster();
    const r = await run('istioctl analyze -L');
    expect(r.exitCode).toBe(0);
    const entry = '* auth.AuthorizationPoliciesAnalyzer:\n    Checks the validity of authorization policies\n';
    expect(r.stdout).toContain(entry);
    expect(r.stdout.match(/^\* /gm)).toHaveLength(13);
  });

  test('flags it does not model and releases before 1.24 are refused (exit 3)', async () => {
    const { run } = cluster();
    expect(await run('istioctl analyze --revision canary')).toMatchObject({
      exitCode: 3,
      stderr: expect.stringMatching(/^meshwalk sim: istioctl analyze --revision is not simulated; /),
    });
    const old = cluster('1.23');
    expect(await old.run('istioctl analyze')).toMatchObject({
      exitCode: 3,
      stderr: expect.stringMatching(/^meshwalk sim: istioctl analyze on Istio 1.23 is not simulated; /),
    });
  });
});
