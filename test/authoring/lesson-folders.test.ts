import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { meshwalk, scratch } from './cli.js';

const lesson = (id: string, extra = '') => `id: ${id}
title: Lesson ${id}
summary: S.
istio: ["1.24"]
${extra}steps:
  - id: ns
    title: Make the namespace
    apply: manifests/ns.yaml
    verify:
      run: kubectl get namespace ${id}
      expect: { exitCode: 0 }
`;
const ns = (id: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${id}\n`;

/** Lessons at the top of the folder, their manifests beside them. */
function flatFolder(): string {
  const dir = scratch();
  mkdirSync(join(dir, 'manifests'));
  writeFileSync(join(dir, 'one.yaml'), lesson('one'));
  writeFileSync(join(dir, 'manifests', 'ns.yaml'), ns('one'));
  return dir;
}

describe('one set of folder rules for every command', () => {
  it('reads a flat folder the same in lint, list and check: manifests/ holds no lessons', async () => {
    const dir = flatFolder();
    // A Kubernetes object outside manifests/ is a manifest to every command, as it is to lint.
    writeFileSync(join(dir, 'extra.yaml'), ns('extra'));
    expect(await meshwalk(['lint', '.'], dir)).toMatchObject({ code: 0, stdout: '' });
    expect(await meshwalk(['list', '.'], dir)).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse((await meshwalk(['list', '--lessons', '.', '--json'], dir)).stdout)).toMatchObject([
      { id: 'one' },
    ]);
    const r = await meshwalk(['check', '--lessons', '.', '--cluster', 'sim'], dir);
    expect(r.stdout).toMatch(/PASS: 1 of 1 lessons passed \(1 step verified\)/);
    expect(r.code).toBe(0);
  });

  it('takes --lessons more than once, and a lesson may require one of another folder or a shipped one', async () => {
    const dir = scratch();
    const files: [string, string][] = [
      ['a/lessons/one.yaml', lesson('one', 'requires: [into-the-mesh]\n')],
      ['a/manifests/ns.yaml', ns('one')],
      ['b/two.yaml', lesson('two', 'requires: [one]\n')],
      ['b/manifests/ns.yaml', ns('two')],
    ];
    for (const [name, text] of files) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const listed = JSON.parse((await meshwalk(['list', '--lessons', 'a', '--lessons', 'b', '--json'], dir)).stdout) as {
      id: string;
    }[];
    expect(listed.map((l) => l.id)).toEqual(['one', 'two']);
    expect((await meshwalk(['lint', 'a', 'b'], dir)).code).toBe(0);
    const r = await meshwalk(['check', 'two', '--lessons', 'a', '--lessons', 'b', '--cluster', 'sim'], dir);
    expect(r.stdout).toContain('Also running prerequisites first: into-the-mesh, one');
    expect(r.code).toBe(0);
  });

  it('still reports a prerequisite that exists nowhere', async () => {
    const dir = flatFolder();
    writeFileSync(join(dir, 'one.yaml'), lesson('one', 'requires: [no-such-lesson]\n'));
    expect((await meshwalk(['lint', '.'], dir)).stdout).toContain('[unknown-prerequisite]');
  });
});

describe('check --lessons on a folder with no lesson that loads', () => {
  it("fails with the folder's problems and runs none of meshwalk's own lessons", async () => {
    const dir = flatFolder();
    writeFileSync(join(dir, 'one.yaml'), 'id: [broken\n');
    const r = await meshwalk(['check', '--lessons', '.', '--cluster', 'sim'], dir);
    expect(r.stderr).toMatch(/one\.yaml:\d+:\d+ .*\[yaml-syntax\]/);
    expect(r.stderr).toContain('meshwalk check: no lesson to check in the --lessons folders');
    expect(r.stdout).not.toContain('into-the-mesh');
    expect(r.code).toBe(1);
  });
});
