import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProgress, progressPath } from '../../src/progress/store.js';
import { lessonFolder } from './run-check-fixtures.js';

const cli = resolve(import.meta.dirname, '../../dist/cli.js');
const reading = (id: string) => `id: ${id}
title: Reading ${id}
summary: Words only.
istio: ["1.24"]
steps:
${['one', 'two', 'three'].map((s) => `  - id: ${s}\n    title: Step ${s}\n    text: Read ${s}.\n`).join('')}`;

function meshwalk(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; err: string }>((done) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => done({ code, err }));
  });
}

/**
 * `meshwalk run ID...` through the CLI's entry point, one run after another, in a process of its
 * own (run-many-child.mjs); resolves once the process is loaded, with its results to come.
 */
function runner(lessons: string, go: string, ids: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'run-many-child.mjs'), lessons, go, ...ids], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<unknown>((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.split('\n')[1] ?? 'null'))
        : reject(new Error(`child exited with ${code}: ${out}`)),
    ),
  );
  const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  return { ready, done };
}

describe('meshwalk run, three at once on one data folder', () => {
  // Three processes run 20 lessons each, all at once: their progress saves overlap the whole time.
  it("every run's progress is kept (3 processes of 20 runs each, at once)", async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `reading-${i}`);
    const lessons = lessonFolder(Object.fromEntries(ids.map((id) => [`lessons/${id}.yaml`, reading(id)])));
    const data = mkdtempSync(join(tmpdir(), 'meshwalk-concurrent-'));
    const env = { XDG_DATA_HOME: data, MESHWALK_HOME: '' };
    const go = join(data, 'go');
    const batches = [0, 1, 2].map((k) => ids.filter((_, i) => i % 3 === k));
    const children = batches.map((batch) => runner(lessons, go, batch, env));
    await Promise.all(children.map((c) => c.ready));
    writeFileSync(go, '');
    const results = await Promise.all(children.map((c) => c.done));
    expect(results).toEqual(batches.map((batch) => batch.map(() => ({ code: 0, err: '' }))));
    const saved = loadProgress(progressPath(join(data, 'meshwalk')), () => {}).clusters.sim?.lessons ?? {};
    expect(Object.keys(saved).sort()).toEqual([...ids].sort());
    for (const p of Object.values(saved))
      expect(p).toMatchObject({ done: ['one', 'two', 'three'], finishedAt: expect.any(String) });
  }, 300_000);

  it('a file where the progress folder belongs: one line and exit 4, from run and progress', async () => {
    const lessons = lessonFolder({ 'lessons/reading-0.yaml': reading('reading-0') });
    const home = mkdtempSync(join(tmpdir(), 'meshwalk-home-'));
    writeFileSync(join(home, 'progress'), 'mine');
    for (const args of [
      ['run', 'reading-0', '--yes', '--cluster', 'sim', '--lessons', lessons],
      ['progress', '--lessons', lessons],
    ]) {
      const r = await meshwalk(args, { MESHWALK_HOME: home });
      expect(r.code).toBe(4);
      expect(r.err).toBe(
        `meshwalk: cannot read ${join(home, 'progress')}: a file stands where meshwalk keeps a folder; move it aside (mv ${join(home, 'progress')} ${join(home, 'progress')}.old), then rerun (ENOTDIR)\n`,
      );
    }
  });

  it('a progress.json that is a folder: one line, and the lesson runs and saves', async () => {
    const lessons = lessonFolder({ 'lessons/reading-0.yaml': reading('reading-0') });
    const home = mkdtempSync(join(tmpdir(), 'meshwalk-home-'));
    mkdirSync(join(home, 'progress.json'));
    const r = await meshwalk(['run', 'reading-0', '--yes', '--cluster', 'sim', '--lessons', lessons], {
      MESHWALK_HOME: home,
    });
    expect(r).toEqual({
      code: 0,
      err: `meshwalk: ${join(home, 'progress.json')} is not a file, so no progress was imported from it; it was left alone (progress is kept in ${join(home, 'progress')})\n`,
    });
    expect(loadProgress(progressPath(home), () => {}).clusters.sim?.lessons['reading-0']?.finishedAt).toBeDefined();
  });
});
