import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLessons } from '../../src/commands/check.js';
import { basics, fakeWorld, lessonFolder, recordingIo, STRICT, strictLesson } from './run-check-fixtures.js';

const folder = (before?: string) =>
  lessonFolder({
    'lessons/basics.yaml': basics,
    'lessons/strict.yaml': strictLesson(before),
    'manifests/strict.yaml': STRICT,
  });

describe('meshwalk check', () => {
  it('runs prerequisites first, proves each check can fail, and exits 0 when all pass', async () => {
    const world = fakeWorld();
    const io = recordingIo();
    const code = await checkLessons(
      { lessons: ['strict'], cluster: 'sim', propagationMs: 0, json: false, lessonsDir: folder() },
      io,
      world.select,
    );
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(world.log).toEqual([
      'kubectl create namespace books',
      'kubectl exec deploy/sleep -n outside -- curl -s -o /dev/null -w %{http_code} http://books.books:4000/books/1',
      'kubectl apply -f manifests/strict.yaml -n books',
      'kubectl exec deploy/sleep -n outside -- curl -s -o /dev/null -w %{http_code} http://books.books:4000/books/1',
      'kubectl label ns books istio-injection=enabled',
      'kubectl get ns books --show-labels',
      'kubectl delete peerauthentication default -n books',
    ]);
    const out = io.out();
    expect(out).toContain('Also running prerequisites first: basics');
    expect(out).toContain('== Step 1 of 2: Apply STRICT to books ==');
    expect(out).toContain('  attempt 1 at 0 s: saw 200, expected status 200: PASS');
    expect(out).toContain('PASS apply-strict');
    expect(out).toMatch(/\nPASS: 2 of 2 lessons passed \(3 steps verified\)/);
  });

  it('--json prints the result stream, one JSON object per line', async () => {
    const world = fakeWorld();
    const io = recordingIo();
    await checkLessons(
      { lessons: ['basics'], cluster: 'sim', propagationMs: 0, json: true, lessonsDir: folder() },
      io,
      world.select,
    );
    const events = io
      .out()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.map((e) => e.type)).toEqual([
      'LessonStarted',
      'StepStarted',
      'CommandStarted',
      'CommandFinished',
      'StepPassed',
      'LessonFinished',
      'CheckFinished',
    ]);
    expect(events.slice(0, -1).every((e) => e.lesson === 'basics')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'CheckFinished', outcome: 'passed' });
    expect(io.err()).toBe('Using a fake cluster.\nChecking on Istio 1.24 (a fresh simulated cluster): basics\n');
  });

  it('fails a lesson whose verification already passes before the step, and writes JUnit', async () => {
    const world = fakeWorld();
    const io = recordingIo();
    const junit = join(mkdtempSync(join(tmpdir(), 'junit-')), 'report.xml');
    const code = await checkLessons(
      { lessons: [], cluster: 'sim', propagationMs: 0, json: false, junit, lessonsDir: folder('{status: "000"}') },
      io,
      world.select,
    );
    expect(code).toBe(1);
    expect(io.out()).toContain('FAIL apply-strict: before the step: expected 000, saw 200');
    expect(world.log.at(-1)).toBe('kubectl delete peerauthentication default -n books'); // cleanup still ran
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuite name="strict" tests="2" failures="1" skipped="1">');
    expect(xml).toContain('<failure message="before the step: expected 000, saw 200" type="before">');
    expect(xml).toContain('<testcase classname="basics" name="make-ns: Create the namespace"');
    expect(xml).toContain('<skipped message="not run: an earlier step or the lesson setup failed"/>');
  });

  it('waits out a propagation delay with visible retries', async () => {
    const world = fakeWorld(600);
    const io = recordingIo();
    const code = await checkLessons(
      { lessons: ['strict'], cluster: 'sim', propagationMs: 600, json: false, lessonsDir: folder() },
      io,
      world.select,
    );
    expect(code).toBe(0);
    expect(io.out()).toMatch(/attempt 2 at 0\.2 s: saw 200, expected status 000: RETRY, again in 0\.2 s/);
  });

  it('names an unknown lesson', async () => {
    await expect(
      checkLessons(
        { lessons: ['nope'], cluster: 'sim', propagationMs: 0, json: false, lessonsDir: folder() },
        recordingIo(),
        fakeWorld().select,
      ),
    ).rejects.toMatchObject({
      message: 'meshwalk check: no lesson "nope" (see meshwalk list)',
      exitCode: 2,
    });
  });
});
