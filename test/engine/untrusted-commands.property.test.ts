// Random lesson commands built from hostile fragments (cluster-choosing flags, `$(…)`, backticks,
// `;`, `|`, newlines, `-` prefixes, `..` paths, substituted values): each one is either refused by
// lint and again by the engine, with a reason, or it runs (through the real adapter, stand-ins on
// PATH logging argv) with no cluster-choosing flag but meshwalk's own `--context`. On the
// simulated cluster no value is ever run as a command.
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRealCluster } from '../../src/cluster/real.js';
import { createSimCluster } from '../../src/cluster/sim.js';
import { renderSource } from '../../src/engine/commands.js';
import { checkCommand } from '../../src/lesson/command-policy/index.js';
import { tokenize } from '../../src/lesson/tokenize.js';
import { standins } from '../cluster/standins.js';

const VALUES = [
  'ok',
  '--server=https://evil',
  '-s',
  '--all',
  '$(kubectl delete namespace victim)',
  '`kubectl delete namespace victim`',
  '; kubectl delete namespace victim',
  'a\nb',
  '../../etc/passwd',
  'manifests/x.yaml',
  '| kubectl delete namespace victim',
];
const FRAGMENTS = [
  'get',
  'delete',
  'apply',
  'exec',
  'create',
  'pods',
  'namespace',
  'deploy/sleep',
  '-f',
  'manifests/x.yaml',
  '../x.yaml',
  '/etc/passwd',
  '--',
  '-n',
  'default',
  '--server=https://evil',
  '--server',
  'https://evil',
  '-s',
  '-is',
  '--kubeconfig=/tmp/k',
  '--context',
  'prod',
  '--as=admin',
  '--token',
  '-c',
  '/tmp/k',
  "'$(kubectl delete namespace victim)'",
  "'`id`'",
  ';',
  '|',
  "'|'",
  '\n',
  '-x',
  '{{V}}',
  'x{{V}}',
  '--selector={{V}}',
  '-engine',
  'x.so',
  '-out',
  '../o',
  '-keyout',
  'k.pem',
  'req',
  'x509',
  '-noout',
  'version',
  'proxy-status',
  'ip',
  '-p',
  'token',
  'reset',
  '--state',
];
/** Commands a lesson may run, into which the fragments are inserted (a program alone is hostile too). */
const SKELETONS = [
  'kubectl get pods -n default',
  'kubectl delete configmap x',
  'kubectl apply -f manifests/x.yaml',
  'kubectl exec deploy/sleep -- curl -s http://x',
  'istioctl proxy-status',
  'openssl x509 -noout -in tls.crt',
  'openssl req -x509 -nodes -newkey rsa:2048 -keyout k.pem -out c.pem -subj /CN=x',
  'minikube ip',
  'meshwalk token --sub alice',
  'rm',
  'kubectl',
  'openssl',
];

const line = fc
  .tuple(fc.constantFrom(...SKELETONS), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...FRAGMENTS)), { maxLength: 3 }))
  .map(([skeleton, inserts]) => {
    const words = skeleton.split(' ');
    for (const [at, fragment] of inserts) words.splice(1 + (at % words.length), 0, fragment);
    return words.join(' ');
  });

/** Target spellings an independent reader would flag (kubectl `options`, istioctl root flags). */
const LONG_TARGET =
  /^--(?:server|kubeconfig|cluster|context|user|token|as|as-group|as-uid|certificate-authority|client-certificate|client-key|insecure-skip-tls-verify|tls-server-name|username|password)(?:=|$)/;
const TARGET: Record<string, RegExp> = {
  kubectl: new RegExp(`${LONG_TARGET.source}|^-[a-zA-Z]*s`),
  istioctl: new RegExp(`${LONG_TARGET.source}|^-[a-zA-Z]*c`),
};

function lintRefuses(text: string): boolean {
  const t = tokenize(text);
  return !t.ok || !checkCommand({ argv: t.argv, template: t.argv }).ok;
}

function workDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'meshwalk-prop-'));
  mkdirSync(join(root, 'manifests'));
  mkdirSync(join(root, 'work'));
  symlinkSync(join(root, 'manifests'), join(root, 'work', 'manifests'));
  return join(root, 'work');
}

describe('untrusted lesson commands (property)', () => {
  it("are refused by lint and run, or run with only meshwalk's own target flags", async () => {
    const s = standins([], ['kubectl', 'istioctl', 'minikube', 'openssl']);
    const cwd = workDir();
    const cluster = createRealCluster({ context: 'minikube', cwd, env: s.env });
    await fc.assert(
      fc.asyncProperty(line, fc.constantFrom(...VALUES), async (text, value) => {
        const r = renderSource({ kind: 'run', line: text }, { V: value });
        if (lintRefuses(text)) {
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.message).not.toBe('');
          return;
        }
        if (!r.ok) {
          expect(r.message).toMatch(/\[[a-z-]+\]$/); // refused at run time, with the code
          return;
        }
        if (r.spec.argv[0] === 'meshwalk') return; // runs this meshwalk in-process: covered by the CLI tests
        const before = s.calls().length;
        let ran = true;
        await cluster
          .run(r.spec.argv, { timeoutMs: 5_000, ...(r.spec.paths ? { paths: r.spec.paths } : {}) })
          .catch(() => (ran = false));
        const calls = s.calls().slice(before);
        expect(calls.length).toBe(ran ? 1 : 0);
        for (const c of calls) {
          const own = c.tool === 'kubectl' || c.tool === 'istioctl' ? c.argv.slice(0, 2) : [];
          if (own.length) expect(own).toEqual(['--context', 'minikube']);
          const end = c.argv.indexOf('--');
          const flags = c.argv.slice(own.length, end === -1 ? undefined : end);
          const target = TARGET[c.tool];
          if (target) expect(flags.filter((a) => target.test(a) && !a.startsWith('--request-timeout'))).toEqual([]);
          if (c.tool === 'openssl') {
            expect(flags.filter((a) => /^--?(?:engine|provider|rand|writerand|config)\b/.test(a))).toEqual([]);
            const files = flags.filter((_a, i) =>
              /^--?(?:in|out|keyout|key|signkey|CA|CAkey)$/.test(flags[i - 1] ?? ''),
            );
            expect(files.filter((f) => f.includes('..') || /^\/(?!dev\/null$)/.test(f))).toEqual([]);
          }
        }
      }),
      { numRuns: 120 },
    );
  }, 120_000);

  it('on the simulated cluster never run a value as a command', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'meshwalk-prop-sim-'));
    const cluster = createSimCluster({ stateDir, cwd: workDir(), env: {}, propagationMs: 0 });
    expect((await cluster.run(['kubectl', 'create', 'namespace', 'victim'])).exitCode).toBe(0);
    const kubectlLine = fc
      .array(
        fc.constantFrom(
          'get',
          'describe',
          'configmap',
          'pods',
          '-n',
          'default',
          '{{V}}',
          'x{{V}}',
          '--selector={{V}}',
          '-l',
          'app={{V}}',
        ),
        { minLength: 1, maxLength: 5 },
      )
      .map((w) => `kubectl ${w.join(' ')}`);
    await fc.assert(
      fc.asyncProperty(kubectlLine, fc.constantFrom(...VALUES), async (text, value) => {
        const r = renderSource({ kind: 'run', line: text }, { V: value });
        if (!r.ok) return;
        await cluster.run(r.spec.argv, { ...(r.spec.literal ? { literal: r.spec.literal } : {}) });
        expect((await cluster.run(['kubectl', 'get', 'namespace', 'victim'])).exitCode).toBe(0);
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
