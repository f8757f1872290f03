import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDir } from '../../src/progress/data-dir.js';
import { loadProgress, ProgressStore, progressPath } from '../../src/progress/store.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'meshwalk-progress-'));
const at = new Date('2026-11-24T07:30:00.000Z');

describe('ProgressStore', () => {
  it('saves by name and reads back, per cluster', () => {
    const dir = fresh();
    const sim = new ProgressStore(progressPath(dir), 'sim', undefined, () => at);
    sim.save({ lesson: 'peer-authentication', done: ['strict'], skipped: ['see-identity'], current: 'permissive', finished: false });
    expect(sim.get('peer-authentication')).toEqual({
      done: ['strict'],
      skipped: ['see-identity'],
      current: 'permissive',
      startedAt: '2026-11-24T07:30:00.000Z',
      updatedAt: '2026-11-24T07:30:00.000Z',
    });
    expect(new ProgressStore(progressPath(dir), 'context:minikube').get('peer-authentication')).toBeUndefined();
    const file = JSON.parse(readFileSync(progressPath(dir), 'utf8'));
    expect(file.version).toBe(1);
    expect(Object.keys(file.clusters)).toEqual(['sim']);
    expect(readdirSync(dir)).toEqual(['progress.json']);
  });

  it('merges with what another window saved', () => {
    const dir = fresh();
    const a = new ProgressStore(progressPath(dir), 'sim');
    const b = new ProgressStore(progressPath(dir), 'sim');
    a.save({ lesson: 'one', done: ['x'], skipped: [], finished: false });
    b.save({ lesson: 'two', done: ['y'], skipped: [], finished: true });
    expect(Object.keys(a.all())).toEqual(['one', 'two']);
    expect(a.get('two')?.finishedAt).toBeDefined();
  });

  it('reads a well-formed file, dropping keys it does not know', () => {
    const dir = fresh();
    const path = progressPath(dir);
    const lesson = { done: ['a'], skipped: [], current: 'b', startedAt: 's', updatedAt: 'u', extra: true };
    writeFileSync(path, JSON.stringify({ version: 1, clusters: { sim: { lessons: { x: lesson } } } }));
    const notices: string[] = [];
    expect(new ProgressStore(path, 'sim', (m) => notices.push(m)).all()).toEqual({ x: { done: ['a'], skipped: [], current: 'b', startedAt: 's', updatedAt: 'u' } });
    expect(notices).toEqual([]);
  });

  it('reset clears one lesson or everything', () => {
    const dir = fresh();
    const s = new ProgressStore(progressPath(dir), 'sim');
    s.save({ lesson: 'one', done: ['x'], skipped: [], finished: false });
    s.save({ lesson: 'two', done: ['y'], skipped: [], finished: false });
    s.reset('one');
    expect(Object.keys(s.all())).toEqual(['two']);
    s.reset();
    expect(s.all()).toEqual({});
  });

  it.each([
    ['not JSON', '{"version": 1, "clus', 'is not valid JSON'],
    ['a wrong shape', '{"version": 1, "clusters": {"sim": {"lessons": {"x": {"done": 3}}}}}', 'does not have the expected shape'],
    ['a lesson without timestamps', '{"version": 1, "clusters": {"sim": {"lessons": {"x": {"done": [], "skipped": []}}}}}', 'does not have the expected shape'],
    ['a non-string current step', '{"version": 1, "clusters": {"sim": {"lessons": {"x": {"done": [], "skipped": [], "current": 2, "startedAt": "t", "updatedAt": "t"}}}}}', 'does not have the expected shape'],
    ['clusters as a list', '{"version": 1, "clusters": []}', 'does not have the expected shape'],
    ['a newer version', '{"version": 2, "clusters": {}}', 'was written by a newer meshwalk (format version 2, this one reads 1)'],
  ])('moves %s aside with one line, never overwriting it', (_what, text, why) => {
    const dir = fresh();
    const path = progressPath(dir);
    writeFileSync(path, text);
    const notices: string[] = [];
    const s = new ProgressStore(path, 'sim', (m) => notices.push(m), () => at);
    expect(s.all()).toEqual({});
    const aside = join(dir, 'progress.json.corrupt-20261124T073000Z');
    expect(notices).toEqual([`meshwalk: your progress file ${path} ${why}; it was moved to ${aside} and progress starts fresh`]);
    expect(readFileSync(aside, 'utf8')).toBe(text);
    s.save({ lesson: 'one', done: [], skipped: [], finished: false });
    expect(notices).toHaveLength(1);
    expect(readFileSync(aside, 'utf8')).toBe(text);
  });

  it('survives SIGKILL in the middle of saving, again and again', async () => {
    const dir = fresh();
    const path = progressPath(dir);
    for (let round = 0; round < 12; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'save-loop-child.ts'), path], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
      });
      await new Promise((r) => setTimeout(r, 5 + ((round * 37) % 60)));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const loaded = loadProgress(path);
      expect(loaded.notice).toBeUndefined();
      expect(Object.keys(loaded.data.clusters.sim?.lessons ?? {}).length).toBeGreaterThan(0);
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
    expect(dataDir({ LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'win32', 'C:\\Users\\ada')).toContain('meshwalk');
  });
});
