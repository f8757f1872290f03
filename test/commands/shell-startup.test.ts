// The prompt marker through each shell's own startup mechanism, with the learner's startup files
// run first: each shell is started interactive (-i) on the files writeStartup wrote, reading a
// script from standard input, and prints its prompt and what `kubectl` is.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { shellKind, writeStartup, type ShellKind } from '../../src/commands/shell-startup.js';
import { tmp } from './shell-run.js';

const found = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();

/** Each shell: its path, the learner's startup file that also puts /usr/bin first, and the script. */
const cases: [string, string, string, string][] = [
  [
    'bash',
    '.bashrc',
    "PS1='mine$ '\nPATH=/usr/bin:$PATH\n",
    'echo "prompt=$PS1"; echo "kubectl=$(command -v kubectl)"\n',
  ],
  [
    'zsh',
    '.zshrc',
    "PROMPT='mine%% '\nPATH=/usr/bin:$PATH\n",
    'echo "prompt=$PROMPT"; echo "kubectl=$(command -v kubectl)"\n',
  ],
  [
    'dash',
    '.shrc',
    "PS1='mine$ '\nPATH=/usr/bin:$PATH\n",
    'echo "prompt=$PS1"; echo "kubectl=$(command -v kubectl)"\n',
  ],
  [
    'fish',
    '.config/fish/config.fish',
    'set -gx PATH /usr/bin $PATH\n',
    'echo "prompt="(fish_prompt); echo "kubectl="(command -v kubectl)\n',
  ],
];

describe.each(cases)('%s', (name, rcName, rcText, script) => {
  const path = found(name);
  test.skipIf(!path)('runs the learner’s startup file, then puts the marker in front and the stand-ins first', () => {
    const home = tmp('mw-startup-');
    const dir = tmp('mw-private-');
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'kubectl'), '#!/bin/sh\n', { mode: 0o755 });
    mkdirSync(join(home, rcName, '..'), { recursive: true });
    writeFileSync(join(home, rcName), rcText);
    const env: Record<string, string> = { HOME: home, PATH: `${bin}:/usr/bin:/bin`, TERM: 'dumb' };
    // The learner's own $ENV file, for sh.
    if (name === 'dash') env.ENV = join(home, '.shrc');
    const kind: ShellKind = shellKind(path);
    const startup = writeStartup(kind, dir, { label: 'sim', pathFirst: bin }, env);
    // From a file: fish 3.6 cannot read a script from the socket node makes for `input`.
    const file = join(dir, 'script');
    writeFileSync(file, script);
    const stdin = openSync(file, 'r');
    const r = spawnSync(path, [...startup.args, '-i'], {
      stdio: [stdin, 'pipe', 'pipe'],
      env: { ...env, ...startup.env },
      encoding: 'utf8',
      cwd: home,
    });
    closeSync(stdin);
    // An interactive fish writes terminal modes (bracketed paste, title) around its lines.
    const lines = r.stdout.split('\n').map((l) => l.replace(/^.*?(?=(?:prompt|kubectl)=)/, ''));
    const prompt = lines.find((l) => l.startsWith('prompt='));
    expect(prompt, r.stderr).toMatch(/^prompt=\(meshwalk sim\) /);
    if (name !== 'fish') expect(prompt).toContain('mine');
    expect(lines).toContain(`kubectl=${join(bin, 'kubectl')}`);
  });
});

test('the kind of shell is read from its file name', () => {
  expect(['/bin/bash', '-zsh', '/usr/bin/dash', '/bin/sh', '/usr/local/bin/fish', '/bin/tcsh'].map(shellKind)).toEqual([
    'bash',
    'zsh',
    'sh',
    'sh',
    'fish',
    'other',
  ]);
});
