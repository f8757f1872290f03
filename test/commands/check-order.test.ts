// check: a prerequisite's cleanup runs after the lessons that rely on it (reverse order), and
// --istio picks the simulated Istio each lesson is checked on.
import { describe, expect, it } from 'vitest';
import { checkLessons } from '../../src/commands/check.js';
import type { Cluster, CommandResult } from '../../src/cluster/port.js';
import type { SelectedCluster, SelectOptions } from '../../src/cluster/select.js';
import { cleanupSchedule } from '../../src/engine/lesson-order.js';
import type { Lesson } from '../../src/lesson/schema.js';
import { lessonFolder, recordingIo } from './run-check-fixtures.js';

const lessonYaml = (id: string, o: { requires?: string[]; istio?: string[]; ns: string; uses?: string }) => `id: ${id}
title: ${id}
summary: A lesson.
istio: [${(o.istio ?? ['1.24']).map((v) => `"${v}"`).join(', ')}]
${o.requires ? `requires: [${o.requires.join(', ')}]\n` : ''}cleanup:
  - run: kubectl delete namespace ${o.ns}
steps:
  - id: make
    title: Make ${o.ns}
    run: kubectl create namespace ${o.ns}
${o.uses ? `  - id: use\n    title: Use ${o.uses}\n    run: kubectl label namespace ${o.uses} used-by=${id}\n` : ''}`;

/** A cluster that only knows namespaces: labelling a missing one fails, as kubectl does. */
function namespaceWorld() {
  const namespaces = new Set<string>();
  const log: string[] = [];
  const istios: (string | undefined)[] = [];
  const cluster: Cluster = {
    kind: 'sim',
    description: 'namespaces',
    async run(argv): Promise<CommandResult> {
      log.push(argv.join(' '));
      const res = (exitCode: number, stderr = ''): CommandResult => ({
        argv,
        stdout: '',
        stderr,
        exitCode,
        timedOut: false,
        cancelled: false,
        durationMs: 1,
      });
      const [, verb, kind, name] = argv;
      if (verb === 'create') namespaces.add(kind === 'namespace' ? (name ?? '') : '');
      if (verb === 'delete') namespaces.delete(name ?? '');
      if (verb === 'label')
        return namespaces.has(name ?? '')
          ? res(0)
          : res(1, `Error from server (NotFound): namespaces "${name}" not found`);
      return res(0);
    },
  };
  const select = async (o: SelectOptions): Promise<SelectedCluster> => {
    istios.push(o.istio);
    namespaces.clear(); // a fresh cluster per call, as check's scratch folders are
    return { kind: 'sim', key: 'sim', line: 'Using namespaces.', forWorkDir: () => cluster };
  };
  return { log, istios, select };
}

describe('check: cleanup order', () => {
  it("runs a prerequisite's cleanup after the lessons that rely on what it left, newest first", async () => {
    const dir = lessonFolder({
      'lessons/a.yaml': lessonYaml('base', { ns: 'base' }),
      'lessons/b.yaml': lessonYaml('middle', { ns: 'middle', requires: ['base'], uses: 'base' }),
      'lessons/c.yaml': lessonYaml('top', { ns: 'top', requires: ['middle'], uses: 'base' }),
      'lessons/d.yaml': lessonYaml('alone', { ns: 'alone' }),
    });
    const world = namespaceWorld();
    const io = recordingIo();
    const code = await checkLessons(
      { lessons: [], cluster: 'sim', propagationMs: 0, json: false, lessonsDir: dir },
      io,
      world.select,
    );
    expect(io.out()).toMatch(/PASS: 4 of 4 lessons passed/);
    expect(code).toBe(0);
    expect(world.log).toEqual([
      'kubectl create namespace base',
      'kubectl create namespace middle',
      'kubectl label namespace base used-by=middle',
      'kubectl create namespace top',
      'kubectl label namespace base used-by=top',
      'kubectl delete namespace top',
      'kubectl delete namespace middle',
      'kubectl delete namespace base',
      'kubectl create namespace alone',
      'kubectl delete namespace alone',
    ]);
    expect(io.out()).toContain('Cleaning up base:\n$ kubectl delete namespace base\nCleaned up base.\n');
  });

  it('a deferred cleanup that fails fails its lesson', async () => {
    const dir = lessonFolder({
      'lessons/a.yaml': lessonYaml('base', { ns: 'base' }).replace(
        'kubectl delete namespace base',
        'kubectl label namespace gone x=y',
      ),
      'lessons/b.yaml': lessonYaml('middle', { ns: 'middle', requires: ['base'], uses: 'base' }),
    });
    const world = namespaceWorld();
    const io = recordingIo();
    const code = await checkLessons(
      { lessons: [], cluster: 'sim', propagationMs: 0, json: false, lessonsDir: dir },
      io,
      world.select,
    );
    expect(code).toBe(1);
    expect(io.out()).toContain('FAIL cleanup of base: cleanup failed:');
    expect(io.out()).toMatch(/FAIL: 1 of 2 lessons passed .*failed: base/);
  });

  it('cleanupSchedule: each cleanup after the last lesson that needs it', () => {
    const l = (id: string, requires: string[] = []) => ({ lesson: { id, requires } as unknown as Lesson });
    // The shipped lessons' graph: 02, 03, 04 need 01; 05 needs 02; 06 needs 02 and 04.
    const order = [l('01'), l('02', ['01']), l('03', ['01']), l('04', ['01']), l('05', ['02']), l('06', ['02', '04'])];
    expect(cleanupSchedule(order)).toEqual([[], [], [2], [], [4], [5, 3, 1, 0]]);
  });
});

describe('check --istio', () => {
  const dir = () =>
    lessonFolder({
      'lessons/a.yaml': lessonYaml('old', { ns: 'old', istio: ['1.20', '1.22'] }),
      'lessons/b.yaml': lessonYaml('new', { ns: 'new', istio: ['1.22', '1.24'] }),
    });

  it('default: each lesson on the newest Istio it declares, in a fresh cluster per version', async () => {
    const world = namespaceWorld();
    const io = recordingIo();
    expect(
      await checkLessons(
        { lessons: [], cluster: 'sim', propagationMs: 0, json: false, lessonsDir: dir() },
        io,
        world.select,
      ),
    ).toBe(0);
    expect(world.istios).toEqual(['1.22', '1.24']);
    expect(io.out()).toContain('Checking on Istio 1.22 (a fresh simulated cluster): old\n');
    expect(io.out()).toContain('Checking on Istio 1.24 (a fresh simulated cluster): new\n');
    expect(io.out()).toContain('Istio 1.22: PASS: 1 of 1 lessons passed');
  });

  it('all: every version each lesson declares; JSON lines say which', async () => {
    const world = namespaceWorld();
    const io = recordingIo();
    expect(
      await checkLessons(
        { lessons: [], cluster: 'sim', propagationMs: 0, istio: 'all', json: true, lessonsDir: dir() },
        io,
        world.select,
      ),
    ).toBe(0);
    expect(world.istios).toEqual(['1.20', '1.22', '1.24']);
    const finished = io
      .out()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((e) => e.type === 'LessonFinished');
    expect(finished.map((e) => `${e.lesson}@${e.istio}`)).toEqual(['old@1.20', 'old@1.22', 'new@1.22', 'new@1.24']);
  });

  it('1.Y: every lesson on that version, noting lessons that do not declare it', async () => {
    const world = namespaceWorld();
    const io = recordingIo();
    expect(
      await checkLessons(
        { lessons: [], cluster: 'sim', propagationMs: 0, istio: '1.24.3', json: false, lessonsDir: dir() },
        io,
        world.select,
      ),
    ).toBe(0);
    expect(world.istios).toEqual(['1.24']);
    expect(io.out()).toContain('Note: old does not list Istio 1.24 in `istio:`.');
    expect(io.out()).toMatch(/PASS: 2 of 2 lessons passed \(2 steps verified\) on Istio 1.24/);
  });

  it('refuses a version the simulator does not model, and --istio on a real cluster', async () => {
    const io = recordingIo();
    await expect(
      checkLessons(
        { lessons: [], cluster: 'sim', propagationMs: 0, istio: '1.32', json: false, lessonsDir: dir() },
        io,
        namespaceWorld().select,
      ),
    ).rejects.toThrow(
      'meshwalk check: --istio: Istio 1.32 is not modelled: the simulator models 1.4 to 1.31 (or give --istio all)',
    );
    await expect(
      checkLessons(
        { lessons: [], cluster: 'current', propagationMs: 0, istio: '1.24', json: false, lessonsDir: dir() },
        io,
        namespaceWorld().select,
      ),
    ).rejects.toThrow(
      'meshwalk check: --istio works on the simulated cluster only (a real cluster runs the Istio it has)',
    );
  });
});
