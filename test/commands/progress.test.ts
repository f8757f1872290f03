import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { command } from '../../src/commands/progress.js';
import { ProgressStore } from '../../src/progress/store.js';
import { basics, lessonFolder, recordingIo, STRICT, strictLesson } from './run-check-fixtures.js';

const lessonsDir = lessonFolder({ 'lessons/basics.yaml': basics, 'lessons/strict.yaml': strictLesson(), 'manifests/strict.yaml': STRICT });

function home() {
  const dir = mkdtempSync(join(tmpdir(), 'meshwalk-home-'));
  const at = () => new Date('2026-11-24T08:00:00Z');
  new ProgressStore(join(dir, 'progress.json'), 'sim', undefined, at).save({ lesson: 'strict', done: ['apply-strict'], skipped: [], current: 'yours', finished: false });
  new ProgressStore(join(dir, 'progress.json'), 'context:minikube', undefined, at).save({ lesson: 'basics', done: ['make-ns'], skipped: [], current: 'make-ns', finished: true });
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
        `(${join(dir, 'progress.json')})`,
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
        { id: 'strict', title: 'Strict mTLS', done: 1, skipped: 0, total: 2, current: 'yours', currentTitle: 'Label it yourself', finished: false, updatedAt: '2026-11-24T08:00:00.000Z' },
      ],
    });
  });

  it('--reset LESSON clears that lesson; --reset clears all', async () => {
    const dir = home();
    const io = recordingIo({ MESHWALK_HOME: dir });
    await command.main(['--reset', 'strict'], io);
    expect(io.out()).toBe('Progress of strict cleared.\n');
    expect(Object.keys(new ProgressStore(join(dir, 'progress.json'), 'sim').all())).toEqual([]);
    expect(Object.keys(new ProgressStore(join(dir, 'progress.json'), 'context:minikube').all())).toEqual(['basics']);
    await command.main(['--reset'], io);
    const io2 = recordingIo({ MESHWALK_HOME: dir });
    await command.main(['--lessons', lessonsDir], io2);
    expect(io2.out()).toBe(`No progress saved yet (${join(dir, 'progress.json')}).\n`);
  });

  it('a corrupt file is moved aside with one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshwalk-home-'));
    writeFileSync(join(dir, 'progress.json'), '{oops');
    const io = recordingIo({ MESHWALK_HOME: dir });
    expect(await command.main(['--lessons', lessonsDir], io)).toBe(0);
    expect(io.err()).toMatch(/^meshwalk: your progress file .*progress\.json is not valid JSON; it was moved to .*progress\.json\.corrupt-\d{8}T\d{6}Z and progress starts fresh\n$/);
  });
});
