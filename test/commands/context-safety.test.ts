import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { healthyMinikube, minified } from '../cluster/scenarios.js';
import { standins } from '../cluster/standins.js';
import { basics, lessonFolder } from './run-check-fixtures.js';

const cli = resolve(import.meta.dirname, '../../dist/cli.js');
const lessons = lessonFolder({ 'lessons/basics.yaml': basics });

/** A kubeconfig whose context is named like a local cluster but whose server is somewhere else. */
function lookalike(context: string, cluster: string, server: string) {
  const s = standins([]);
  const empty = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] });
  s.setRules([
    { tool: 'kubectl', args: ['config', 'view'], stdout: minified(context, cluster, server) },
    { tool: 'kubectl', args: ['get', '-o', 'json'], stdout: empty },
    ...healthyMinikube(s.home),
  ]);
  const meshwalk = (args: string[]) =>
    spawnSync(process.execPath, [cli, ...args], {
      env: { ...s.env, MESHWALK_HOME: s.dir },
      cwd: s.dir,
      encoding: 'utf8',
    });
  return { s, meshwalk };
}

describe('a context named like a local cluster, with a remote server', () => {
  it.each([
    ['minikube', 'minikube', 'https://34.120.1.9:8443'],
    ['kind-dev', 'kind-dev', 'https://203.0.113.7:6443'],
    ['prod', 'minikube-prod', 'https://10.20.0.1:6443'],
  ])(
    '%s (cluster %s at %s): run, check and reset refuse it; nothing but reading the config ran',
    (context, cluster, server) => {
      const { s, meshwalk } = lookalike(context, cluster, server);
      for (const args of [
        ['run', 'basics', '--yes', '--cluster', 'current', '--lessons', lessons],
        ['check', 'basics', '--cluster', 'current', '--lessons', lessons],
        ['reset'],
      ]) {
        const r = meshwalk(args);
        expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(4);
        expect(r.stderr).toMatch(
          new RegExp(
            `refusing kube context "${context}": .*matched .*, but the address did not: server ${new URL(server).host} .*--allow-context ${context}`,
          ),
        );
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
      }
      const ran = s.calls().map((c) => `${c.tool} ${c.argv.join(' ')}`);
      const readOnly = ['kubectl config view --minify -o json', 'minikube profile list -o json'];
      expect(ran.filter((c) => !readOnly.includes(c))).toEqual([]);
    },
  );

  it('doctor says which check failed, what the address is and what was expected, and how to allow it', () => {
    const { s, meshwalk } = lookalike('minikube', 'minikube', 'https://34.120.1.9:8443');
    const r = meshwalk(['doctor', '--json']);
    expect(r.status).toBe(4);
    const local = (JSON.parse(r.stdout) as { checks: { id: string }[] }).checks.find((c) => c.id === 'local');
    expect(local).toEqual({
      id: 'local',
      title: 'local cluster',
      status: 'fail',
      detail:
        '"minikube" is not known to be local: cluster name "minikube" matched minikube, but the address did not: ' +
        'server 34.120.1.9:8443 is not a node of minikube profile "minikube" (192.168.49.2:8443) or a loopback address',
      fix: 'if minikube\'s address changed: minikube update-context -p minikube   (or, only if "minikube" is disposable: --allow-context minikube)',
    });
    const cluster = s.calls().filter((c) => c.argv.includes('--context') || c.argv.includes('-p'));
    expect(cluster).toEqual([]);
  });

  it('--allow-context lets it through, with every call pinned to it', () => {
    const { s, meshwalk } = lookalike('minikube', 'minikube', 'https://34.120.1.9:8443');
    const r = meshwalk(['reset', '--dry-run', '--allow-context', 'minikube']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const toCluster = s.calls().filter((c) => c.tool === 'kubectl' && c.argv[0] !== 'config');
    expect(toCluster.length).toBeGreaterThan(0);
    for (const c of toCluster) expect(c.argv.slice(0, 2)).toEqual(['--context', 'minikube']);
  });
});
