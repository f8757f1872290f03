/**
 * The package as npm publishes it: `npm pack` in a copy of the project (its prepack makes the
 * release build), then `npm install --omit=dev` of the tarball into an empty prefix, which must
 * need nothing from the registry (everything meshwalk runs is bundled into dist/), stay small, and
 * run the lessons on the simulated cluster.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'meshwalk-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sizeOf(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((n, name) => n + sizeOf(join(path, name)), 0);
}

test('the packed tarball installs with --omit=dev, under 3 MB, and checks the lessons', { timeout: 180_000 }, () => {
  const copy = join(work, 'src');
  mkdirSync(copy);
  for (const f of ['package.json', 'LICENSE', 'README.md', 'scripts', 'src', 'lessons', 'manifests', 'schema']) {
    cpSync(join(ROOT, f), join(copy, f), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  const npm = (args: string[], cwd: string) =>
    execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });
  const tarball = npm(['pack', '--pack-destination', work], copy).trim().split('\n').pop() ?? '';
  expect(tarball).toMatch(/^meshwalk-.*\.tgz$/);

  const prefix = join(work, 'prefix');
  mkdirSync(prefix);
  npm(['install', '--omit=dev', '--offline', '--prefix', prefix, join(work, tarball)], prefix);
  const modules = join(prefix, 'node_modules');
  expect(readdirSync(modules).filter((n) => !n.startsWith('.'))).toEqual(['meshwalk']);
  expect(sizeOf(modules)).toBeLessThan(3_000_000);
  expect(readdirSync(join(modules, 'meshwalk', 'dist', 'chunks')).some((n) => n.endsWith('.map'))).toBe(false);

  const home = join(work, 'home');
  const out = execFileSync(join(modules, '.bin', 'meshwalk'), ['check', '--cluster', 'sim'], {
    cwd: work,
    env: { ...process.env, MESHWALK_HOME: home, XDG_DATA_HOME: home },
    encoding: 'utf8',
  });
  expect(out).toMatch(/PASS: 6 of 6 lessons passed/);

  // An author outside the repository: the scaffold names the installed schema, its
  // `meshwalk:manifests/…` references open the installed manifests, and check passes.
  const bin = join(modules, '.bin', 'meshwalk');
  const env = { ...process.env, MESHWALK_HOME: home, XDG_DATA_HOME: home };
  execFileSync(bin, ['new', 'lesson', 'mine'], { cwd: work, env, encoding: 'utf8' });
  const first = readFileSync(join(work, 'mine', 'mine.yaml'), 'utf8').split('\n')[0] ?? '';
  expect(first).toBe(
    `# yaml-language-server: $schema=${join(realpathSync(modules), 'meshwalk', 'schema', 'lesson.schema.json')}`,
  );
  const mine = execFileSync(bin, ['check', '--lessons', 'mine', '--cluster', 'sim'], {
    cwd: work,
    env,
    encoding: 'utf8',
  });
  expect(mine).toMatch(/PASS: 1 of 1 lessons passed \(2 steps verified\)/);
});
