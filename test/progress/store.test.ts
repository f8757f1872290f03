import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir } from '../../src/progress/data-dir.js';
import { entryName } from '../../src/progress/entry-name.js';
import { loadProgress, ProgressStore, progressPath, resetProgress } from '../../src/progress/store.js';
import { childScript } from '../support/child-script.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'meshwalk-progress-'));
const at = new Date('2026-11-24T07:30:00.000Z');
const entry = (lesson: string, extra: object = {}) => ({
  version: 1,
  cluster: 'sim',
  lesson,
  done: ['a'],
  skipped: [],
  startedAt: 's',
  updatedAt: 'u',
  ...extra,
});
const run = (file: string, args: string[]) =>
  new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [childScript(join(import.meta.dirname, file)), ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.once('exit', resolve);
  });

describe('ProgressStore', () => {
  it('saves by name, one file per cluster and lesson, and reads back', () => {
    const dir = fresh();
    const sim = new ProgressStore(progressPath(dir), 'sim', undefined, () => at);
    sim.save({
      lesson: 'peer-authentication',
      done: ['strict'],
      skipped: ['see-identity'],
      current: 'permissive',
      finished: false,
    });
    expect(sim.get('peer-authentication')).toEqual({
      done: ['strict'],
      skipped: ['see-identity'],
      current: 'permissive',
      startedAt: '2026-11-24T07:30:00.000Z',
      updatedAt: '2026-11-24T07:30:00.000Z',
    });
    expect(new ProgressStore(progressPath(dir), 'context:minikube').get('peer-authentication')).toBeUndefined();
    const file = JSON.parse(readFileSync(join(dir, 'progress', 'sim', 'peer-authentication.json'), 'utf8'));
    expect(file).toMatchObject({ version: 1, cluster: 'sim', lesson: 'peer-authentication' });
    expect(readdirSync(join(dir, 'progress', 'sim'))).toEqual(['peer-authentication.json']);
  });

  it('names files safely for any context name, distinct by case', () => {
    expect(entryName('context:minikube')).toBe('context%3aminikube');
    expect(entryName('context:Prod')).not.toBe(entryName('context:prod'));
    expect(entryName('../../etc')).toBe('%2e%2e%2f%2e%2e%2fetc');
    expect(entryName('con')).toBe('%63on');
    expect(entryName(`context:${'x'.repeat(300)}`).length).toBeLessThanOrEqual(120);
    const dir = fresh();
    const s = new ProgressStore(progressPath(dir), 'context:arn:aws:eks:eu-west-1:1:cluster/prod');
    s.save({ lesson: 'one', done: ['x'], skipped: [], finished: false });
    expect(Object.keys(loadProgress(progressPath(dir), () => {}).clusters)).toEqual([
      'context:arn:aws:eks:eu-west-1:1:cluster/prod',
    ]);
  });

  it('keeps what another window saved', () => {
    const dir = fresh();
    const a = new ProgressStore(progressPath(dir), 'sim');
    const b = new ProgressStore(progressPath(dir), 'sim');
    a.save({ lesson: 'one', done: ['x'], skipped: [], finished: false });
    b.save({ lesson: 'two', done: ['y'], skipped: [], finished: true });
    expect(Object.keys(a.all())).toEqual(['one', 'two']);
    expect(a.get('two')?.finishedAt).toBeDefined();
  });

  it('resetProgress clears one lesson on every cluster, or everything', () => {
    const path = progressPath(fresh());
    const sim = new ProgressStore(path, 'sim');
    const mk = new ProgressStore(path, 'context:minikube');
    for (const s of [sim, mk])
      for (const lesson of ['one', 'two']) s.save({ lesson, done: ['x'], skipped: [], finished: false });
    resetProgress(path, 'one', () => {});
    expect(Object.keys(sim.all())).toEqual(['two']);
    expect(Object.keys(mk.all())).toEqual(['two']);
    resetProgress(path, undefined, () => {});
    expect(loadProgress(path, () => {})).toEqual({ clusters: {} });
  });

  it.each([
    ['"done": "x"', entry('bad', { done: 'x' }), '"done" must be a list of step ids'],
    ['not JSON', '{"version": 1, "clus', 'it is not valid JSON'],
    [
      'no timestamps',
      { version: 1, cluster: 'sim', lesson: 'bad', done: [], skipped: [] },
      '"startedAt" and "updatedAt" must be timestamps',
    ],
    [
      'a newer version',
      entry('bad', { version: 2 }),
      'it was written by a newer meshwalk (format version 2, this one reads 1)',
    ],
    ['another lesson', entry('other'), 'it holds lesson "other" on "sim", which belongs in another file'],
  ])('one bad entry (%s) is set aside alone, reported once, and the others stay', (_what, bad, why) => {
    const path = progressPath(fresh());
    const s = new ProgressStore(path, 'sim', undefined, () => at);
    s.save({ lesson: 'good', done: ['x'], skipped: [], finished: false });
    const badFile = join(path, 'sim', 'bad.json');
    const text = typeof bad === 'string' ? bad : JSON.stringify(bad);
    writeFileSync(badFile, text);
    const notices: string[] = [];
    const t = new ProgressStore(
      path,
      'sim',
      (m) => notices.push(m),
      () => at,
    );
    expect(Object.keys(t.all())).toEqual(['good']);
    const aside = `${badFile}.bad-20261124T073000Z`;
    expect(notices).toEqual([
      `meshwalk: saved progress ${badFile} is unusable (${why}); it was moved to ${aside}; that lesson starts fresh`,
    ]);
    expect(readFileSync(aside, 'utf8')).toBe(text);
    expect(Object.keys(t.all())).toEqual(['good']);
    t.save({ lesson: 'bad', done: [], skipped: [], finished: false });
    expect(notices).toHaveLength(1);
    expect(readFileSync(aside, 'utf8')).toBe(text);
  });

  it('imports an old single progress.json entry by entry, a malformed entry alone skipped and kept', () => {
    const dir = fresh();
    const good = { done: ['a'], skipped: [], startedAt: 's', updatedAt: 'u' };
    const old = {
      version: 1,
      clusters: {
        sim: { lessons: { one: good, two: { ...good, done: 'x' } } },
        'context:minikube': { lessons: { three: good } },
      },
    };
    const text = JSON.stringify(old);
    writeFileSync(join(dir, 'progress.json'), text);
    const notices: string[] = [];
    const data = loadProgress(progressPath(dir), (m) => notices.push(m), at);
    expect(Object.keys(data.clusters)).toEqual(['sim', 'context:minikube']);
    expect(Object.keys(data.clusters.sim!.lessons)).toEqual(['one']);
    expect(data.clusters['context:minikube']!.lessons.three).toEqual(good);
    const kept = join(dir, 'progress.json.imported-20261124T073000Z');
    expect(notices).toEqual([
      `meshwalk: progress of lesson "two" on "sim" ("done" must be a list of step ids) in ${join(dir, 'progress.json')} is malformed; it was not imported and is kept in ${kept}`,
    ]);
    expect(readFileSync(kept, 'utf8')).toBe(text);
    expect(existsSync(join(dir, 'progress.json'))).toBe(false);
  });

  it('an entry saved since wins over the old file', () => {
    const dir = fresh();
    const s = new ProgressStore(progressPath(dir), 'sim');
    s.save({ lesson: 'one', done: ['new'], skipped: [], finished: false });
    writeFileSync(
      join(dir, 'progress.json'),
      JSON.stringify({
        version: 1,
        clusters: { sim: { lessons: { one: { done: ['old'], skipped: [], startedAt: 's', updatedAt: 'u' } } } },
      }),
    );
    expect(new ProgressStore(progressPath(dir), 'sim').get('one')?.done).toEqual(['new']);
  });

  it('a progress.json that is a folder: one line, left alone, progress still works', () => {
    const dir = fresh();
    mkdirSync(join(dir, 'progress.json'));
    const notices: string[] = [];
    const s = new ProgressStore(progressPath(dir), 'sim', (m) => notices.push(m));
    s.save({ lesson: 'one', done: ['x'], skipped: [], finished: false });
    expect(s.get('one')?.done).toEqual(['x']);
    expect(notices).toEqual([
      `meshwalk: ${join(dir, 'progress.json')} is not a file, so no progress was imported from it; it was left alone (progress is kept in ${progressPath(dir)})`,
    ]);
  });

  it('a file where the progress folder belongs: one line naming it, exit 4, nothing overwritten', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'progress'), 'mine');
    const s = new ProgressStore(progressPath(dir), 'sim');
    const save = () => s.save({ lesson: 'one', done: ['x'], skipped: [], finished: false });
    expect(save).toThrow(expect.objectContaining({ exitCode: 4, name: 'ProgressError' }));
    expect(save).toThrow(
      /^cannot write .*progress.*: a file stands where meshwalk keeps a folder; move it aside .* \((ENOTDIR|EEXIST)\)$/,
    );
    expect(() => s.all()).toThrow(/^meshwalk: cannot read .*progress.* \(ENOTDIR\)$/);
    expect(readFileSync(join(dir, 'progress'), 'utf8')).toBe('mine');
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable progress folder: one line saying how to fix it', () => {
    const path = progressPath(fresh());
    new ProgressStore(path, 'sim').save({ lesson: 'one', done: ['x'], skipped: [], finished: false });
    chmodSync(join(path, 'sim'), 0o000);
    try {
      expect(() => new ProgressStore(path, 'sim').all()).toThrow(
        `meshwalk: cannot read ${join(path, 'sim')}: permission denied; let your user read and write it (chmod -R u+rwX ${join(path, 'sim')}) (EACCES)`,
      );
    } finally {
      chmodSync(join(path, 'sim'), 0o755);
    }
  });

  it('three processes saving at once, 20 lessons each: no entry lost', async () => {
    const dir = fresh();
    const path = progressPath(dir);
    const go = join(dir, 'go');
    const children = ['a', 'b', 'c'].map((id) => run('save-race-child.ts', [path, id, '20', go]));
    await new Promise((r) => setTimeout(r, 500)); // let all three start
    writeFileSync(go, '');
    expect(await Promise.all(children)).toEqual([0, 0, 0]);
    const lessons = new ProgressStore(path, 'sim').all();
    const want = ['a', 'b', 'c'].flatMap((id) => Array.from({ length: 20 }, (_, r) => `lesson-${id}-${r}`)).sort();
    expect(Object.keys(lessons).sort()).toEqual(want);
    for (const l of Object.values(lessons)) expect(l).toMatchObject({ done: ['one', 'two', 'three'] });
  }, 30_000);

  it('survives SIGKILL in the middle of saving, again and again', async () => {
    const dir = fresh();
    const path = progressPath(dir);
    for (let round = 0; round < 12; round++) {
      const child = spawn(process.execPath, [childScript(join(import.meta.dirname, 'save-loop-child.ts')), path], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
      });
      await new Promise((r) => setTimeout(r, 5 + ((round * 37) % 60)));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const notices: string[] = [];
      const data = loadProgress(path, (m) => notices.push(m));
      expect(notices).toEqual([]);
      expect(Object.keys(data.clusters.sim?.lessons ?? {}).length).toBeGreaterThan(0);
    }
  });
});

describe('dataDir', () => {
  it.each([
    [{ MESHWALK_HOME: '/tmp/mw', XDG_DATA_HOME: '/x' }, 'linux', '/tmp/mw'],
    [{ XDG_DATA_HOME: '/data' }, 'linux', '/data/meshwalk'],
    [{ XDG_DATA_HOME: 'relative' }, 'linux', '/home/ada/.local/share/meshwalk'],
    [{}, 'linux', '/home/ada/.local/share/meshwalk'],
    [{}, 'darwin', '/home/ada/Library/Application Support/meshwalk'],
  ] as const)('%j on %s -> %s', (env, platform, want) => {
    expect(dataDir(env, platform, '/home/ada')).toBe(want);
  });
  it('uses LOCALAPPDATA on Windows', () => {
    expect(dataDir({ LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'win32', 'C:\\Users\\ada')).toContain(
      'meshwalk',
    );
  });
});
