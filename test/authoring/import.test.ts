import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { meshwalk, repo, scratch } from './cli.js';

const katacoda = join(repo, 'test', 'fixtures', 'katacoda-books-mtls');
const killercoda = join(repo, 'test', 'fixtures', 'killercoda-httpbin-authz');

type Step = {
  id: string;
  title: string;
  text?: string;
  run?: string | string[];
  expect?: unknown;
  verify?: { run: string; expect: unknown };
};
type Lesson = { id: string; setup?: { run: string }[]; steps: Step[] };

async function imported(kind: string, from: string, extra: string[] = []) {
  const dir = scratch();
  const r = await meshwalk(['import', kind, from, '--out', 'out', ...extra], dir);
  const file = readdirSync(join(dir, 'out')).find((f) => f.endsWith('.yaml')) ?? '';
  const text = readFileSync(join(dir, 'out', file), 'utf8');
  return { dir, r, text, lesson: parse(text) as Lesson, manifests: readdirSync(join(dir, 'out', 'manifests')).sort() };
}

describe('meshwalk import katacoda', () => {
  it('converts pages, {{execute}} actions, verify and background scripts and assets, and lists what it cannot', async () => {
    const { r, lesson, text, manifests } = await imported('katacoda', katacoda);
    expect(
      r.stdout
        .split('\n')
        .filter((l) => l.includes('not converted'))
        .map((l) => l.replace(/^.*katacoda-books-mtls\//, '').replace(/ \(.*$/, '')),
    ).toEqual([
      'background.sh:6: not converted: `echo "ready" > /tmp/.background-done`',
      'foreground.sh:2: not converted: `while [ ! -f /tmp/.background-done ]; do sleep 1; done`',
      'foreground.sh:3: not converted: `clear`',
      'step2-verify.sh:3: not converted: `test -n "$(kubectl get pods -n books -o name)"`',
    ]);
    expect(text).toMatch(
      /^# yaml-language-server: \$schema=https:\/\/unpkg\.com\/meshwalk\/schema\/lesson\.schema\.json\n# background\.sh:6: not converted/,
    );
    expect(manifests).toEqual(['books.yaml', 'busybox.yaml', 'istio-mutual.yaml', 'strict.yaml']);
    expect(lesson.setup?.map((a) => a.run)).toEqual([
      'kubectl create namespace books',
      'kubectl label namespace books istio-injection=enabled',
      'kubectl create namespace legacy',
    ]);
    expect(lesson.steps.map((s) => [s.id, s.run])).toEqual([
      ['intro', undefined],
      ['step-1-1', 'kubectl apply -f manifests/books.yaml -n books'],
      ['step-1-2', 'kubectl apply -f manifests/busybox.yaml -n books'],
      ['step-1-3', 'kubectl apply -f manifests/busybox.yaml -n legacy'],
      ['step-1-4', 'kubectl rollout status deploy/busybox -n legacy --timeout=60s'],
      ['step-2-1', 'kubectl apply -f manifests/strict.yaml'],
      ['step-2-2', 'kubectl exec deploy/busybox -n books -c busybox -- wget -qO- -T 2 http://books.books:4000/books/1'],
      ['step-3-1', 'kubectl apply -f manifests/istio-mutual.yaml'],
      ['step-3-2', 'kubectl exec deploy/busybox -n books -c busybox -- wget -qO- -T 2 http://books.books:4000/books/1'],
      ['finish', undefined],
    ]);
    const byId = new Map(lesson.steps.map((s) => [s.id, s]));
    expect(byId.get('step-1-4')?.verify).toEqual({
      run: 'kubectl rollout status deploy/books -n books --timeout=60s',
      expect: { contains: 'successfully rolled out' },
    });
    expect(byId.get('step-2-2')?.verify?.expect).toEqual({ contains: 'STRICT' });
    expect(byId.get('step-3-2')?.expect).toEqual({ contains: '"id": 1' });
    expect(byId.get('step-2-1')?.text).toContain('```\napiVersion: security.istio.io/v1');
    expect(byId.get('step-2-1')?.text).not.toContain('{{copy}}');
    expect(r.stderr).toBe('meshwalk import: 4 line(s) to convert by hand; lint: no problems\n');
    expect(r.code).toBe(0);
  });

  it('imports a lesson that check passes on the simulated cluster', async () => {
    const { dir } = await imported('katacoda', katacoda, ['--id', 'books-mtls']);
    const r = await meshwalk(['check', '--lessons', 'out', '--cluster', 'sim'], dir);
    expect(r.stdout).toContain('Lesson books-mtls: PASSED (10 passed');
    expect(r.code).toBe(0);
  });
});

describe('meshwalk import killercoda', () => {
  it('turns a fenced {{exec}} block into one step per line, keeps {{copy}} as text, and copies every asset', async () => {
    const { r, lesson, manifests } = await imported('killercoda', killercoda);
    expect(manifests).toEqual(['allow-nothing.yaml', 'httpbin.yaml', 'namespace.yaml', 'sleep.yaml']);
    expect(lesson.setup?.map((a) => a.run)).toEqual(['kubectl apply -f manifests/namespace.yaml']);
    expect(r.stdout).toMatch(
      /killercoda-httpbin-authz\/setup\.sh:3: not converted: `until kubectl get ns authz-demo; do sleep 2; done`/,
    );
    expect(lesson.steps.map((s) => s.id)).toEqual(['intro', 'step-1-1', 'step-1-2', 'step-1-3', 'step-2', 'finish']);
    const step2 = lesson.steps.find((s) => s.id === 'step-2');
    expect(step2?.run).toBe('kubectl apply -f manifests/allow-nothing.yaml');
    expect(step2?.verify?.expect).toEqual({ contains: '403' });
    expect(lesson.steps.find((s) => s.id === 'step-1-1')?.text).toContain('`kubectl get pods -n authz-demo`');
    expect(JSON.stringify(lesson.steps)).not.toContain('"run":"kubectl get pods');
    expect(r.code).toBe(0);
  });

  it('with --step-per-page runs a page as one step, and check passes', async () => {
    const { dir, lesson } = await imported('killercoda', killercoda, ['--step-per-page']);
    expect(lesson.steps.find((s) => s.id === 'step-1')?.run).toEqual([
      'kubectl apply -f manifests/httpbin.yaml -n authz-demo',
      'kubectl apply -f manifests/sleep.yaml -n authz-demo',
      `kubectl exec deploy/sleep -n authz-demo -c sleep -- curl -s -o /dev/null -w '%{http_code}' http://httpbin.authz-demo:8000/get`,
    ]);
    const r = await meshwalk(['check', '--lessons', 'out', '--cluster', 'sim'], dir);
    expect(r.stdout).toMatch(/PASS: 1 of 1 lessons passed \(4 steps verified\)/);
    expect(r.code).toBe(0);
  });

  it('answers a folder that is not a scenario with one line and exit 2', async () => {
    const dir = scratch();
    expect(await meshwalk(['import', 'killercoda', '.'], dir)).toMatchObject({
      code: 2,
      stderr: 'meshwalk import: no index.json in .\n',
    });
    expect((await meshwalk(['import', 'moodle', '.'], dir)).code).toBe(2);
  });
});

describe('meshwalk import on untrusted scenario folders', () => {
  it('reads no file outside the scenario folder, by a name or through a link', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'scn', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'secret.md'), '`kubectl get secrets -A`{{exec}}\n');
    writeFileSync(join(dir, 'secret.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: s}\n');
    symlinkSync(join(dir, 'secret.md'), join(dir, 'scn', 'linked.md'));
    symlinkSync(join(dir, 'secret.yaml'), join(dir, 'scn', 'assets', 'linked.yaml'));
    const steps = [
      { title: 'A', text: '../secret.md' },
      { title: 'B', text: 'linked.md' },
    ];
    writeFileSync(
      join(dir, 'scn', 'index.json'),
      JSON.stringify({ title: 'T', details: { steps, assets: { host01: [{ file: '*' }] } } }),
    );
    const r = await meshwalk(['import', 'killercoda', 'scn', '--out', 'out'], dir);
    expect(r.stdout).toContain('scn/../secret.md:1: page not found; the step has no text');
    expect(r.stdout).toContain('scn/linked.md:1: page not found; the step has no text');
    expect(readFileSync(join(dir, 'out', 't.yaml'), 'utf8')).not.toContain('secrets');
    expect(readdirSync(join(dir, 'out', 'manifests'))).toEqual([]);
  });
});
