import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { minified, notFound } from '../cluster/scenarios.js';
import { standins, type Rule, type Tool } from '../cluster/standins.js';

const cli = resolve(import.meta.dirname, '../../dist/cli.js');

/** A laptop with the tools installed but nothing running; `minikube start` and `istioctl install` change that. */
function freshLaptop(home: string): Rule[] {
  return [
    { tool: 'kubectl', args: ['version', '--client'], stdout: '{"clientVersion":{"gitVersion":"v1.32.4"}}' },
    { tool: 'minikube', args: ['version'], stdout: 'v1.34.0\n' },
    { tool: 'istioctl', args: ['version'], stdout: 'client version: 1.24.2\n' },
    { tool: 'minikube', args: ['status'], when: 'started', stdout: '{"Host":"Running"}' },
    { tool: 'minikube', args: ['status'], stdout: '🤷  Profile "minikube" not found.\n', exit: 85 },
    {
      tool: 'minikube',
      args: ['start'],
      stdout: '🏄  Done! kubectl is now configured to use "minikube" cluster\n',
      sets: 'started',
    },
    {
      tool: 'kubectl',
      args: ['config', 'view'],
      stdout: minified('minikube', 'minikube', 'https://192.168.49.2:8443', `${home}/.minikube/ca.crt`),
    },
    {
      tool: 'minikube',
      args: ['profile', 'list'],
      when: 'started',
      stdout: JSON.stringify({
        valid: [{ Name: 'minikube', Config: { Nodes: [{ IP: '192.168.49.2', Port: 8443 }] } }],
      }),
    },
    { tool: 'kubectl', args: ['get', '--raw', '/readyz'], stdout: 'ok' },
    { tool: 'kubectl', args: ['get', 'deployment', 'istiod'], when: 'istio', stdout: 'deployment.apps/istiod\n' },
    { tool: 'kubectl', args: ['get', 'deployment', 'istiod'], stderr: notFound('deployments.apps "istiod"'), exit: 1 },
    {
      tool: 'istioctl',
      args: ['install'],
      stdout: '✔ Istio core installed ⛵️\n✔ Installation complete\n',
      sets: 'istio',
    },
  ];
}

function setup(args: string[], input = '', tools?: Tool[]) {
  const s = standins([], tools);
  s.setRules(freshLaptop(s.home));
  const again = (a: string[], i = '') =>
    spawnSync(process.execPath, [cli, 'setup', ...a], { env: s.env, cwd: s.dir, input: i, encoding: 'utf8' });
  return { s, r: again(args, input), again };
}

const ran = (calls: { tool: string; argv: string[] }[]) =>
  calls
    .filter((c) => ['start', 'install'].includes(c.argv[0] === '-p' ? '' : c.argv[0]!))
    .map((c) => `${c.tool} ${c.argv.join(' ')}`);

describe('meshwalk setup', () => {
  it('with --yes on a fresh laptop: starts minikube, installs the Istio demo profile, shows each command', async () => {
    const { s, r } = setup(['--yes']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  $ minikube start -p minikube --cpus=4 --memory=8192\n');
    expect(r.stdout).toContain('  $ istioctl install --context minikube --set profile=demo -y\n');
    expect(r.stdout).toContain('✔ Installation complete');
    expect(r.stdout).toContain('meshwalk doctor');
    expect(ran(s.calls())).toEqual([
      'minikube start -p minikube --cpus=4 --memory=8192',
      'istioctl install --context minikube --set profile=demo -y',
    ]);
    // Nothing labelled globally: no kubectl label call at all.
    expect(s.calls().some((c) => c.argv.includes('label'))).toBe(false);
  });

  it('is idempotent: a second run skips what exists and runs nothing', async () => {
    const { s, again } = setup(['--yes']);
    const before = s.calls().length;
    const r = again(['--yes']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('skip  minikube is already running (profile "minikube")');
    expect(r.stdout).toContain('skip  Istio is already installed');
    expect(ran(s.calls().slice(before))).toEqual([]);
  });

  it('asks before each command; "n" runs nothing and says how to continue', async () => {
    const { s, r } = setup([], 'n\n');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Run it? [y/N] ');
    expect(r.stdout).toContain('Not run.');
    expect(ran(s.calls())).toEqual([]);
  });

  it('end of input counts as no', async () => {
    const { s, r } = setup([], '');
    expect(r.status).toBe(1);
    expect(ran(s.calls())).toEqual([]);
  });

  it('"y" to each question runs both, with the resources given', async () => {
    const { s, r } = setup(['--cpus', '2', '--memory', '6144'], 'y\nyes\n');
    expect(r.status).toBe(0);
    expect(ran(s.calls())).toEqual([
      'minikube start -p minikube --cpus=2 --memory=6144',
      'istioctl install --context minikube --set profile=demo -y',
    ]);
  });

  it('a missing tool stops before anything runs, naming where to get it (exit 4)', async () => {
    const { s, r } = setup(['--yes'], '', ['kubectl', 'minikube']);
    expect(r.status).toBe(4);
    expect(r.stderr).toContain(
      'istioctl not found on PATH: install it from https://istio.io/latest/docs/setup/getting-started/#download',
    );
    expect(ran(s.calls())).toEqual([]);
  });

  it('rejects a bad --memory as usage', async () => {
    const { r } = setup(['--memory', 'lots']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('meshwalk setup: --memory must be a positive whole number, not "lots"\n');
  });
});
