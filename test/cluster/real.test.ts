import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CommandError } from '../../src/cluster/port.js';
import { createRealCluster, pinArgv } from '../../src/cluster/real.js';
import { isRunning, standins, type Rule } from './standins.js';

const pin = (argv: string[], timeoutMs = 30_000) =>
  pinArgv(argv, { context: 'minikube', timeoutMs, minikubeProfile: 'minikube' });

async function waitFor(file: string): Promise<{ pid: number; grandchild: number }> {
  for (let i = 0; i < 400 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 25));
  return JSON.parse(readFileSync(file, 'utf8')) as { pid: number; grandchild: number };
}

async function gone(pids: number[]): Promise<boolean> {
  // Killed processes are reaped asynchronously; give the kernel a moment, then require them gone.
  for (let i = 0; i < 200 && pids.some(isRunning); i++) await new Promise((r) => setTimeout(r, 25));
  return !pids.some(isRunning);
}

function cluster(rules: Rule[], tools?: ('kubectl' | 'minikube' | 'istioctl')[]) {
  const s = standins(rules, tools);
  return {
    s,
    c: createRealCluster({
      context: 'minikube',
      cwd: s.dir,
      env: s.env,
      minikubeProfile: 'minikube',
      startHint: 'minikube start',
      killGraceMs: 500,
    }),
  };
}

describe('pinArgv', () => {
  it.each([
    [
      ['kubectl', 'get', 'pods'],
      ['kubectl', '--context', 'minikube', '--request-timeout=24s', 'get', 'pods'],
    ],
    [
      ['kubectl', '-n', 'foo', 'get', 'pods'],
      ['kubectl', '--context', 'minikube', '--request-timeout=24s', '-n', 'foo', 'get', 'pods'],
    ],
    [
      ['kubectl', 'get', 'pods', '-w'],
      ['kubectl', '--context', 'minikube', 'get', 'pods', '-w'],
    ],
    [
      ['kubectl', 'exec', 'sleep', '--', 'curl', '--context', 'x'],
      ['kubectl', '--context', 'minikube', 'exec', 'sleep', '--', 'curl', '--context', 'x'],
    ],
    [
      ['kubectl', 'delete', 'ns', 'foo'],
      ['kubectl', '--context', 'minikube', 'delete', 'ns', 'foo'],
    ],
    [
      ['kubectl', '--context', 'minikube', 'get', 'ns'],
      ['kubectl', '--context', 'minikube', '--request-timeout=24s', 'get', 'ns'],
    ],
    [
      ['kubectl', '--request-timeout=5s', 'get', '--raw', '/readyz'],
      ['kubectl', '--context', 'minikube', '--request-timeout=5s', 'get', '--raw', '/readyz'],
    ],
    [
      ['istioctl', 'install', '--set', 'profile=demo', '-y'],
      ['istioctl', '--context', 'minikube', 'install', '--set', 'profile=demo', '-y'],
    ],
    [
      ['minikube', 'ip'],
      ['minikube', '-p', 'minikube', 'ip'],
    ],
    [
      ['minikube', '-p', 'other', 'ip'],
      ['minikube', '-p', 'other', 'ip'],
    ],
    [
      ['curl', '-s', 'http://x'],
      ['curl', '-s', 'http://x'],
    ],
  ])('%j -> %j', (argv, want) => {
    expect(pin(argv)).toEqual(want);
  });

  it('refuses a command that names another context instead of running it there', () => {
    expect(() => pin(['kubectl', '--context=prod', 'delete', 'ns', 'x'])).toThrow(
      'refusing to run "kubectl --context=prod delete ns x": it names kube context "prod" but meshwalk is pinned to "minikube"',
    );
  });

  it("runs `meshwalk` as this meshwalk: node plus the package's dist/cli.js", () => {
    expect(pin(['meshwalk', 'token', '--help'])).toEqual([
      process.execPath,
      resolve(import.meta.dirname, '../../dist/cli.js'),
      'token',
      '--help',
    ]);
  });
});

describe('createRealCluster', () => {
  it('every kubectl call carries --context, as the stand-in recorded it', async () => {
    const { s, c } = cluster([{ tool: 'kubectl', args: ['get', 'pods'], stdout: 'NAME READY\n' }]);
    const r = await c.run(['kubectl', 'get', 'pods', '-n', 'demo']);
    expect(r).toMatchObject({ exitCode: 0, stdout: 'NAME READY\n', timedOut: false, cancelled: false });
    expect(s.calls().map((x) => x.argv)).toEqual([
      ['--context', 'minikube', '--request-timeout=24s', 'get', 'pods', '-n', 'demo'],
    ]);
    expect(r.argv).toEqual(['kubectl', '--context', 'minikube', '--request-timeout=24s', 'get', 'pods', '-n', 'demo']);
  });

  it('a non-zero exit is data, with stdout and stderr kept apart and streamed as they come', async () => {
    const { c } = cluster([
      { tool: 'kubectl', args: ['exec'], stdout: '000', stderr: 'command terminated with exit code 56\n', exit: 56 },
    ]);
    const chunks: string[] = [];
    const r = await c.run(['kubectl', 'exec', 'sleep', '--', 'curl', 'http://x'], {
      onOutput: (t, s) => chunks.push(`${s}:${t}`),
    });
    expect(r).toMatchObject({ exitCode: 56, stdout: '000', stderr: 'command terminated with exit code 56\n' });
    expect(chunks.sort()).toEqual(['stderr:command terminated with exit code 56\n', 'stdout:000']);
  });

  it('a missing binary throws one clear line naming where to get it', async () => {
    const { c } = cluster([], ['minikube']);
    const err = await c.run(['kubectl', 'get', 'pods']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect((err as Error).message).toBe(
      'kubectl not found on PATH: install it from https://kubernetes.io/docs/tasks/tools/ or use --cluster sim',
    );
  });

  it("a refused connection becomes one line naming the context, kubectl's words and how to start it", async () => {
    const noise =
      'E1124 07:14:58.952673 8065 memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list"\n'.repeat(
        5,
      );
    const { c } = cluster([
      {
        tool: 'kubectl',
        stderr: `${noise}The connection to the server 192.168.49.2:8443 was refused - did you specify the right host or port?\n`,
        exit: 1,
      },
    ]);
    const r = await c.run(['kubectl', 'get', 'pods']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'cannot reach kube context "minikube": The connection to the server 192.168.49.2:8443 was refused - did you specify the right host or port?; is the cluster running? Try: minikube start\n',
    );
  });

  it('an ordinary kubectl error (NotFound) is passed through untouched', async () => {
    const { c } = cluster([{ tool: 'kubectl', stderr: 'Error from server (NotFound): pods "x" not found\n', exit: 1 }]);
    expect((await c.run(['kubectl', 'get', 'pod', 'x'])).stderr).toBe(
      'Error from server (NotFound): pods "x" not found\n',
    );
  });

  it('passes stdin through (kubectl apply -f -)', async () => {
    const { s, c } = cluster([{ tool: 'kubectl', args: ['apply'], stdout: 'applied\n' }]);
    const r = await c.run(['kubectl', 'apply', '-f', '-'], { stdin: 'kind: Namespace\n' });
    expect(r.stdout).toBe('applied\n');
    expect(s.calls()[0]!.argv).toContain('apply');
  });

  it('a hung command is timed out with one clear line, and its grandchild dies with it', async () => {
    const { s, c } = cluster([]);
    const pidFile = join(s.dir, 'pids.json');
    s.setRules([{ tool: 'kubectl', hang: true, grandchild: true, pidFile }]);
    const r = await c.run(['kubectl', 'get', 'pods'], { timeoutMs: 500 });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBe(124);
    expect(r.stderr).toBe('kubectl timed out after 500 ms: kubectl --context minikube --request-timeout=1s get pods\n');
    const pids = await waitFor(pidFile);
    expect(await gone([pids.pid, pids.grandchild])).toBe(true);
  });

  it('abort during a command kills the command and its grandchild', async () => {
    const { s, c } = cluster([]);
    const pidFile = join(s.dir, 'pids.json');
    s.setRules([{ tool: 'kubectl', hang: true, grandchild: true, pidFile }]);
    const ac = new AbortController();
    const running = c.run(['kubectl', 'logs', '-f', 'sleep'], { signal: ac.signal, timeoutMs: 60_000 });
    const pids = await waitFor(pidFile);
    expect(isRunning(pids.pid) && isRunning(pids.grandchild)).toBe(true);
    ac.abort();
    const r = await running;
    expect(r).toMatchObject({ cancelled: true, timedOut: false, exitCode: 130 });
    expect(await gone([pids.pid, pids.grandchild])).toBe(true);
  });

  it('an already-aborted signal runs nothing', async () => {
    const { s, c } = cluster([{ tool: 'kubectl', stdout: 'x' }]);
    const ac = new AbortController();
    ac.abort();
    expect(await c.run(['kubectl', 'get', 'pods'], { signal: ac.signal })).toMatchObject({
      cancelled: true,
      exitCode: 130,
    });
    expect(s.calls()).toEqual([]);
  });

  it('Ctrl-C (SIGINT) to meshwalk mid-command leaves no child or grandchild behind', async () => {
    const { s } = cluster([]);
    const pidFile = join(s.dir, 'pids.json');
    s.setRules([{ tool: 'kubectl', hang: true, grandchild: true, pidFile }]);
    const script = join(s.dir, 'hold.mts');
    writeFileSync(
      script,
      `import { createRealCluster } from ${JSON.stringify(resolve(import.meta.dirname, '../../src/cluster/real.ts'))};
       const c = createRealCluster({ context: 'minikube', cwd: process.cwd(), env: ${JSON.stringify(s.env)} });
       await c.run(['kubectl', 'get', 'pods', '-w'], { timeoutMs: 120000 });`,
    );
    const node = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: resolve(import.meta.dirname, '../..'),
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((r) => node.on('exit', (_code, sig) => r(sig)));
    const pids = await waitFor(pidFile);
    expect(isRunning(pids.grandchild)).toBe(true);
    node.kill('SIGINT');
    expect(await exited).toBe('SIGINT');
    expect(await gone([pids.pid, pids.grandchild])).toBe(true);
  });
});
