/**
 * The state file: created on first use, never left half-written (a `meshwalk sim` child is
 * SIGKILLed mid-write, repeatedly, and the file must always parse), and a corrupt or newer file
 * is reported in one line with exit 4 and left untouched.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { STATE_FILE } from '../../src/sim/persist.js';
import { meshwalk as inProcess } from '../support/meshwalk.js';

const CLI = process.env.MESHWALK_TEST_CLI ?? new URL('../../dist/cli.js', import.meta.url).pathname;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'mwstate-'));
  dirs.push(d);
  return d;
};
// biome-ignore lint/suspicious/noExplicitAny: a state file being damaged on purpose
type Cluster = any;
const sim = (state: string, args: string[], input = '') =>
  inProcess(['sim', '--state', state, '--', ...args], { input });

describe('state file', () => {
  test('is created on first use with Istio installed', async () => {
    const d = tmp();
    const r = await sim(d, ['kubectl', 'get', 'deploy', '-n', 'istio-system', '-o', 'name']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('deployment.apps/istio-ingressgateway\ndeployment.apps/istiod\n');
    const doc = JSON.parse(readFileSync(join(d, STATE_FILE), 'utf8'));
    expect(doc.version).toBe(1);
    expect(doc.cluster.istio).toBe('1.31');
  });

  test('a corrupt file gives one line and exit 4 and is not overwritten', async () => {
    const d = tmp();
    writeFileSync(join(d, STATE_FILE), '{"format":"meshwalk-sim-state", trunc');
    const r = await sim(d, ['kubectl', 'create', 'ns', 'foo']);
    expect(r.status).toBe(4);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/is not a valid state file/);
    expect(readFileSync(join(d, STATE_FILE), 'utf8')).toBe('{"format":"meshwalk-sim-state", trunc');
  });

  test('a file from a newer meshwalk gives exit 4 and is not overwritten', async () => {
    const d = tmp();
    const text = JSON.stringify({ format: 'meshwalk-sim-state', version: 99, cluster: {} });
    writeFileSync(join(d, STATE_FILE), text);
    const r = await sim(d, ['kubectl', 'get', 'ns']);
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/newer meshwalk \(state version 99/);
    expect(readFileSync(join(d, STATE_FILE), 'utf8')).toBe(text);
  });

  // Each replaces one part of a good state file; the message names the field that is wrong.
  test.each([
    ['an object that is null', (c: Cluster) => c.objects.push(null), 'cluster.objects[NN] is null, not an object'],
    [
      'metadata that is null',
      (c: Cluster) => (c.objects[0]!.metadata = null),
      'cluster.objects[0].metadata is null, not an object',
    ],
    [
      'a name that is a number',
      (c: Cluster) => (c.objects[1]!.metadata.name = 7),
      'cluster.objects[1].metadata.name is number, not a string',
    ],
    [
      'a label value that is a list',
      (c: Cluster) => (c.objects[0]!.metadata.labels = { a: [] }),
      'cluster.objects[0].metadata.labels.a is an array, not a string',
    ],
    ['objects that are an object', (c: Cluster) => (c.objects = {}), 'cluster.objects is object, not a list'],
    [
      'a history entry that is a string',
      (c: Cluster) => c.history.push('x'),
      'cluster.history[0] is string, not an object',
    ],
    ['a counter that is missing', (c: Cluster) => delete c.counter, 'cluster.counter is undefined, not a number'],
  ])('a state with %s gives one line, exit 4, and is not overwritten', async (_, damage, field) => {
    const d = tmp();
    expect((await sim(d, ['kubectl', 'get', 'ns'])).status).toBe(0);
    const doc = JSON.parse(readFileSync(join(d, STATE_FILE), 'utf8'));
    const count = doc.cluster.objects.length;
    damage(doc.cluster);
    const text = JSON.stringify(doc);
    writeFileSync(join(d, STATE_FILE), text);
    for (const args of [
      ['kubectl', 'get', 'pods', '-A'],
      ['kubectl', 'create', 'ns', 'foo'],
    ]) {
      const r = await sim(d, args);
      expect(r.status).toBe(4);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`is damaged (${field.replace('NN', String(count))})`);
    }
    expect(readFileSync(join(d, STATE_FILE), 'utf8')).toBe(text);
  });

  test('a state from before revisions were kept is read, and written with the next revision', async () => {
    const d = tmp();
    expect((await sim(d, ['kubectl', 'get', 'ns'])).status).toBe(0);
    const doc = JSON.parse(readFileSync(join(d, STATE_FILE), 'utf8'));
    expect(doc.revision).toBe(1);
    delete doc.revision;
    writeFileSync(join(d, STATE_FILE), JSON.stringify(doc));
    expect((await sim(d, ['kubectl', 'create', 'ns', 'foo'])).stdout).toBe('namespace/foo created\n');
    expect(JSON.parse(readFileSync(join(d, STATE_FILE), 'utf8')).revision).toBe(1);
    expect((await sim(d, ['kubectl', 'get', 'ns', 'foo', '-o', 'name'])).stdout).toBe('namespace/foo\n');
  });

  test('a different --istio for an existing cluster is refused', async () => {
    const d = tmp();
    expect((await sim(d, ['kubectl', 'get', 'ns'])).status).toBe(0);
    const r = spawnSync(process.execPath, [CLI, 'sim', '--state', d, '--istio', '1.6', '--', 'kubectl', 'get', 'ns'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/runs Istio 1.31, not 1.6/);
  });

  test('an empty lock left by a process killed while creating it is taken over once stale', async () => {
    const d = tmp();
    expect((await sim(d, ['kubectl', 'create', 'ns', 'foo'])).status).toBe(0);
    const lock = join(d, 'meshwalk-sim.lock');
    writeFileSync(lock, '');
    const old = new Date(Date.now() - 10_000);
    utimesSync(lock, old, old);
    // A reader takes no lock; the next writer takes this one over.
    expect((await sim(d, ['kubectl', 'get', 'ns', 'foo', '-o', 'name'])).stdout).toBe('namespace/foo\n');
    const r = await sim(d, ['kubectl', 'create', 'ns', 'bar']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('namespace/bar created\n');
    expect(existsSync(lock)).toBe(false);
  });

  test('survives SIGKILL mid-write: the file always parses', async () => {
    const d = tmp();
    // A big state: many objects, so each write takes a while.
    const many = Array.from(
      { length: 400 },
      (_, i) =>
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}, namespace: default}\ndata: {payload: "${'x'.repeat(400)}"}\n`,
    ).join('---\n');
    expect((await sim(d, ['kubectl', 'apply', '-f', '-'], many)).status).toBe(0);
    let kills = 0;
    for (let i = 0; i < 25; i++) {
      const p = spawn(
        process.execPath,
        [
          CLI,
          'sim',
          '--state',
          d,
          '--',
          'kubectl',
          'label',
          'cm',
          '--all',
          '-n',
          'default',
          `round=${i}`,
          '--overwrite',
        ],
        { stdio: 'ignore' },
      );
      const closed = new Promise((r) => p.on('close', r));
      await new Promise((r) => setTimeout(r, 40 + ((i * 37) % 120)));
      if (p.exitCode === null && p.kill('SIGKILL')) kills++;
      await closed;
      const doc = JSON.parse(readFileSync(join(d, STATE_FILE), 'utf8'));
      expect(doc.cluster.objects.length).toBeGreaterThan(400);
    }
    expect(kills).toBeGreaterThan(0);
    // The next writer still works: a dead holder's lock is taken over; stray temp files do no harm.
    const r = await sim(d, ['kubectl', 'label', 'cm', 'cm-1', '-n', 'default', 'after=kills']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('configmap/cm-1 labeled\n');
    expect(existsSync(join(d, 'meshwalk-sim.lock'))).toBe(false);
  }, 120_000);
});
