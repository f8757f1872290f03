import { existsSync, mkdtempSync, readlinkSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { createSimCluster, inProcess, type RunSim } from '../../src/cluster/sim.js';
import { prepareWorkDir, workDirOf } from '../../src/cluster/workdir.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'meshwalk-sim-'));

describe('simulated cluster adapter', () => {
  it('sends kubectl, curl, istioctl and minikube to the simulator with state dir, cwd and propagation', async () => {
    const calls: unknown[] = [];
    const runSim: RunSim = async (argv, o) => {
      calls.push({ argv, o });
      return { exitCode: 0, stdout: 'namespace/books created\n', stderr: '' };
    };
    const c = createSimCluster({
      stateDir: '/state',
      cwd: '/work/x',
      env: {},
      propagationMs: 250,
      runSim,
      now: () => 42,
    });
    const chunks: string[] = [];
    const r = await c.run(['kubectl', 'create', 'namespace', 'books'], {
      stdin: 'x',
      onOutput: (chunk) => chunks.push(chunk),
    });
    expect(r).toMatchObject({ exitCode: 0, stdout: 'namespace/books created\n', timedOut: false, cancelled: false });
    expect(chunks).toEqual(['namespace/books created\n']);
    for (const p of ['curl', 'istioctl', 'minikube']) await c.run([p, 'x']);
    expect(calls).toHaveLength(4);
    expect(calls[0]).toEqual({
      argv: ['kubectl', 'create', 'namespace', 'books'],
      o: { stateDir: '/state', propagationMs: 250, cwd: '/work/x', now: 42, stdin: 'x' },
    });
    expect(c.kind).toBe('sim');
  });

  it('refuses other programs with exit 3 and says what it can run', async () => {
    const c = createSimCluster({
      stateDir: '/s',
      cwd: '/w',
      env: {},
      runSim: async () => ({ exitCode: 0, stdout: '', stderr: '' }),
    });
    const r = await c.run(['helm', 'install', 'x']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toBe(
      'meshwalk: the simulated cluster cannot run `helm`: it runs kubectl, curl, istioctl, minikube, meshwalk, openssl only (use --cluster current for a real cluster)\n',
    );
  });

  it('runs meshwalk itself in-process', async () => {
    const c = createSimCluster({
      stateDir: '/s',
      cwd: '/w',
      env: {},
      runOwn: async (args) => ({ exitCode: 0, stdout: `ran ${args.join(' ')}\n`, stderr: '' }),
    });
    expect((await c.run(['meshwalk', 'token', '--sub', 'alice'])).stdout).toBe('ran token --sub alice\n');
  });

  it('runs the real meshwalk CLI in-process when given its main', async () => {
    const c = createSimCluster({ stateDir: '/s', cwd: '/w', env: {}, runOwn: inProcess(main) });
    const r = await c.run(['meshwalk', '--version']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('refuses meshwalk, saying why, when started without it', async () => {
    const c = createSimCluster({ stateDir: '/s', cwd: '/w', env: {} });
    const r = await c.run(['meshwalk', '--version']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toBe(
      'meshwalk: this simulated cluster was started without meshwalk itself, so it cannot run `meshwalk`\n',
    );
  });

  it('runs openssl for real in the work directory', async () => {
    const data = fresh();
    const cwd = prepareWorkDir(data, 'ingress-https', process.cwd());
    const c = createSimCluster({ stateDir: join(data, 'sim'), cwd, env: { PATH: process.env.PATH } });
    const r = await c.run([
      'openssl',
      'req',
      '-x509',
      '-sha256',
      '-nodes',
      '-days',
      '365',
      '-newkey',
      'rsa:2048',
      '-keyout',
      'tls.key',
      '-out',
      'tls.crt',
      '-subj',
      '/CN=minikube.me/O=minikube.me',
    ]);
    expect(r.exitCode).toBe(0);
    expect(existsSync(join(cwd, 'tls.crt'))).toBe(true);
    const end = await c.run(['openssl', 'x509', '-enddate', '-noout', '-in', 'tls.crt']);
    expect(end.stdout).toMatch(/^notAfter=/);
  });

  it('reports a cancelled command without running it', async () => {
    let ran = false;
    const c = createSimCluster({
      stateDir: '/s',
      cwd: '/w',
      env: {},
      runSim: async () => ((ran = true), { exitCode: 0, stdout: '', stderr: '' }),
    });
    const ac = new AbortController();
    ac.abort();
    const r = await c.run(['kubectl', 'get', 'pods'], { signal: ac.signal });
    expect(r.cancelled).toBe(true);
    expect(ran).toBe(false);
  });
});

describe('work directory', () => {
  it('links manifests to the package and re-points a stale link', () => {
    const data = fresh();
    const dir = prepareWorkDir(data, 'peer-authentication', '/somewhere/else');
    expect(dir).toBe(workDirOf(data, 'peer-authentication'));
    expect(readlinkSync(join(dir, 'manifests'))).toBe('/somewhere/else/manifests');
    prepareWorkDir(data, 'peer-authentication', process.cwd());
    expect(realpathSync(join(dir, 'manifests'))).toBe(realpathSync(join(process.cwd(), 'manifests')));
  });
});
