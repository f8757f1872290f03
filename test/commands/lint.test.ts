// The built CLI, as `npx meshwalk lint` runs it: exact lines, exit codes, --json, usage errors.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { meshwalk as inProcess } from '../support/meshwalk.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(repo, 'test', 'lesson', 'fixtures');
const cli = join(repo, 'dist', 'cli.js');

async function meshwalk(args: string[], cwd = fixtures) {
  const r = await inProcess(args, { cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('meshwalk lint', () => {
  it('exits 0 on the lessons and manifests shipped with meshwalk', async () => {
    const r = await meshwalk(['lint']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^meshwalk lint: \d+ files checked, no problems\n$/);
    expect(r.code).toBe(0);
  });

  it('prints every problem of a file as file:line:col message [code], paths relative to cwd', async () => {
    const r = await meshwalk(['lint', 'bad/lessons/unknown-key.yaml', 'bad/lessons/shell-syntax.yaml']);
    expect(r.stdout).toBe(
      [
        'bad/lessons/shell-syntax.yaml:9:26 a pipe `|` needs a shell: meshwalk runs commands without a shell; split this into steps [shell-syntax]',
        'bad/lessons/shell-syntax.yaml:10:23 command substitution `$(...)` needs a shell: meshwalk runs commands without a shell, so nothing expands it; use a {{VAR}} captured by an earlier step [shell-syntax]',
        'bad/lessons/shell-syntax.yaml:11:33 `&&` needs a shell: meshwalk runs commands without a shell; split this into steps [shell-syntax]',
        'bad/lessons/shell-syntax.yaml:12:26 a redirection `>` needs a shell: meshwalk runs commands without a shell; split this into steps [shell-syntax]',
        'bad/lessons/unknown-key.yaml:8:5 unknown key `runn`; did you mean `run`? [unknown-key]',
        'bad/lessons/unknown-key.yaml:11:17 unknown key `exitcode`; did you mean `exitCode`? [unknown-key]',
        'bad/lessons/unknown-key.yaml:12:7 unknown key `timout`; did you mean `timeout`? [unknown-key]',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('meshwalk lint: 7 problems in 2 files (2 files checked)\n');
    expect(r.code).toBe(1);
  });

  it('reports an alias bomb, a too-deep file and a manifest problem without a stack trace', async () => {
    const r = await meshwalk(['lint', 'bad/lessons/alias-bomb.yaml', 'bad/lessons/too-deep.yaml', 'bad/manifests']);
    expect(r.stdout).toBe(
      [
        'bad/lessons/alias-bomb.yaml:6:8 aliases expand to too much data (over 100x); write the values out instead [alias-limit]',
        'bad/lessons/too-deep.yaml:5:71 the YAML nests more than 64 levels deep; flatten it [too-deep]',
        'bad/manifests/not-k8s.yaml:4:3 `metadata.name` must be a non-empty string [manifest-not-k8s]',
        'bad/manifests/not-k8s.yaml:7:1 not a Kubernetes object: expected a map with apiVersion, kind and metadata.name [manifest-not-k8s]',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(1);
  });

  it('refuses a file over the size limit in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshwalk-lint-'));
    writeFileSync(join(dir, 'huge.yaml'), `id: huge\n#${'x'.repeat(300 * 1024)}\n`);
    const r = await meshwalk(['lint', 'huge.yaml'], dir);
    expect(r.stdout).toBe(
      'huge.yaml:1:1 the file is 301 KiB, over the 256 KiB limit; split it into smaller files [file-too-large]\n',
    );
    expect(r.code).toBe(1);
  });

  it('checks a whole folder, exit 1, and prints JSON for editors', async () => {
    const r = await meshwalk(['lint', '--json', 'bad']);
    const out = JSON.parse(r.stdout) as {
      files: number;
      problems: { file: string; line: number; col: number; code: string; message: string }[];
    };
    expect(out.files).toBe(16);
    expect(out.problems).toHaveLength(35);
    expect(out.problems[0]).toEqual({
      file: 'bad/lessons/alias-bomb.yaml',
      line: 6,
      col: 8,
      code: 'alias-limit',
      message: 'aliases expand to too much data (over 100x); write the values out instead',
    });
    expect(new Set(out.problems.map((p) => p.code))).toEqual(
      new Set([
        'alias-limit',
        'duplicate-key',
        'duplicate-step-id',
        'manifest-missing',
        'manifest-not-k8s',
        'manifest-outside-repo',
        'missing-field',
        'shell-syntax',
        'too-deep',
        'unbalanced-quote',
        'undefined-var',
        'unknown-key',
        'unknown-prerequisite',
        'wrong-type',
        'invalid-value',
        'yaml-syntax',
      ]),
    );
    expect(r.code).toBe(1);
  });

  it('exits 0 on a clean folder', async () => {
    const r = await meshwalk(['lint', 'valid']);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', 'meshwalk lint: 3 files checked, no problems\n']);
  });

  it('gives the same output on worker threads as on one thread (60 lessons, some broken)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshwalk-lint-many-'));
    mkdirSync(join(dir, 'lessons'));
    for (let i = 0; i < 60; i++) {
      const bad = i % 7 === 0 ? '    runn: x\n' : i % 11 === 0 ? '    run: kubectl get pods | wc\n' : '';
      const requires = i > 0 ? `requires: [l-${i - 1}${i % 13 === 0 ? ', nope' : ''}]\n` : '';
      writeFileSync(
        join(dir, 'lessons', `l-${String(i).padStart(2, '0')}.yaml`),
        `id: l-${i}\ntitle: L${i}\nsummary: S\nistio: ["1.24"]\n${requires}steps:\n  - id: a\n    title: A\n${bad}`,
      );
    }
    const env = (threads: string) =>
      spawnSync(process.execPath, [cli, 'lint', '.'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, MESHWALK_LINT_THREADS: threads },
      });
    const one = env('1');
    const two = env('2');
    expect(one.stdout.split('\n').length).toBeGreaterThan(15);
    expect([two.status, two.stdout, two.stderr]).toEqual([one.status, one.stdout, one.stderr]);
  });

  it('answers --help, an unknown flag and a missing path', async () => {
    expect((await meshwalk(['lint', '--help'])).stdout).toMatch(/^Usage: meshwalk lint \[PATH\.\.\.\] \[--json\]/);
    const flag = await meshwalk(['lint', '--jsn']);
    expect([flag.code, flag.stderr.split('\n').length]).toEqual([2, 2]);
    expect(flag.stderr).toMatch(/^meshwalk lint: unknown option '--jsn'/);
    expect(await meshwalk(['lint', 'nope.yaml'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'meshwalk lint: no such file or folder: nope.yaml\n',
    });
  });
});
