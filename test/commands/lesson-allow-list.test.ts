// Lessons are untrusted input: end to end through the CLI's entry point, a lesson that tries to reach
// past its session (another cluster, host code, host files, values turned into commands or
// flags) is refused by `lint` at file:line:col and by `run` before anything runs. Stand-in
// kubectl, istioctl, minikube and openssl on PATH log every call, so "nothing ran" is observed.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { healthyMinikube } from '../cluster/scenarios.js';
import { standins, type Standins } from '../cluster/standins.js';
import { progressPath } from '../../src/progress/store.js';
import { meshwalk as inProcess } from '../support/meshwalk.js';

/** A lesson folder (lessons/ and manifests/) from a file map; returns its root. */
function folder(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'meshwalk-untrusted-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

function lesson(id: string, body: string): string {
  return `id: ${id}\ntitle: ${id}\nsummary: s\nistio: ["1.24"]\n${body}`;
}

/** Runs meshwalk (in this process) with only the stand-ins (and node) on PATH. */
async function meshwalk(s: Standins, home: string, args: string[]) {
  const r = await inProcess(args, { env: { ...s.env, MESHWALK_HOME: home } });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** `file:line:col … [code]` lines of `meshwalk lint`, with the file cut to its name. */
function lintLines(out: string): string[] {
  return out
    .split('\n')
    .filter((l) => /\[[a-z-]+\]$/.test(l))
    .map((l) => l.replace(/^.*\/(lessons|manifests)\//, '$1/').replace(/ .* \[/, ' ['));
}

describe('item 1: a lesson on the simulated cluster cannot reach a real one, or meshwalk itself', () => {
  const root = folder({
    'lessons/reset.yaml': lesson(
      'reset',
      'steps:\n  - id: a\n    title: A\n    run: meshwalk reset --cluster current --context gke_proj_zone_prod --allow-context gke_proj_zone_prod\n',
    ),
    'lessons/shims.yaml': lesson('shims', 'steps:\n  - id: a\n    title: A\n    run: meshwalk sim --shims shims\n'),
    'lessons/progress.yaml': lesson(
      'progress',
      'steps:\n  - id: a\n    title: A\n    run: meshwalk progress --reset\n',
    ),
    'lessons/keep.yaml': lesson('keep', 'steps:\n  - id: a\n    title: A\n    run: kubectl get namespaces\n'),
  });

  it('lint reports each at file:line:col with a code', async () => {
    const s = standins([]);
    const r = await meshwalk(s, join(s.dir, 'home'), ['lint', join(root, 'lessons')]);
    expect(lintLines(r.out)).toEqual([
      'lessons/progress.yaml:8:19 [command-not-allowed]',
      'lessons/reset.yaml:8:19 [command-not-allowed]',
      'lessons/shims.yaml:8:19 [command-not-allowed]',
    ]);
    expect(r.code).toBe(1);
  });

  it('run --cluster sim refuses them: no kubectl call, no shims, progress kept', async () => {
    const s = standins([]);
    const home = join(s.dir, 'mw');
    expect(
      (await meshwalk(s, home, ['run', 'keep', '--yes', '--cluster', 'sim', '--lessons', join(root, 'lessons')])).code,
    ).toBe(0);
    const progress = savedProgress(home);
    expect(progress).not.toEqual([]);
    for (const id of ['reset', 'shims', 'progress']) {
      const r = await meshwalk(s, home, ['run', id, '--yes', '--cluster', 'sim', '--lessons', join(root, 'lessons')]);
      expect(r.code).toBe(1);
      expect(r.out).toContain(`\`meshwalk ${id === 'shims' ? 'sim' : id}\``);
    }
    expect(s.calls()).toEqual([]);
    expect(existsSync(join(home, 'work', 'shims', 'shims'))).toBe(false);
    expect(savedProgress(home)).toEqual(progress);
  });
});

/** Every saved progress file under the data directory, as [path, text], in order. */
function savedProgress(home: string): [string, string][] {
  const walk = (dir: string): [string, string][] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? walk(join(dir, e.name))
        : [[join(dir, e.name), readFileSync(join(dir, e.name), 'utf8')] as [string, string]],
    );
  return existsSync(progressPath(home)) ? walk(progressPath(home)).sort(([a], [b]) => a.localeCompare(b)) : [];
}

describe('item 2: flags that choose another cluster or identity never reach kubectl or istioctl', () => {
  const written = [
    'kubectl --server=https://34.120.1.2 delete namespace prod',
    'kubectl -s https://34.120.1.2 delete namespace prod',
    'kubectl get pods --kubeconfig /tmp/prod.yaml',
    'kubectl get pods --cluster=gke_prod',
    'kubectl get pods --user admin',
    'kubectl get pods --token=abc',
    'kubectl get pods --as=system:admin',
    'kubectl get pods -is https://34.120.1.2',
    'istioctl --kubeconfig /tmp/prod.yaml proxy-status',
  ];
  const steps = written.map((run, i) => `  - id: s${i}\n    title: S\n    run: ${run}\n`).join('');

  it('lint reports every spelling', async () => {
    const root = folder({ 'lessons/flags.yaml': lesson('flags', `steps:\n${steps}`) });
    const s = standins([]);
    const lines = lintLines((await meshwalk(s, join(s.dir, 'home'), ['lint', join(root, 'lessons')])).out);
    expect(lines).toHaveLength(written.length);
    expect(new Set(lines.map((l) => l.replace(/^.*\[/, '[')))).toEqual(new Set(['[flag-not-allowed]']));
  });

  it('lint refuses one that arrives in a fixed var', async () => {
    const root = folder({
      'lessons/fixed.yaml': lesson(
        'fixed',
        'vars:\n  WHERE: --server=https://34.120.1.2\nsteps:\n  - id: a\n    title: A\n    run: kubectl delete namespace {{WHERE}}\n',
      ),
    });
    const s = standins([]);
    expect(lintLines((await meshwalk(s, join(s.dir, 'home'), ['lint', join(root, 'lessons')])).out)).toEqual([
      'lessons/fixed.yaml:10:35 [value-as-flag]',
    ]);
  });

  it('run --cluster current refuses one that arrives in a captured value, before kubectl runs it', async () => {
    const root = folder({
      'lessons/value.yaml': lesson(
        'value',
        'vars:\n  WHERE: {capture: "kubectl get configmap where -o jsonpath={.data.v}"}\nsteps:\n  - id: a\n    title: A\n    run: kubectl delete namespace {{WHERE}}\n',
      ),
    });
    const s = standins([]);
    s.setRules([
      { tool: 'kubectl', args: ['get', 'configmap', 'where'], stdout: '--server=https://34.120.1.2' },
      ...healthyMinikube(s.home),
    ]);
    const r = await meshwalk(s, join(s.dir, 'mw'), [
      'run',
      'value',
      '--yes',
      '--cluster',
      'current',
      '--lessons',
      join(root, 'lessons'),
    ]);
    expect(r.out).toContain('[value-as-flag]');
    expect(r.code).toBe(1);
    expect(s.calls().filter((c) => c.argv.includes('where'))).toHaveLength(1); // the capture ran, through the stand-in
    expect(s.calls().filter((c) => c.argv.some((a) => a.includes('34.120.1.2') || a === 'delete'))).toEqual([]);
  });
});

describe('item 4: openssl cannot load host code or write outside the work folder', () => {
  it('lint and run refuse -engine and a path out; the openssl stand-in is never called', async () => {
    const root = folder({
      'lessons/engine.yaml': lesson(
        'engine',
        'steps:\n  - id: a\n    title: A\n    run: openssl req -new -engine ./manifests/evil.so\n',
      ),
      'lessons/rand.yaml': lesson(
        'rand',
        'steps:\n  - id: a\n    title: A\n    run: openssl rand -out ../../../../home/x 16\n',
      ),
      'lessons/key.yaml': lesson(
        'key',
        'vars:\n  OUT: ../../../x.key\nsteps:\n  - id: a\n    title: A\n    run: openssl req -x509 -nodes -newkey rsa:2048 -keyout {{OUT}} -out tls.crt -subj /CN=x\n',
      ),
      'lessons/link.yaml': lesson(
        'link',
        'steps:\n  - id: a\n    title: A\n    run: openssl req -x509 -nodes -newkey rsa:2048 -keyout manifests/k.pem -out tls.crt -subj /CN=x\n',
      ),
      'manifests/evil.so': 'not really',
    });
    const s = standins([], ['kubectl', 'openssl']);
    const home = join(s.dir, 'mw');
    expect(lintLines((await meshwalk(s, home, ['lint', join(root, 'lessons')])).out)).toEqual([
      'lessons/engine.yaml:8:27 [flag-not-allowed]',
      'lessons/key.yaml:10:60 [path-outside-lesson]',
      'lessons/rand.yaml:8:18 [command-not-allowed]',
    ]);
    for (const id of ['engine', 'rand', 'key'])
      expect(
        (await meshwalk(s, home, ['run', id, '--yes', '--cluster', 'sim', '--lessons', join(root, 'lessons')])).code,
      ).toBe(1);
    // Lint cannot see it: `manifests/` in the work folder links to the lesson's, which openssl may not write.
    const link = await meshwalk(s, home, [
      'run',
      'link',
      '--yes',
      '--cluster',
      'sim',
      '--lessons',
      join(root, 'lessons'),
    ]);
    expect(link.out).toContain(
      `leads to ${join(realpathSync(root), 'manifests', 'k.pem')}, outside the lesson's work folder`,
    );
    expect(link.code).toBe(1);
    expect(s.calls()).toEqual([]);
  });
});

describe('item 5: on the simulated cluster, a captured value is data', () => {
  const seed = async (s: Standins, home: string, yaml: string) => {
    const file = join(s.dir, 'seed.yaml');
    writeFileSync(file, yaml);
    expect(
      (await meshwalk(s, home, ['sim', '--state', join(home, 'sim'), '--', 'kubectl', 'apply', '-f', file])).code,
    ).toBe(0);
  };
  const exists = async (s: Standins, home: string, ...what: string[]) =>
    (await meshwalk(s, home, ['sim', '--state', join(home, 'sim'), '--', 'kubectl', 'get', ...what])).code === 0;

  it.each(['$(kubectl delete namespace victim)', '`kubectl delete namespace victim`'])(
    'a captured %s is not run',
    async (hostile) => {
      const s = standins([]);
      const home = join(s.dir, 'mw');
      await seed(
        s,
        home,
        `apiVersion: v1\nkind: Namespace\nmetadata: {name: victim}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: default}\ndata:\n  v: ${JSON.stringify(hostile)}\n`,
      );
      const root = folder({
        'lessons/capture.yaml': lesson(
          'capture',
          'steps:\n  - id: a\n    title: A\n    run: kubectl get configmap c -o jsonpath={.data.v}\n    capture: {V: {from: stdout}}\n  - id: b\n    title: B\n    run: kubectl get configmap {{V}}\n',
        ),
      });
      const r = await meshwalk(s, home, [
        'run',
        'capture',
        '--yes',
        '--cluster',
        'sim',
        '--propagation',
        '0',
        '--lessons',
        join(root, 'lessons'),
      ]);
      expect(r.out).toContain('NotFound');
      expect(await exists(s, home, 'namespace', 'victim')).toBe(true);
    },
  );

  it('a captured --all is refused where kubectl would read it as a flag', async () => {
    const s = standins([]);
    const home = join(s.dir, 'mw');
    await seed(
      s,
      home,
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: default}\ndata: {v: "--all"}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: keep, namespace: default}\n',
    );
    const root = folder({
      'lessons/all.yaml': lesson(
        'all',
        'vars:\n  V: {capture: "kubectl get configmap c -o jsonpath={.data.v}"}\nsteps:\n  - id: a\n    title: A\n    run: kubectl delete configmap {{V}}\n',
      ),
    });
    const r = await meshwalk(s, home, [
      'run',
      'all',
      '--yes',
      '--cluster',
      'sim',
      '--propagation',
      '0',
      '--lessons',
      join(root, 'lessons'),
    ]);
    expect(r.out).toContain('{{V}} is "--all", which would be read as an option');
    expect(r.code).toBe(1);
    expect(await exists(s, home, 'configmap', 'keep')).toBe(true);
  });
});

describe('item 11: paths outside the lesson', () => {
  const outside = folder({
    'stolen.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: stolen, namespace: default}\n',
  });
  const stolen = join(outside, 'stolen.yaml');
  const make = () => {
    const root = folder({
      'lessons/paths.yaml': lesson(
        'paths',
        [
          'steps:',
          '  - {id: a, title: A, run: kubectl apply -f ../../etc/passwd}',
          '  - {id: b, title: B, run: kubectl apply -f=../../etc/passwd}',
          '  - {id: c, title: C, run: kubectl apply --filename ../x.yaml}',
          `  - {id: d, title: D, run: kubectl apply -f ${stolen}}`,
          '  - {id: e, title: E, run: kubectl create configmap x --from-file=/etc/passwd}',
          '  - {id: f, title: F, run: kubectl apply -f manifests/link.yaml}',
          '  - {id: g, title: G, apply: manifests/link.yaml}',
          '',
        ].join('\n'),
      ),
      'lessons/late.yaml': lesson(
        'late',
        `vars:\n  P: {capture: "kubectl get configmap p -o jsonpath={.data.p}"}\nsteps:\n  - id: a\n    title: A\n    apply: "{{P}}"\n`,
      ),
      'lessons/fixed.yaml': lesson(
        'fixed',
        `vars:\n  P: manifests/link.yaml\nsteps:\n  - id: a\n    title: A\n    apply: "{{P}}"\n`,
      ),
    });
    mkdirSync(join(root, 'manifests'));
    symlinkSync(stolen, join(root, 'manifests', 'link.yaml'));
    return root;
  };

  it('lint reports each, the symlink in manifests/ included', async () => {
    const s = standins([]);
    const root = make();
    const lines = lintLines((await meshwalk(s, join(s.dir, 'mw'), ['lint', join(root, 'lessons')])).out);
    expect(lines.map((l) => l.replace(/:\d+ \[/, ' ['))).toEqual([
      'lessons/fixed.yaml:10 [path-outside-lesson]',
      'lessons/paths.yaml:6 [path-outside-lesson]',
      'lessons/paths.yaml:7 [path-outside-lesson]',
      'lessons/paths.yaml:8 [path-outside-lesson]',
      'lessons/paths.yaml:9 [path-outside-lesson]',
      'lessons/paths.yaml:10 [path-outside-lesson]',
      'lessons/paths.yaml:11 [path-outside-lesson]',
      'lessons/paths.yaml:12 [path-outside-lesson]',
    ]);
  });

  it('run refuses `apply: "{{P}}"` that resolves through a symlink out of the lesson', async () => {
    const s = standins([]);
    const home = join(s.dir, 'mw');
    const seed = join(s.dir, 'seed.yaml');
    writeFileSync(
      seed,
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: p, namespace: default}\ndata: {p: manifests/link.yaml}\n',
    );
    expect(
      (await meshwalk(s, home, ['sim', '--state', join(home, 'sim'), '--', 'kubectl', 'apply', '-f', seed])).code,
    ).toBe(0);
    const r = await meshwalk(s, home, [
      'run',
      'late',
      '--yes',
      '--cluster',
      'sim',
      '--propagation',
      '0',
      '--lessons',
      join(make(), 'lessons'),
    ]);
    expect(r.out).toContain(`leads to ${realpathSync(stolen)}, outside`);
    expect(r.code).toBe(1);
    expect(
      (await meshwalk(s, home, ['sim', '--state', join(home, 'sim'), '--', 'kubectl', 'get', 'configmap', 'stolen']))
        .code,
    ).not.toBe(0);
  });
});
