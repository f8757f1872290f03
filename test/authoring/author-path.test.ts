import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, meshwalk, repo, scratch } from './cli.js';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe('an author following docs/lesson-format.md', () => {
  it('scaffolds a lesson that passes lint and check at once, with the installed schema on its first line', async () => {
    const dir = scratch();
    const made = await meshwalk(['new', 'lesson', 'lock-books'], dir);
    expect(made.code).toBe(0);
    const text = readFileSync(join(dir, 'lock-books', 'lock-books.yaml'), 'utf8');
    const schema = /^# yaml-language-server: \$schema=(.+)$/m.exec(text)?.[1] ?? '';
    expect(schema).toBe(join(repo, 'schema', 'lesson.schema.json'));
    expect(existsSync(schema)).toBe(true);
    expect(text).toMatch(/before: \{ status: 200 \}/);
    expect(await meshwalk(['lint', 'lock-books'], dir)).toMatchObject({ code: 0, stdout: '' });
    const checked = await meshwalk(['check', '--lessons', 'lock-books', '--cluster', 'sim'], dir);
    expect(checked.stdout).toMatch(/PASS: 1 of 1 lessons passed \(2 steps verified\)/);
    expect(checked.code).toBe(0);
  });

  it('refuses a bad id and a folder that is not empty', async () => {
    const dir = scratch();
    expect((await meshwalk(['new', 'lesson', 'Bad_Id'], dir)).code).toBe(2);
    mkdirSync(join(dir, 'taken'));
    writeFileSync(join(dir, 'taken', 'x'), '');
    expect(await meshwalk(['new', 'lesson', 'ok', '--dir', 'taken'], dir)).toMatchObject({
      code: 2,
      stderr: 'meshwalk new: taken is not empty; give another --dir\n',
    });
  });

  it('edits it to build on a shipped lesson and manifest, previews it, and checks it', async () => {
    const dir = scratch();
    await meshwalk(['new', 'lesson', 'after-intro', '--dir', 'mine'], dir);
    const file = join(dir, 'mine', 'after-intro.yaml');
    const edited = readFileSync(file, 'utf8')
      .replace('# requires: [into-the-mesh]', 'requires: [into-the-mesh]')
      .replace(
        '  - id: deploy-books',
        '  - id: outside-client\n    title: A client outside the mesh\n    apply: { file: "meshwalk:manifests/apps/sleep-nosa.yaml", namespace: intro-outside }\n\n  - id: deploy-books',
      );
    writeFileSync(file, edited);
    expect(await meshwalk(['lint', 'mine'], dir)).toMatchObject({ code: 0, stdout: '' });
    const listed = await meshwalk(['list', '--lessons', 'mine', '--json'], dir);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ id: 'after-intro', requires: ['into-the-mesh'], steps: 3 }]);
    const checked = await meshwalk(['check', '--lessons', 'mine', '--cluster', 'sim'], dir);
    expect(checked.stdout).toContain('Also running prerequisites first: into-the-mesh');
    expect(checked.stdout).toMatch(/PASS: 2 of 2 lessons passed/);
    expect(checked.code).toBe(0);
  });

  it.runIf(hasScript)('opens the TUI on --lessons DIR and lists the lesson beside the shipped ones', async () => {
    const dir = scratch();
    await meshwalk(['new', 'lesson', 'lock-books', '--dir', 'mine'], dir);
    const command = `sleep 3; printf q`;
    const r = spawnSync(
      'sh',
      [
        '-c',
        `(${command}) | script -qec "'${process.execPath}' '${cli}' --plain --cluster sim --lessons mine" /dev/null`,
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, MESHWALK_HOME: join(dir, '.home'), NO_COLOR: '1' },
      },
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal escapes script records
    const screen = r.stdout.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\r\n]/g, '');
    expect(screen).toContain('Lock down the books API');
    expect(screen).toContain('Into the mesh');
  });

  it('gives the TUI the same --lessons flag as every command (no unknown-option error)', async () => {
    const dir = scratch();
    await meshwalk(['new', 'lesson', 'lock-books', '--dir', 'mine'], dir);
    const r = await meshwalk(['--lessons', 'mine'], dir);
    expect(r.stderr).toContain('needs a terminal');
    expect(await meshwalk(['--lessons', 'nowhere'], dir)).toMatchObject({
      code: 2,
      stderr: 'meshwalk tui: no such folder: nowhere\n',
    });
    for (const command of ['tui', 'run', 'check', 'list', 'lint', 'progress', 'reset']) {
      expect((await meshwalk([command, '--help'], dir)).stdout).toMatch(/--lessons DIR/);
    }
  });
});
