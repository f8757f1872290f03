/**
 * `kubectl exec … -- sh -c '…'` end to end through runSimCommand, with the commands of istio.io's
 * authorization-for-TCP task (samples/tcp-echo, samples/curl) and a curl loop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runSimCommand } from '../../../src/sim/simulator.js';
import { shlexSplit } from '../../../src/sim/shell-words.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function cluster(version = '1.24') {
  const stateDir = mkdtempSync(join(tmpdir(), 'mwshell-'));
  dirs.push(stateDir);
  let first = true;
  return async (line: string, stdin = '') => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const istio = first ? { istio: version } : {};
    const r = await runSimCommand(shlexSplit(line), { stateDir, stdin, cwd: stateDir, now, ...istio });
    first = false;
    return r;
  };
}

const CURL_POD = '"$(kubectl get pod -l app=curl -n foo -o jsonpath={.items..metadata.name})" -c curl -n foo';
const inCurl = (script: string) => `kubectl exec ${CURL_POD} -- sh -c '${script}'`;
const probe = (port: number, host = 'tcp-echo') => inCurl(`echo "port ${port}" | nc ${host} ${port}`);

const policy = (action: 'ALLOW' | 'DENY', operation: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: tcp-policy, namespace: foo}
spec:
  selector: {matchLabels: {app: tcp-echo}}
  action: ${action}
  rules:
  - to:
    - operation: ${operation}
`;

describe('authorization for TCP traffic (istio.io authz-tcp) with nc in the curl pod', () => {
  const run = cluster();
  let echoIp = '';
  beforeAll(async () => {
    await run('kubectl create ns foo');
    for (const sample of ['tcp-echo/tcp-echo.yaml', 'curl/curl.yaml']) {
      expect((await run(`kubectl apply -f <(istioctl kube-inject -f samples/${sample}) -n foo`)).exitCode).toBe(0);
    }
    echoIp = (await run('kubectl get pod -l app=tcp-echo -n foo -o jsonpath={.items..status.podIP}')).stdout;
  });

  test('without a policy tcp-echo answers "hello" + the line on every port, 9002 through the pod IP', async () => {
    expect(await run(probe(9000))).toEqual({ stdout: 'hello port 9000\n', stderr: '', exitCode: 0 });
    expect(await run(probe(9001))).toEqual({ stdout: 'hello port 9001\n', stderr: '', exitCode: 0 });
    expect(await run(probe(9002, echoIp))).toEqual({ stdout: 'hello port 9002\n', stderr: '', exitCode: 0 });
  });

  test("the page's probe line as typed: grep and echo on the learner's side of the pipe", async () => {
    const tail = "| grep \"hello\" && echo 'connection succeeded' || echo 'connection rejected'";
    const ok = { stdout: 'hello port 9000\nconnection succeeded\n', stderr: '', exitCode: 0 };
    expect(await run(`${probe(9000)} ${tail}`)).toEqual(ok);
    const stderr = "nc: bad address 'nowhere'\ncommand terminated with exit code 1\n";
    const rejected = { stdout: 'connection rejected\n', stderr, exitCode: 0 };
    expect(await run(`${probe(9000, 'nowhere')} ${tail}`)).toEqual(rejected);
  });

  test("the page's grep and echo run in the pod too", async () => {
    const line = inCurl('echo "port 9000" | nc tcp-echo 9000 | grep "hello" && echo "succeeded" || echo "rejected"');
    expect((await run(line)).stdout).toBe('hello port 9000\nsucceeded\n');
  });

  test('ALLOW on ports 9000 and 9001: 9002 is closed without data; nc still exits 0 as BusyBox nc does', async () => {
    const tail = "| grep \"hello\" && echo 'connection succeeded' || echo 'connection rejected'";
    expect((await run('kubectl apply -f -', policy('ALLOW', '{ports: ["9000", "9001"]}'))).exitCode).toBe(0);
    expect((await run(probe(9000))).stdout).toBe('hello port 9000\n');
    expect(await run(probe(9002, echoIp))).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect((await run(`${probe(9002, echoIp)} ${tail}`)).stdout).toBe('connection rejected\n');
    const rejected = inCurl(`echo "port 9002" | nc ${echoIp} 9002 | grep -q hello && echo succeeded || echo rejected`);
    expect((await run(rejected)).stdout).toBe('rejected\n');
  });

  test('ALLOW with an HTTP-only field (methods) never matches TCP: every port is rejected', async () => {
    await run('kubectl apply -f -', policy('ALLOW', '{methods: ["GET"], ports: ["9000"]}'));
    expect(await run(probe(9000))).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  test('DENY with an HTTP-only field still denies the port at L4', async () => {
    await run('kubectl delete authorizationpolicy tcp-policy -n foo');
    await run('kubectl apply -f -', policy('DENY', '{methods: ["GET"], ports: ["9000"]}'));
    expect((await run(probe(9000))).stdout).toBe('');
    expect((await run(probe(9001))).stdout).toBe('hello port 9001\n');
  });

  test('a double-quoted "$TCP_ECHO_IP" script reaching the pod unexpanded is refused, not run empty', async () => {
    const r = await run(`kubectl exec ${CURL_POD} -- sh -c "echo \\"port 9002\\" | nc $TCP_ECHO_IP 9002"`);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/^meshwalk sim: the variable \$TCP_ECHO_IP \(not set in the pod\) is not simulated/);
  });

  test('nc -zv reports the open port on stderr; a missing port is usage (exit 1); -l is refused', async () => {
    const svc = (await run('kubectl get svc tcp-echo -n foo -o jsonpath={.spec.clusterIP}')).stdout;
    const open = { stdout: '', stderr: `tcp-echo (${svc}:9001) open\n`, exitCode: 0 };
    expect(await run(inCurl('nc -zv tcp-echo 9001'))).toEqual(open);
    const usage = await run(inCurl('nc tcp-echo'));
    expect(usage.exitCode).toBe(1);
    expect(usage.stderr).toMatch(/Usage: nc \[OPTIONS\] HOST PORT/);
    expect((await run(inCurl('nc -l -p 9000'))).stderr).toMatch(/^meshwalk sim: nc option -l is not simulated/);
  });

  test('tcp-echo answers only complete lines, each with the prefix', async () => {
    const r = await run(inCurl('printf "a\\nb\\nc" | nc tcp-echo 9001'));
    expect(r.stdout).toBe('hello a\nhello b\n');
  });

  test('nc to an unknown name says "bad address" and exits 1', async () => {
    const r = await run(inCurl('echo x | nc nowhere 9000'));
    const stderr = "nc: bad address 'nowhere'\ncommand terminated with exit code 1\n";
    expect(r).toEqual({ stdout: '', stderr, exitCode: 1 });
  });

  test('a client outside the mesh is closed by STRICT mTLS at L4: no data, nc exits 0', async () => {
    await run('kubectl create ns legacy');
    await run('kubectl apply -f samples/sleep/sleep.yaml -n legacy');
    await run(
      'kubectl apply -f -',
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\n' +
        'metadata: {name: default, namespace: foo}\nspec: {mtls: {mode: STRICT}}\n',
    );
    const legacy = 'kubectl exec deploy/sleep -n legacy -- sh -c \'echo "port 9001" | nc tcp-echo.foo 9001\'';
    expect(await run(legacy)).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect((await run(probe(9001))).stdout).toBe('hello port 9001\n');
    await run('kubectl delete peerauthentication default -n foo');
  });

  test('tcp-echo is FROM scratch: there is no sh to exec', async () => {
    const r = await run('kubectl exec deploy/tcp-echo -c tcp-echo -n foo -- sh -c "echo hi"');
    expect(r.stdout).toBe(
      'OCI runtime exec failed: exec failed: unable to start container process: ' +
        'exec: "sh": executable file not found in $PATH: unknown\r\n',
    );
    expect(r.exitCode).toBe(126);
  });
});

describe('sh -c in the curl image (curlimages/curl: Alpine with BusyBox)', () => {
  const run = cluster();
  beforeAll(async () => {
    await run('kubectl create ns foo');
    await run('kubectl label namespace foo istio-injection=enabled');
    await run('kubectl apply -f samples/httpbin/httpbin.yaml -n foo');
    await run('kubectl apply -f samples/curl/curl.yaml -n foo');
  });

  test('a curl loop prints one status per iteration', async () => {
    const loop = 'for i in 1 2 3; do curl -s -o /dev/null -w "%{http_code}\\n" http://httpbin:8000/ip; done';
    const r = await run(inCurl(loop));
    expect(r).toEqual({ stdout: '200\n200\n200\n', stderr: '', exitCode: 0 });
  });

  test("$HOSTNAME is the pod name, HOME is curl_user's, the service links are set", async () => {
    const pod = (await run('kubectl get pod -l app=curl -n foo -o jsonpath={.items..metadata.name}')).stdout;
    const r = await run(inCurl('echo "$HOSTNAME $HOME $KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT"; hostname'));
    expect(r.stdout).toBe(`${pod} /home/curl_user 10.96.0.1:443\n${pod}\n`);
  });

  test("2>&1 sends curl -v's stderr into the pipe", async () => {
    const r = await run(inCurl('curl -sv http://httpbin:8000/ip 2>&1 >/dev/null | grep "^< HTTP"'));
    expect(r).toEqual({ stdout: '< HTTP/1.1 200 OK\n', stderr: '', exitCode: 0 });
  });

  test('exit 3 propagates: kubectl says "command terminated with exit code 3" and exits 3', async () => {
    const r = await run(inCurl('echo before; exit 3; echo after'));
    expect(r).toEqual({ stdout: 'before\n', stderr: 'command terminated with exit code 3\n', exitCode: 3 });
  });

  test('$0 and $1 come from the words after the script', async () => {
    const r = await run(`${inCurl('echo "$0 $1 $#"')} probe first`);
    expect(r.stdout).toBe('probe first 1\n');
  });

  test('files written in the script are read back; /tmp starts empty', async () => {
    const script = 'echo a > /tmp/out; echo b >> /tmp/out; wc -l < /tmp/out; cat /tmp/none 2>/dev/null || echo missing';
    const r = await run(inCurl(script));
    expect(r.stdout).toBe('2\nmissing\n');
  });

  test('unsupported syntax is refused with exit 3, naming it', async () => {
    const r = await run(inCurl('echo $((1 + 2))'));
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/^meshwalk sim: arithmetic expansion \$\(\(…\)\) is not simulated; [^\n]*\n$/);
  });

  test('a program the image lacks is "not found" (127); a BusyBox applet not simulated is refused', async () => {
    const stderr = 'sh: bash: not found\ncommand terminated with exit code 127\n';
    expect(await run(inCurl('bash -c true'))).toEqual({ stdout: '', stderr, exitCode: 127 });
    const r = await run(inCurl('echo a | awk 1'));
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/^meshwalk sim: `awk` inside a pod is not simulated/);
  });

  test("a syntax error is the shell's own (BusyBox ash), exit 2", async () => {
    const r = await run(inCurl('for i in 1 2; do echo $i'));
    const stderr = 'sh: syntax error: unexpected end of file (expecting "done")\ncommand terminated with exit code 2\n';
    expect(r).toEqual({ stdout: '', stderr, exitCode: 2 });
  });

  test('kubectl exec -i … -- sh reads the script from stdin, newlines and comments included', async () => {
    const script = '# count to two\nfor i in 1 2\ndo\n  echo "n=$i"\ndone\n';
    const r = await run(`kubectl exec -i ${CURL_POD} -- sh`, script);
    expect(r).toEqual({ stdout: 'n=1\nn=2\n', stderr: '', exitCode: 0 });
  });

  test('bash only where the image ships it: not in curlimages/curl', async () => {
    const r = await run(`kubectl exec ${CURL_POD} -- bash -c 'echo hi'`);
    expect(r.exitCode).toBe(126);
  });
});

describe('a Debian-based image (kennethreitz/httpbin, FROM ubuntu:18.04): dash, bash, no nc', () => {
  const run = cluster();
  beforeAll(async () => {
    await run('kubectl create ns foo');
    await run(
      'kubectl apply -f -',
      `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: foo}
spec:
  containers:
  - name: web
    image: docker.io/kennethreitz/httpbin
    env:
    - {name: GREETING, value: hi}
    - {name: MY_NS, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
    - {name: SECRET_TOKEN, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}
`,
    );
  });

  test('bash -c and sh -c run; dash echo interprets backslashes; nc is not there', async () => {
    const web = 'kubectl exec web -n foo --';
    expect((await run(`${web} bash -c 'echo "$GREETING from $MY_NS as $0"'`)).stdout).toBe('hi from foo as bash\n');
    expect((await run(`${web} sh -c 'echo "a\\tb"'`)).stdout).toBe('a\tb\n');
    const stderr = 'sh: 1: nc: not found\ncommand terminated with exit code 127\n';
    expect(await run(`${web} sh -c 'echo x | nc httpbin 8000'`)).toEqual({ stdout: '', stderr, exitCode: 127 });
  });

  test('an env value the simulator cannot resolve is refused when the script reads it', async () => {
    const r = await run("kubectl exec web -n foo -- sh -c 'echo $SECRET_TOKEN'");
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/^meshwalk sim: the variable SECRET_TOKEN \(its valueFrom resourceFieldRef/);
  });
});

test('native sidecars (1.31: istio-proxy among the init containers): the probe and a DENY act the same', async () => {
  const run = cluster('1.31');
  await run('kubectl create ns foo');
  await run('kubectl label namespace foo istio-injection=enabled');
  await run('kubectl apply -f samples/tcp-echo/tcp-echo.yaml -n foo');
  await run('kubectl apply -f samples/curl/curl.yaml -n foo');
  const init = await run('kubectl get pod -l app=curl -n foo -o jsonpath={.items..spec.initContainers[*].name}');
  expect(init.stdout).toContain('istio-proxy');
  expect(await run(probe(9000))).toEqual({ stdout: 'hello port 9000\n', stderr: '', exitCode: 0 });
  await run('kubectl apply -f -', policy('DENY', '{ports: ["9000"]}'));
  expect(await run(probe(9000))).toEqual({ stdout: '', stderr: '', exitCode: 0 });
});
