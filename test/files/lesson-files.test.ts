import { existsSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lessonRoot, lintFiles, loadLesson, loadLessonDir, yamlFiles } from '../../src/files/lesson-files.js';
import { packageRoot } from '../../src/package-root.js';

const here = dirname(fileURLToPath(import.meta.url));
const valid = join(here, '..', 'lesson', 'fixtures', 'valid');

describe('lesson-files', () => {
  it('finds the package root from src/', () => {
    const root = packageRoot();
    expect(existsSync(join(root, 'package.json'))).toBe(true);
    expect(existsSync(join(root, 'schema', 'lesson.schema.json'))).toBe(true);
  });

  it('loads a folder of valid lessons with their root', () => {
    const { lessons, problems } = loadLessonDir(join(valid, 'lessons'));
    expect(problems).toEqual([]);
    expect(lessons.map((l) => [l.lesson.id, l.root])).toEqual([
      ['base', valid],
      ['good', valid],
    ]);
  });

  it('loads one lesson, checking requires only when ids are given', () => {
    const file = join(valid, 'lessons', 'good.yaml');
    expect(loadLesson(file).lesson?.lesson.steps).toHaveLength(2);
    expect(loadLesson(file, { lessonIds: new Set(['good']) }).problems.map((p) => p.code)).toEqual([
      'unknown-prerequisite',
    ]);
  });

  it('reports duplicate lesson ids, prerequisite cycles and unreadable files across a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshwalk-load-'));
    mkdirSync(join(dir, 'lessons'));
    const lesson = (id: string, requires: string[]) =>
      `id: ${id}\ntitle: T\nsummary: S\nistio: ["1.24"]\nrequires: [${requires.join(', ')}]\nsteps: [{id: a, title: A}]\n`;
    writeFileSync(join(dir, 'lessons', 'a.yaml'), lesson('a', ['b']));
    writeFileSync(join(dir, 'lessons', 'b.yaml'), lesson('b', ['a']));
    writeFileSync(join(dir, 'lessons', 'c.yaml'), lesson('a', []));
    mkdirSync(join(dir, 'lessons', 'd.yaml'));
    const { lessons, problems } = lintFiles([...yamlFiles(dir), join(dir, 'lessons', 'd.yaml')]);
    expect(lessons).toEqual([]);
    expect(problems.map((p) => `${p.file.slice(dir.length + 1)}:${p.line}:${p.col} ${p.code} ${p.message}`)).toEqual([
      'lessons/a.yaml:5:12 prerequisite-cycle prerequisites form a cycle: a → b → a; remove one of these requires',
      'lessons/b.yaml:5:12 prerequisite-cycle prerequisites form a cycle: a → b → a; remove one of these requires',
      'lessons/c.yaml:1:5 duplicate-lesson-id the lesson id `a` is already used by ' + join(dir, 'lessons', 'a.yaml'),
      'lessons/d.yaml:1:1 read-error is a folder, not a file',
    ]);
  });

  it('takes the folder above lessons/ as the root', () => {
    expect(lessonRoot(join(valid, 'lessons', 'x.yaml'))).toBe(valid);
    expect(lessonRoot(join(valid, 'manifests', 'x.yaml'))).toBe(valid);
  });
});
