import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { meshwalk as inProcess } from '../support/meshwalk.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(repo, 'test', 'lesson', 'fixtures');

async function meshwalk(args: string[], cwd = fixtures) {
  const r = await inProcess(args, { cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('meshwalk list', () => {
  it('lists lessons with id, title, steps, prerequisites and Istio versions', async () => {
    const r = await meshwalk(['list', 'valid/lessons']);
    expect(r.stdout).toBe(
      [
        'ID    TITLE          STEPS  REQUIRES  ISTIO',
        'base  A base lesson  1      -         1.24',
        'good  A good lesson  2      base      1.22, 1.24',
        '',
      ].join('\n'),
    );
    expect([r.code, r.stderr]).toEqual([0, '']);
  });

  it('prints JSON', async () => {
    const r = await meshwalk(['list', '--json', 'valid/lessons']);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        id: 'base',
        title: 'A base lesson',
        summary: 'Creates a namespace.',
        steps: 1,
        requires: [],
        istio: ['1.24'],
        file: 'valid/lessons/base.yaml',
      },
      {
        id: 'good',
        title: 'A good lesson',
        summary: 'Uses every kind of field once.',
        steps: 2,
        requires: ['base'],
        istio: ['1.22', '1.24'],
        file: 'valid/lessons/good.yaml',
      },
    ]);
  });

  it("lists meshwalk's own lessons by default", async () => {
    const r = await meshwalk(['list', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBeGreaterThan(0);
  });

  it('leaves out broken lessons, says so in one line, and exits 1 (manifests are left to lint)', async () => {
    const r = await meshwalk(['list', 'bad/lessons']);
    expect(r.stdout).toBe(
      [
        'ID                TITLE                      STEPS  REQUIRES  ISTIO',
        'manifest-missing  Missing manifest           1      -         1.24',
        'manifest-not-k8s  Not Kubernetes objects     2      -         1.24',
        'manifest-outside  Manifest outside the repo  2      -         1.24',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe(
      'meshwalk list: 12 lesson files have problems and are not listed; run meshwalk lint bad/lessons\n',
    );
    expect(r.code).toBe(1);
  });

  it('caches the listing and notices when a lesson file changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshwalk-list-'));
    mkdirSync(join(dir, 'lessons'));
    const lesson = (title: string) =>
      `id: only\ntitle: ${title}\nsummary: S\nistio: ["1.24"]\nsteps: [{id: a, title: A}]\n`;
    writeFileSync(join(dir, 'lessons', 'only.yaml'), lesson('First'));
    const first = await meshwalk(['list', '--json', 'lessons'], dir);
    const again = await meshwalk(['list', '--json', 'lessons'], dir);
    expect(again).toEqual(first);
    expect((JSON.parse(first.stdout) as { title: string }[])[0]?.title).toBe('First');
    writeFileSync(join(dir, 'lessons', 'only.yaml'), lesson('Second title'));
    expect(
      (JSON.parse((await meshwalk(['list', '--json', 'lessons'], dir)).stdout) as { title: string }[])[0]?.title,
    ).toBe('Second title');
    writeFileSync(join(dir, 'lessons', 'only.yaml'), 'id: [broken\n');
    expect((await meshwalk(['list', 'lessons'], dir)).code).toBe(1);
  });

  it('answers --help, an unknown flag and a missing folder', async () => {
    expect((await meshwalk(['list', '-h'])).stdout).toMatch(/^Usage: meshwalk list \[DIR\] \[--json\]/);
    expect((await meshwalk(['list', '--all'])).code).toBe(2);
    expect(await meshwalk(['list', 'nowhere'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'meshwalk list: no such folder: nowhere\n',
    });
  });
});
