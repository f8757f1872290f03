// Lessons are untrusted input: no control character reaches the terminal, every limit says so in
// one line with its exit code, and nothing hangs. Through the CLI's entry point in this process,
// and through the built CLI where a hang is the risk (a process can be killed at its timeout).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { meshwalk as inProcess } from '../support/meshwalk.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(repo, 'dist', 'cli.js');

async function meshwalk(args: string[], cwd: string) {
  const home = mkdtempSync(join(tmpdir(), 'meshwalk-home-'));
  const r = await inProcess(args, { cwd, env: { ...process.env, MESHWALK_HOME: home } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, out: r.stdout + r.stderr };
}

function meshwalkProcess(args: string[], cwd: string, timeout: number) {
  const home = mkdtempSync(join(tmpdir(), 'meshwalk-home-'));
  // SIGKILL: a process stuck in a regex cannot run its SIGTERM handlers, and would outlive the timeout.
  const env = { ...process.env, MESHWALK_HOME: home };
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout, killSignal: 'SIGKILL', env });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, out: r.stdout + r.stderr };
}

/** A folder holding lessons/ and manifests/ from an inline file map. */
function repoWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'meshwalk-untrusted-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

/** A control character a terminal acts on: C0 but newline and tab, DEL, C1. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to find control characters
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

const escapes = `id: escapes
title: "Clipboard \\e]52;c;cm0gLXJmIH4=\\a title"
summary: "Window \\e]0;pwned\\a and a link \\e]8;;http://evil\\e\\\\here\\e]8;;\\e\\\\"
istio: ["1.24"]
steps:
  - id: one
    title: "Clear \\e[2J the screen"
    text: "Over\\rwrite and \\x9b31m C1"
    run: kubectl get namespaces
`;

describe('terminal safety', () => {
  it('lint reports each control character at file:line:col, and prints none itself', async () => {
    const root = repoWith({ 'lessons/escapes.yaml': escapes, 'lessons/\x1b]0;name\x07.yaml': 'id: [' });
    const r = await meshwalk(['lint', 'lessons'], root);
    expect(r.out).not.toMatch(CONTROL);
    expect(r.stdout.split('\n').filter((l) => l.includes('[control-character]'))).toEqual([
      'lessons/escapes.yaml:2:19 `title` holds the control character ESC (U+001B) (and 1 more), which a terminal would act on; remove it [control-character]',
      'lessons/escapes.yaml:3:18 `summary` holds the control character ESC (U+001B) (and 5 more), which a terminal would act on; remove it [control-character]',
      'lessons/escapes.yaml:7:19 `title` holds the control character ESC (U+001B), which a terminal would act on; remove it [control-character]',
      'lessons/escapes.yaml:8:16 `text` holds the control character CR (U+000D) (and 1 more), which a terminal would act on; remove it [control-character]',
    ]);
    // The file name is shown with visible marks; --json keeps it exact, as JSON escapes.
    expect(r.stdout).toContain('lessons/␛]0;name␇.yaml:1:');
    const json = await meshwalk(['lint', 'lessons', '--json'], root);
    expect(json.stdout).not.toMatch(CONTROL);
    const files = (JSON.parse(json.stdout) as { problems: { file: string }[] }).problems.map((p) => p.file);
    expect(files).toContain('lessons/\x1b]0;name\x07.yaml');
    expect(r.code).toBe(1);
  });

  it('list, run and check refuse the lesson without printing its escapes', async () => {
    const root = repoWith({ 'lessons/escapes.yaml': escapes });
    for (const args of [
      ['list', 'lessons'],
      ['run', 'escapes', '--yes', '--cluster', 'sim', '--lessons', 'lessons'],
      ['check', '--lessons', 'lessons'],
    ]) {
      const r = await meshwalk(args, root);
      expect(r.out, args.join(' ')).not.toMatch(CONTROL);
      expect(r.code, args.join(' ')).toBe(1);
    }
  });

  it('command output shown by run and check keeps no escape (a manifest holds them)', async () => {
    const root = repoWith({
      'manifests/banner.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: banner, namespace: default}
data:
  motd: "hi \\e]52;c;aGk=\\a \\e]0;pwned\\a \\e[2J \\x9b31m \\rover"
`,
      'lessons/banner.yaml': `id: banner
title: Banner
summary: Output with escapes.
istio: ["1.24"]
steps:
  - id: apply
    title: Apply the banner
    apply: manifests/banner.yaml
  - id: show
    title: Show it
    run: kubectl get configmap banner -n default -o jsonpath={.data.motd}
    verify:
      run: kubectl get configmap banner -n default -o jsonpath={.data.motd}
      expect: {regex: "nothing like this"}
      timeout: 1s
`,
    });
    const run = await meshwalk(['run', 'banner', '--yes', '--cluster', 'sim', '--lessons', 'lessons'], root);
    expect(run.stdout).toContain('hi ␛]52;c;aGk=␇ ␛]0;pwned␇ ␛[2J \\u009b31m \nover');
    const check = await meshwalk(['check', '--lessons', 'lessons'], root);
    const json = await meshwalk(['check', '--lessons', 'lessons', '--json'], root);
    for (const r of [run, check, json]) {
      expect(r.out).not.toMatch(CONTROL);
      expect(r.code).toBe(1);
    }
    const outputs = json.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string; chunk?: string });
    expect(outputs.find((e) => e.type === 'CommandOutput' && e.chunk?.startsWith('hi'))?.chunk).toBe(
      'hi \x1b]52;c;aGk=\x07 \x1b]0;pwned\x07 \x1b[2J \x9b31m \rover',
    );
  });
});

describe('limits that say so', () => {
  it('a lesson over the step limit is a lint error, and run and check refuse it with that line', async () => {
    const steps = Array.from({ length: 7700 }, (_, i) => `  - {id: s${i}, title: Step ${i}}`).join('\n');
    const root = repoWith({
      'lessons/big.yaml': `id: big\ntitle: Big\nsummary: Many steps.\nistio: ["1.24"]\nsteps:\n${steps}\n`,
    });
    const line =
      'lessons/big.yaml:5:1 the lesson has 7700 steps, over the limit of 500; split it into lessons chained with `requires:` [too-many-steps]';
    const lint = await meshwalk(['lint', 'lessons'], root);
    expect([lint.code, lint.stdout]).toEqual([1, `${line}\n`]);
    const run = await meshwalk(['run', 'big', '--yes', '--cluster', 'sim', '--lessons', 'lessons'], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(line.replace('lessons/big.yaml', join(root, 'lessons/big.yaml')));
    expect(run.stdout).not.toContain('Step 1 of');
    const check = await meshwalk(['check', 'big', '--lessons', 'lessons'], root);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('the lesson has 7700 steps, over the limit of 500');
  });

  it('a catastrophic verify regex finishes within its timeout and reports the failure', async () => {
    const root = repoWith({
      'lessons/redos.yaml': `id: redos
title: Redos
summary: A pattern that backtracks exponentially in JavaScript.
istio: ["1.24"]
setup:
  - run: kubectl create namespace ${'a'.repeat(40)}
steps:
  - id: slow
    title: Slow
    verify:
      run: kubectl get namespaces -o name
      expect: {regex: "^namespace/(a|a)+b"}
      timeout: 1s
`,
    });
    const r = meshwalkProcess(['check', '--lessons', 'lessons'], root, 25_000);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('step slow failed: expected output matching /^namespace/(a|a)+b/');
  }, 30_000);

  it('lint refuses a backreference or lookaround, with the reason', async () => {
    const root = repoWith({
      'lessons/re.yaml': `id: re
title: Re
summary: Patterns RE2 cannot run.
istio: ["1.24"]
steps:
  - id: a
    title: A
    verify: {run: kubectl get ns, expect: {regex: "(a)\\\\1"}}
  - id: b
    title: B
    verify: {run: kubectl get ns, expect: {regex: "foo(?!bar)"}}
`,
    });
    const r = await meshwalk(['lint', 'lessons'], root);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      'lessons/re.yaml:8:51 `regex` uses a backreference (`\\1`, `\\k<name>`), which linear-time matching (RE2) cannot do; match the text itself [unsupported-regex]',
      'lessons/re.yaml:11:51 `regex` uses lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`), which linear-time matching (RE2) cannot do; use `notContains` or a capture group [unsupported-regex]',
    ]);
  });

  it('lint answers a FIFO and a symlink to /dev/zero in one line each, without hanging or reading them', async () => {
    const root = repoWith({});
    mkdirSync(join(root, 'lessons'));
    expect(spawnSync('mkfifo', [join(root, 'lessons', 'pipe.yaml')]).status).toBe(0);
    symlinkSync('/dev/zero', join(root, 'lessons', 'zero.yaml'));
    const r = meshwalkProcess(['lint', 'lessons'], root, 15_000);
    expect(r.signal).toBeNull();
    expect(r.stdout).toBe(
      [
        'lessons/pipe.yaml:1:1 is a named pipe (FIFO), not a regular file; lessons and manifests are read from files only [read-error]',
        'lessons/zero.yaml:1:1 is a character device, not a regular file; lessons and manifests are read from files only [read-error]',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(1);
  });
});

describe('bad flag values are usage errors up front', () => {
  it('refuses an unwritable --junit path before any step runs', async () => {
    const root = repoWith({});
    mkdirSync(join(root, 'a-folder'));
    for (const [path, why] of [
      ['/no/such/dir/r.xml', 'the folder /no/such/dir does not exist'],
      ['a-folder', 'it is a folder'],
    ]) {
      const r = await meshwalk(['check', '--junit', path as string], root);
      expect([r.code, r.stdout, r.stderr]).toEqual([
        2,
        '',
        `meshwalk check: cannot write the JUnit report to ${path}: ${why}\n`,
      ]);
    }
    expect(existsSync('/no/such/dir')).toBe(false);
  });

  it('refuses --propagation out of range in one line, exit 2, for run, check, sim and the TUI', async () => {
    const root = repoWith({});
    for (const args of [['check'], ['run', 'into-the-mesh', '--yes'], ['sim'], []]) {
      const r = await meshwalk(
        [...args, '--propagation', '700000', ...(args[0] === 'sim' ? ['--', 'kubectl', 'get', 'ns'] : [])],
        root,
      );
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /^meshwalk(?: \w+)?: --propagation takes milliseconds from 0 to 60000 \(verifications give up after 60 s\), not "700000"\n$/,
      );
    }
  });
});
