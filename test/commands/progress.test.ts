import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { command } from '../../src/commands/progress.js';
import { progressPath, ProgressStore } from '../../src/progress/store.js';
import { basics, lessonFolder, recordingIo, STRICT, strictLesson } from './run-check-fixtures.js';

const lessonsDir = lessonFolder({
  'lessons/basics.yaml': basics,
  'lessons/strict.yaml': strictLesson(),
  'manifests/strict.yaml': STRICT,
});

function home() {
  const dir = mkdtempSync(join(tmpdir(), 'meshwalk-home-'));
  const at = () => new Date('2026-11-24T08:00:00Z');
  new ProgressStore(progressPath(dir), 'sim', undefined, at).save({
    lesson: 'strict',
    done: ['apply-strict'],
    skipped: [],
    current: 'yours',
    finished: false,
  });
  new ProgressStore(progressPath(dir), 'context:minikube', undefined, at).save({
    lesson: 'basics',
    done: ['make-ns'],
    skipped: [],
    current: 'make-ns',
    finished: true,
  });
  return dir;
}

describe('meshwalk progress', () => {
  it('shows done/total and the current step per cluster and lesson', async () => {
    const dir = home();
    const io = recordingIo({ MESHWALK_HOME: dir });
    expect(await command.main(['--lessons', lessonsDir], io)).toBe(0);
    expect(io.out()).toBe(
      [
        'Simulated cluster:',
        '  strict                   1/2 steps                on "Label it yourself"',
        'Kube context minikube:',
        '  basics                   1/1 steps                finished',
        `(${progressPath(dir)})`,
        '',
      ].join('\n'),
    );
  });

  it('--json', async () => {
    const dir = home();
    const io = recordingIo({ MESHWALK_HOME: dir });
    await command.main(['--json', '--lessons', lessonsDir], io);
    const j = JSON.parse(io.out());
    expect(j.clusters[0]).toEqual({
      cluster: 'sim',
      lessons: [
        {
          id: 'strict',
          title: 'Strict mTLS',
          done: 1,
          skipped: 0,
          total: 2,
          current: 'yours',
          currentTitle: 'Label it yourself',
          finished: false,
          updatedAt: '2026-11-24T08:00:00.000Z',
        },
      ],
    });
  });

  it('--reset LESSON clears that lesson; --reset clears all', async () => {
    const dir = home();
    const io = recordingIo({ MESHWALK_HOME: dir });
    await command.main(['--reset', 'strict'], io);
    expect(io.out()).toBe('Progress of strict cleared.\n');
    expect(Object.keys(new ProgressStore(progressPath(dir), 'sim').all())).toEqual([]);
    expect(Object.keys(new ProgressStore(progressPath(dir), 'context:minikube').all())).toEqual(['basics']);
    await command.main(['--reset'], io);
    const io2 = recordingIo({ MESHWALK_HOME: dir });
    await command.main(['--lessons', lessonsDir], io2);
    expect(io2.out()).toBe(`No progress saved yet (${progressPath(dir)}).\n`);
  });

  it('an old progress.json that is not JSON is moved aside with one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshwalk-home-'));
    writeFileSync(join(dir, 'progress.json'), '{oops');
    const io = recordingIo({ MESHWALK_HOME: dir });
    expect(await command.main(['--lessons', lessonsDir], io)).toBe(0);
    expect(io.err()).toMatch(
      /^meshwalk: your old progress file .*progress\.json is not valid JSON; it was moved to .*progress\.json\.bad-\d{8}T\d{6}Z and nothing was imported from it\n$/,
    );
  });

  it('--reset with an unknown lesson: one line naming the known ids, exit 2, nothing cleared', async () => {
    const dir = home();
    const io = recordingIo({ MESHWALK_HOME: dir });
    const err = await command.main(['--reset', 'strickt', '--lessons', lessonsDir], io).catch((e: unknown) => e);
    // meshwalk's own lessons are always known beside those of --lessons.
    expect(err).toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(
        /^meshwalk progress --reset: no lesson "strickt";.* known: .*basics, .*into-the-mesh.*, strict\b/,
      ),
    });
    expect(Object.keys(new ProgressStore(progressPath(dir), 'sim').all())).toEqual(['strict']);
  });

  it('--reset of a lesson that only has saved progress (no lesson file any more) works', async () => {
    const dir = home();
    new ProgressStore(progressPath(dir), 'sim').save({ lesson: 'retired', done: [], skipped: [], finished: false });
    const io = recordingIo({ MESHWALK_HOME: dir });
    expect(await command.main(['--reset', 'retired', '--lessons', lessonsDir], io)).toBe(0);
    expect(Object.keys(new ProgressStore(progressPath(dir), 'sim').all())).toEqual(['strict']);
  });

  it('a file where the progress folder belongs: one line, exit 4', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshwalk-home-'));
    writeFileSync(join(dir, 'progress'), 'not a folder');
    const err = await command
      .main(['--lessons', lessonsDir], recordingIo({ MESHWALK_HOME: dir }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: 4 });
    expect((err as Error).message).toMatch(
      /^meshwalk: cannot read .*progress: a file stands where meshwalk keeps a folder; .*\(ENOTDIR\)$/,
    );
  });
});
