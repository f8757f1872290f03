// `meshwalk shell` on a real cluster, against stand-in kubectl/minikube/istioctl on PATH: the shell
// gets a private kubeconfig holding only the chosen context, a context not known to be local is
// refused as every other command refuses it, and the learner's own kubeconfig is left alone.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { healthyMinikube, minified } from '../cluster/scenarios.js';
import { standins, type Rule } from '../cluster/standins.js';
import { processRunner } from '../../src/cluster/run-process.js';
import { writePinnedKubeconfig } from '../../src/cluster/pinned-kubeconfig.js';
import { fields, shell, tmp } from './shell-run.js';

const BASH = execFileSync('sh', ['-c', 'command -v bash'], { encoding: 'utf8' }).trim();

/** `kubectl config view --minify --flatten -o json` for one context, credentials embedded. */
function flattened(context: string, server: string): string {
  return JSON.stringify({
    kind: 'Config',
    apiVersion: 'v1',
    clusters: [{ name: context, cluster: { server, 'certificate-authority-data': 'Q0EK' } }],
    contexts: [{ name: context, context: { cluster: context, user: context } }],
    users: [{ name: context, user: { 'client-key-data': 'S0VZCg==' } }],
    'current-context': context,
  });
}

/**
 * Stand-ins first on PATH, then the system's folders for sh's own programs (cat, dirname). The
 * kubectl in front of the stand-in writes down the KUBECONFIG each call sees.
 */
function realSetup(rules: (home: string) => Rule[]) {
  const s = standins([]);
  s.setRules(rules(s.home));
  const front = join(s.dir, 'front');
  mkdirSync(front);
  const seen = join(s.dir, 'kubeconfigs.log');
  const kubectl = join(front, 'kubectl');
  writeFileSync(kubectl, `#!/bin/sh\necho "$KUBECONFIG" >> '${seen}'\nexec '${join(s.dir, 'bin', 'kubectl')}' "$@"\n`);
  chmodSync(kubectl, 0o755);
  // The learner's own kubeconfig, with a second context the shell must not reach.
  const own = join(s.home, '.kube', 'config');
  mkdirSync(join(s.home, '.kube'));
  writeFileSync(
    own,
    'apiVersion: v1\nkind: Config\ncurrent-context: minikube\ncontexts: [{name: minikube}, {name: prod}]\n',
  );
  const env = {
    ...s.env,
    PATH: `${front}:${s.env.PATH}:/usr/bin:/bin`,
    KUBECONFIG: own,
    MESHWALK_HOME: join(s.dir, 'data'),
    SHELL: BASH,
  };
  return { s, env, own, seen: () => readFileSync(seen, 'utf8').split('\n').filter(Boolean) };
}

const minikube = (home: string): Rule[] => [
  {
    tool: 'kubectl',
    args: ['config', 'view', '--minify', '--flatten', '--context', 'minikube'],
    stdout: flattened('minikube', 'https://192.168.49.2:8443'),
  },
  { tool: 'kubectl', args: ['get', 'pods', '-n', 'intro'], stdout: 'No resources found in intro namespace.\n' },
  ...healthyMinikube(home),
];

describe('meshwalk shell on a real cluster', () => {
  test('KUBECONFIG is a private file with only the chosen context; kubectl in the shell gets it', () => {
    const { s, env, own, seen } = realSetup(minikube);
    const ownBefore = readFileSync(own, 'utf8');
    const script = [
      'echo "marker=$MESHWALK_SHELL"',
      'echo "kubeconfig=$KUBECONFIG"',
      `echo "pinned=$(tr -d ' \\n' < "$KUBECONFIG")"`,
      'echo "perm=$(stat -c %a "$KUBECONFIG")"',
      'echo "kubectl_at=$(command -v kubectl)"',
      'kubectl get pods -n intro',
      'echo "token=$(meshwalk token --sub alice | head -c 3)"',
      'exit 3',
    ].join('\n');
    const r = shell(['into-the-mesh', '--cluster', 'current'], script, env, s.dir);
    const got = fields(r.stdout);
    expect(r.exitCode, r.stderr).toBe(3);
    expect(got.marker).toBe('minikube');
    expect(got.kubeconfig).toMatch(/meshwalk-shell-[^/]+\/kubeconfig$/);
    expect(got.kubeconfig).not.toBe(own);
    const pinned = JSON.parse(got.pinned as string) as { contexts: { name: string }[]; 'current-context': string };
    expect(pinned.contexts.map((c) => c.name)).toEqual(['minikube']);
    expect(pinned['current-context']).toBe('minikube');
    expect(got.perm).toBe('600');
    // The learner's own kubectl (here the stand-in), not a meshwalk stand-in.
    expect(got.kubectl_at).toBe(join(s.dir, 'front', 'kubectl'));
    expect(r.stdout).toContain('No resources found in intro namespace.');
    expect(got.token).toBe('eyJ');
    // The copy came from kubectl itself, for exactly that context.
    const argvs = s.calls().map((c) => c.argv.join(' '));
    expect(argvs).toContain('config view --minify --flatten --context minikube -o json');
    // kubectl inside the shell saw the private copy; meshwalk's own calls saw the learner's file.
    expect(seen().at(-1)).toBe(got.kubeconfig);
    expect(seen()[0]).toBe(own);
    expect(r.stderr).toContain('reach kube context "minikube" only');
    // After the shell: the copy is gone and the learner's kubeconfig is as it was.
    expect(() => readFileSync(got.kubeconfig as string)).toThrow();
    expect(readFileSync(own, 'utf8')).toBe(ownBefore);
  });

  test('a context that is not known to be local is refused as run and reset refuse it; no shell starts', () => {
    const { s, env } = realSetup(() => [
      { tool: 'kubectl', args: ['config', 'view'], stdout: minified('prod', 'gke_prod', 'https://34.120.1.9') },
      { tool: 'kubectl', args: ['get', '--raw', '/readyz'], stdout: 'ok' },
    ]);
    const r = shell(['into-the-mesh', '--cluster', 'current'], 'echo started\n', env, s.dir);
    expect(r.exitCode).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^meshwalk shell: refusing kube context "prod": .*--allow-context prod/);
    expect(s.calls().map((c) => c.argv.join(' '))).not.toContain(
      'config view --minify --flatten --context prod -o json',
    );
  });

  test('--context NAME, as the TUI suggests it, pins that context', () => {
    const { s, env } = realSetup(minikube);
    const r = shell(['into-the-mesh', '--context', 'minikube'], 'echo "marker=$MESHWALK_SHELL"\n', env, s.dir);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(fields(r.stdout).marker).toBe('minikube');
    expect(s.calls().map((c) => c.argv.join(' '))).toContain('config view --minify -o json --context minikube');
  });
});

// The pinning itself, with the real kubectl where one is installed: `use-context` has nowhere to go.
const kubectl = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
describe.skipIf(!kubectl)('the one-context kubeconfig, written by the real kubectl', () => {
  test('holds the chosen context alone, certificate embedded; switching context fails', async () => {
    const dir = tmp('mw-pin-');
    const ca = join(dir, 'ca.crt');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const config = join(dir, 'config');
    writeFileSync(
      config,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: prod',
        'clusters:',
        `- {name: minikube, cluster: {server: "https://192.168.49.2:8443", certificate-authority: ${ca}}}`,
        '- {name: prod, cluster: {server: "https://34.120.1.9"}}',
        'contexts:',
        '- {name: minikube, context: {cluster: minikube, user: minikube}}',
        '- {name: prod, context: {cluster: prod, user: prod}}',
        'users:',
        '- {name: minikube, user: {token: abc}}',
        '- {name: prod, user: {token: secret-prod}}',
        '',
      ].join('\n'),
    );
    const env = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: config };
    const file = join(dir, 'pinned');
    expect(await writePinnedKubeconfig(processRunner({ env, cwd: dir }), 'minikube', file)).toEqual({ ok: true });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('prod');
    expect(text).toContain('certificate-authority-data');
    const use = spawnSync(kubectl, ['config', 'use-context', 'prod'], {
      env: { ...env, KUBECONFIG: file },
      encoding: 'utf8',
    });
    expect(use.status).not.toBe(0);
    const current = execFileSync(kubectl, ['config', 'current-context'], {
      env: { ...env, KUBECONFIG: file },
      encoding: 'utf8',
    });
    expect(current).toBe('minikube\n');
    expect(resolve(file)).toBe(file);
  });
});

describe('writePinnedKubeconfig refuses what is not one context', () => {
  const answer =
    (stdout: string, exitCode = 0, stderr = '') =>
    async (argv: readonly string[]) => ({
      argv,
      exitCode,
      stdout,
      stderr,
      timedOut: false,
      cancelled: false,
      durationMs: 1,
    });
  test.each([
    [
      'two contexts',
      answer(JSON.stringify({ contexts: [{ name: 'minikube' }, { name: 'prod' }] })),
      'kubectl config view --minify gave the contexts minikube, prod',
    ],
    ['another context', answer(JSON.stringify({ contexts: [{ name: 'prod' }] })), 'gave the contexts prod'],
    ['no JSON', answer('apiVersion: v1'), 'printed no JSON'],
    ['a kubectl error', answer('', 1, 'error: cannot locate context minikube\n'), 'cannot locate context minikube'],
  ])('%s: nothing is written', async (_what, run, reason) => {
    const file = join(tmp('mw-pin-'), 'pinned');
    const r = await writePinnedKubeconfig(run as never, 'minikube', file);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toContain(reason);
    expect(() => readFileSync(file)).toThrow();
  });
});
