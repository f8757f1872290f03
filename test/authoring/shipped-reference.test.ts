// `meshwalk:manifests/PATH`: the one reference to a file outside the lesson, and nothing else.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathRefusal } from '../../src/cluster/path-guard.js';
import { prepareWorkDir } from '../../src/cluster/workdir.js';
import { pathProblem } from '../../src/lesson/command-policy/paths.js';
import { meshwalk, scratch } from './cli.js';

const read = (path: string) => [{ path, access: 'read', within: 'lesson' }] as const;

describe('meshwalk:manifests/PATH', () => {
  it('is a path a lesson may read, in exactly that form', async () => {
    expect(pathProblem('meshwalk:manifests/apps/sleep.yaml', 'lesson')).toBeUndefined();
    for (const bad of [
      'meshwalk:manifests/../lessons/01-into-the-mesh.yaml',
      'meshwalk:lessons/01-into-the-mesh.yaml',
      'meshwalk:/etc/passwd',
    ]) {
      expect(pathProblem(bad, 'lesson'), bad).toBeDefined();
    }
    expect(pathProblem('meshwalk:manifests/apps/sleep.yaml', 'work')).toMatch(/is a URL/);
  });

  it('opens the installed manifests through the work folder link, and nothing that link does not lead to', async () => {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'meshwalk-shipped-')));
    mkdirSync(join(base, 'lesson', 'manifests'), { recursive: true });
    const work = prepareWorkDir(join(base, 'data'), 'l', join(base, 'lesson'));
    expect(pathRefusal(read('meshwalk:manifests/apps/sleep.yaml'), work)).toBeUndefined();
    expect(pathRefusal(read('meshwalk:manifests'), work)).toBeDefined();
    // A link re-pointed elsewhere is not meshwalk's manifests.
    writeFileSync(join(base, 'secret.yaml'), 'x');
    rmSync(join(work, 'meshwalk:manifests'));
    symlinkSync(base, join(work, 'meshwalk:manifests'));
    expect(pathRefusal(read('meshwalk:manifests/secret.yaml'), work)).toMatch(/outside meshwalk's manifests/);
  });

  it('is checked by lint like a lesson manifest: it must exist and stay inside', async () => {
    const dir = scratch();
    const lesson = (file: string) =>
      `id: uses-shipped\ntitle: T\nsummary: S.\nistio: ["1.24"]\nsteps:\n  - id: a\n    title: A\n    apply: { file: "${file}", namespace: x }\n`;
    writeFileSync(join(dir, 'l.yaml'), lesson('meshwalk:manifests/apps/sleep.yaml'));
    expect(await meshwalk(['lint', 'l.yaml'], dir)).toMatchObject({ code: 0, stdout: '' });
    writeFileSync(join(dir, 'l.yaml'), lesson('meshwalk:manifests/apps/nope.yaml'));
    expect((await meshwalk(['lint', 'l.yaml'], dir)).stdout).toMatch(
      /^l\.yaml:8:20 `meshwalk:manifests\/apps\/nope\.yaml` does not exist; meshwalk's own manifests have no such file \[manifest-missing\]/,
    );
    writeFileSync(join(dir, 'l.yaml'), lesson('meshwalk:manifests/../package.json'));
    expect((await meshwalk(['lint', 'l.yaml'], dir)).stdout).toMatch(
      /\[(?:manifest-outside-repo|path-outside-lesson)\]/,
    );
    writeFileSync(join(dir, 'l.yaml'), lesson('meshwalk:lessons/01-into-the-mesh.yaml'));
    expect((await meshwalk(['lint', 'l.yaml'], dir)).code).toBe(1);
  });
});
