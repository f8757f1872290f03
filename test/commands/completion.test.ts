/**
 * `meshwalk completion bash|zsh|fish`: each script is valid for its shell, and completes what
 * meshwalk accepts (commands from the command table, each command's parseArgs flags, lesson ids
 * from `meshwalk list --json`). bash runs for real; zsh and fish when they are installed.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/cli.js';
import { commandSpec } from '../../src/commands/completion/spec.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'mw-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A `meshwalk` on disk that runs the built CLI: what the scripts call for lesson ids. */
const MESHWALK = join(dir, 'meshwalk');
writeFileSync(MESHWALK, `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
chmodSync(MESHWALK, 0o755);

function meshwalk(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status };
}

const scripts = new Map<string, string>();

/** The completion script for `shell`, written once (every completion below sources the same one). */
function script(shell: string): string {
  const written = scripts.get(shell);
  if (written !== undefined) return written;
  const r = meshwalk('completion', shell);
  expect(r.exitCode, r.stderr).toBe(0);
  const file = join(dir, `meshwalk.${shell}`);
  writeFileSync(file, r.stdout);
  scripts.set(shell, file);
  return file;
}

const installed = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;

describe('completion specs, read from the commands', () => {
  it('completes every flag each command parses, and --help', async () => {
    for (const [name, entry] of Object.entries(commands)) {
      const c = await entry.load();
      const spec = commandSpec({ name, summary: entry.summary, usage: c.usage, flags: c.flags });
      expect(spec.flags.map((f) => f.long).sort(), name).toEqual(
        [...new Set([...Object.keys(c.flags), 'help'])].sort(),
      );
    }
  });

  it('reads what flags and arguments take from the usage', () => {
    const spec = commandSpec({
      name: 'check',
      summary: 'run lessons',
      usage: `Usage: meshwalk check [LESSON...] [--cluster sim|current] [--istio 1.Y|all] [--junit FILE]
                      [--lessons DIR]... [--json]

Flags:
  --cluster C    where
  --json         print JSON Lines
  -h, --help     show this help`,
      flags: {
        cluster: { type: 'string' },
        istio: { type: 'string' },
        junit: { type: 'string' },
        lessons: { type: 'string', multiple: true },
        json: { type: 'boolean' },
      },
    });
    const value = (long: string) => spec.flags.find((f) => f.long === long)?.value;
    expect(value('cluster')).toEqual({ kind: 'choices', choices: ['sim', 'current'] });
    expect(value('istio')).toEqual({ kind: 'any' });
    expect(value('junit')).toEqual({ kind: 'files' });
    expect(value('lessons')).toEqual({ kind: 'dirs' });
    expect(spec.flags.find((f) => f.long === 'json')).toMatchObject({
      takesValue: false,
      description: 'print JSON Lines',
    });
    expect(spec.positionals).toEqual([{ kind: 'lessons' }]);
    expect(spec.repeatLast).toBe(true);
  });
});

describe('meshwalk completion', () => {
  it('is in the command table and in --help', () => {
    expect(commands['completion']).toBeDefined();
    expect(meshwalk('--help').stdout).toMatch(/^ {2}completion {2}/m);
    expect(meshwalk('completion', '--help').stdout).toContain(
      'meshwalk completion bash > ~/.local/share/bash-completion/completions/meshwalk',
    );
  });

  it('answers an unknown shell with one line and exit 2', () => {
    const r = meshwalk('completion', 'tcsh');
    expect(r).toMatchObject({ exitCode: 2, stdout: '' });
    expect(r.stderr).toBe(
      "meshwalk completion: unknown shell 'tcsh': bash, zsh or fish (see meshwalk completion --help)\n",
    );
    expect(meshwalk('completion').exitCode).toBe(2);
  });

  it('writes a bash script that bash -n accepts', () => {
    const r = spawnSync('bash', ['-n', script('bash')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  for (const shell of ['zsh', 'fish']) {
    const title = `writes a ${shell} script that ${shell} -n accepts`;
    if (!installed(shell)) {
      it.skip(`${title} (skipped: ${shell} is not installed)`, () => {});
      continue;
    }
    it(title, () => {
      const r = spawnSync(shell, ['-n', script(shell)], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    });
  }
});

describe('bash completion, run for real', () => {
  /** COMPREPLY after completing the last of `words` (the first is the meshwalk program). */
  function complete(...words: string[]): string[] {
    const file = script('bash');
    const program = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _meshwalk; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = spawnSync('bash', ['-c', program, 'bash', file, MESHWALK, ...words], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.split('\n').filter(Boolean);
  }

  it('completes a command: meshwalk ch → check', () => {
    expect(complete('ch')).toEqual(['check']);
  });

  it('completes a flag of the command: meshwalk check --c → --cluster', () => {
    expect(complete('check', '--c')).toEqual(['--cluster']);
  });

  it('completes lesson ids from meshwalk list --json: meshwalk run in → into-the-mesh, ingress-https', () => {
    expect(complete('run', 'in').sort()).toEqual(['ingress-https', 'into-the-mesh']);
  });

  it('completes the values a flag takes, and ids after --lessons DIR', () => {
    expect(complete('check', '--cluster', '')).toEqual(['sim', 'current']);
    expect(complete('completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(complete('check', '--lessons', 'docs/examples/strict-mtls', 'str')).toEqual(['strict-mtls']);
  });

  it('leaves the words after sim -- to the simulated program', () => {
    expect(complete('sim', '--', 'kubectl', '')).toEqual([]);
  });
});

describe('fish completion, run for real', () => {
  const run = installed('fish') ? it : it.skip;
  run(`completes commands, flags and lesson ids${installed('fish') ? '' : ' (skipped: fish is not installed)'}`, () => {
    const file = script('fish');
    const lines = (line: string) => {
      const r = spawnSync('fish', ['-c', `source '${file}'; complete -C '${line}'`], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}` },
      });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]);
    };
    expect(lines('meshwalk ch')).toEqual(['check']);
    expect(lines('meshwalk check --c')).toEqual(['--cluster']);
    expect(lines('meshwalk run in').sort()).toEqual(['ingress-https', 'into-the-mesh']);
  });
});

describe('zsh completion, run with stand-ins for the completion builtins', () => {
  const run = installed('zsh') ? it : it.skip;
  run(`completes commands, flags and lesson ids${installed('zsh') ? '' : ' (skipped: zsh is not installed)'}`, () => {
    const file = script('zsh');
    // compadd and _describe only work inside a completion widget: stand-ins print what they get.
    const program = [
      'compdef() { :; }',
      '_describe() { local n=$2; print -rl -- "${(@P)n}"; }',
      'compadd() { local n=${@[-1]}; print -rl -- "${(@P)n}"; }',
      '_files() { print -r -- "(files)"; }',
      `source '${file}'`,
      'words=("$@"); CURRENT=${#words}; _meshwalk',
    ].join('\n');
    const lines = (...words: string[]) => {
      const r = spawnSync('zsh', ['-f', '-c', program, 'zsh', MESHWALK, ...words], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.split('\n').filter(Boolean);
    };
    expect(lines('ch')).toContain('check:run lessons end to end and verify every step');
    expect(lines('check', '--c')).toContain(
      '--cluster:sim (default) or current (the current kube context, when it is local)',
    );
    // compadd filters by the word typed itself; the stand-in shows every id it is offered.
    expect(lines('run', 'in')).toEqual(expect.arrayContaining(['into-the-mesh', 'ingress-https', 'api-migration']));
    expect(lines('check', '--cluster', '')).toEqual(['sim', 'current']);
  });
});
