import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLesson } from '../../src/commands/run.js';
import { progressPath, ProgressStore } from '../../src/progress/store.js';
import { basics, fakeWorld, lessonFolder, recordingIo, scripted, STRICT, strictLesson } from './run-check-fixtures.js';

const setup = () => {
  const lessonsDir = lessonFolder({
    'lessons/basics.yaml': basics,
    'lessons/strict.yaml': strictLesson(),
    'manifests/strict.yaml': STRICT,
  });
  const home = mkdtempSync(join(tmpdir(), 'meshwalk-home-'));
  return { lessonsDir, home, env: { MESHWALK_HOME: home } };
};
const opts = (lessonsDir: string) => ({ lesson: 'strict', yes: false, restart: false, cleanup: false, lessonsDir });

describe('meshwalk run', () => {
  it('asks before each step, shows the exact command, verifies with status words, and saves progress', async () => {
    const { lessonsDir, env, home } = setup();
    const world = fakeWorld(300);
    const io = recordingIo(env);
    const code = await runLesson(opts(lessonsDir), io, { select: world.select, lines: scripted(['', 'h', 'q']) });
    expect(code).toBe(0);
    const out = io.out();
    expect(out).toContain('Using a fake cluster.\n');
    expect(out).toContain(
      '== Step 1 of 2: Apply STRICT to books ==\nOnly clients with a sidecar get through.\nCommand:\n  kubectl apply -f manifests/strict.yaml -n books\n',
    );
    expect(out).toContain('[Enter] run it, [s] skip, [h] hint, [q] quit (step 1 of 2) > ');
    expect(out).toContain(
      '$ kubectl apply -f manifests/strict.yaml -n books\npeerauthentication.security.istio.io/default created\n',
    );
    expect(out).toMatch(/attempt 1 at 0 s: saw 200, expected status 000: RETRY, again in 0\.2 s/);
    expect(out).toContain('PASS apply-strict');
    expect(out).toContain('This step is yours: do it in another terminal, then press Enter to check it.');
    expect(out).toContain('[Enter] check it, [s] skip, [h] hint, [q] quit (step 2 of 2) > ');
    expect(out).toContain('Progress saved. Run `meshwalk run strict` to go on.');
    expect(new ProgressStore(progressPath(home), 'sim').get('strict')).toMatchObject({
      done: ['apply-strict'],
      skipped: [],
      current: 'yours',
    });
  });

  it('resumes where the learner left, and skip does the step for them', async () => {
    const { lessonsDir, env, home } = setup();
    new ProgressStore(progressPath(home), 'sim').save({
      lesson: 'strict',
      done: ['apply-strict'],
      skipped: [],
      current: 'yours',
      finished: false,
    });
    const world = fakeWorld();
    const io = recordingIo(env);
    const code = await runLesson(opts(lessonsDir), io, { select: world.select, lines: scripted(['s']) });
    expect(code).toBe(0);
    expect(io.out()).toContain('Resuming: 1 of 2 steps done (--restart starts over).');
    expect(world.log).toEqual(['kubectl label ns books istio-injection=enabled', 'kubectl get ns books --show-labels']);
    expect(io.out()).toContain('SKIPPED yours');
    expect(io.out()).toContain('Lesson strict: PASSED (1 passed, 0 failed, 1 skipped of 2 steps)');
    expect(new ProgressStore(progressPath(home), 'sim').get('strict')?.finishedAt).toBeDefined();
  });

  it('a failed check is shown with what was seen, and Enter retries it', async () => {
    const { lessonsDir, env, home } = setup();
    new ProgressStore(progressPath(home), 'sim').save({
      lesson: 'strict',
      done: ['apply-strict'],
      skipped: [],
      current: 'yours',
      finished: false,
    });
    const world = fakeWorld();
    const io = recordingIo(env);
    await runLesson(opts(lessonsDir), io, { select: world.select, lines: scripted(['', 'q']) });
    expect(io.out()).toMatch(
      /FAIL yours: expected output containing "istio-injection=enabled", saw "NAME STATUS LABELS\\nbooks Active <none>" \(gave up after \d+ attempts in 2(?:\.\d)? s\)/,
    );
    expect(io.out()).toContain('[Enter] try again, [s] skip, [h] hint, [q] quit (step 2 of 2) > ');
  });

  it("--yes runs every step, using the solution where the step is the learner's", async () => {
    const { lessonsDir, env } = setup();
    const world = fakeWorld();
    const io = recordingIo(env);
    const code = await runLesson({ ...opts(lessonsDir), yes: true, restart: true, cleanup: true }, io, {
      select: world.select,
    });
    expect(code).toBe(0);
    expect(world.log).toContain('kubectl label ns books istio-injection=enabled');
    expect(world.log.at(-1)).toBe('kubectl delete peerauthentication default -n books');
    expect(io.out()).toContain('== Step 2 of 2: Label it yourself ==');
  });

  it('end of input stops and keeps progress', async () => {
    const { lessonsDir, env } = setup();
    const io = recordingIo(env);
    expect(await runLesson(opts(lessonsDir), io, { select: fakeWorld().select, lines: scripted([]) })).toBe(0);
    expect(io.out()).toContain('No more input: stopping here.');
  });
});

describe('meshwalk run: a step to read only', () => {
  it('offers Enter to go on, runs nothing, and marks it done', async () => {
    const reading = `id: reading
title: Reading
summary: Words only.
istio: ["1.24"]
steps:
  - id: read
    title: Read this
    text: Only words here.
  - id: act
    title: Act
    run: kubectl create namespace books
`;
    const lessonsDir = lessonFolder({ 'lessons/reading.yaml': reading });
    const home = mkdtempSync(join(tmpdir(), 'meshwalk-home-'));
    const world = fakeWorld();
    const io = recordingIo({ MESHWALK_HOME: home });
    const code = await runLesson({ lesson: 'reading', yes: false, restart: false, cleanup: false, lessonsDir }, io, {
      select: world.select,
      lines: scripted(['', 'q']),
    });
    expect(code).toBe(0);
    expect(io.out()).toContain('Nothing to run here: read, then press Enter to go on.\n');
    expect(io.out()).toContain('[Enter] go on, [s] skip, [h] hint, [q] quit (step 1 of 2) > ');
    expect(io.out()).toContain('PASS read');
    expect(world.log).toEqual([]);
    expect(new ProgressStore(progressPath(home), 'sim').get('reading')).toMatchObject({
      done: ['read'],
      current: 'act',
    });
  });
});

describe('meshwalk run: lesson text reflowed', () => {
  it('joins the YAML line breaks of a paragraph and wraps at spaces within 80 columns, keeping code blocks', async () => {
    const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const lesson = `id: prose
title: Prose
summary: Long text.
istio: ["1.24"]
steps:
  - id: read
    title: Read this
    text: |
      A paragraph broken
      in the YAML, then long: ${words}

      \`\`\`
      kubectl get pods -n books --output=wide --show-labels --sort-by=.metadata.name
      \`\`\`
`;
    const lessonsDir = lessonFolder({ 'lessons/prose.yaml': lesson });
    const io = recordingIo({ MESHWALK_HOME: mkdtempSync(join(tmpdir(), 'meshwalk-home-')) });
    await runLesson({ lesson: 'prose', yes: false, restart: false, cleanup: false, lessonsDir }, io, {
      select: fakeWorld().select,
      lines: scripted(['q']),
    });
    const out = io.out();
    expect(out).toContain('A paragraph broken in the YAML, then long: word0');
    const prose = out.split('\n').filter((l) => l.includes('word'));
    expect(prose.length).toBeGreaterThan(1);
    expect(Math.max(...prose.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(out).toContain('\n  kubectl get pods -n books --output=wide --show-labels --sort-by=.metadata.name\n'); // code is not wrapped
  });
});
