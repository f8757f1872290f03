/**
 * How `meshwalk shell` starts the learner's own shell with a prompt marker, through each shell's
 * own startup mechanism, after the learner's startup files (so their aliases and prompt stay):
 * - bash: `--rcfile FILE`, which sources ~/.bashrc first (bash(1), INVOCATION);
 * - zsh: `ZDOTDIR` pointing at a folder whose .zshenv and .zshrc source the learner's (zsh(1), STARTUP/SHUTDOWN FILES);
 * - sh, dash, ksh, ash: `ENV`, read by interactive POSIX shells (POSIX sh, ENVIRONMENT VARIABLES);
 * - fish: `--init-command`, run after fish's own configuration (fish(1)).
 * After them the binding is set again (PATH first, KUBECONFIG), in case a startup file changed
 * it. Other shells start with the binding in their environment and their prompt unchanged.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { shQuote } from '../sim/shims.js';

export type ShellKind = 'bash' | 'zsh' | 'sh' | 'fish' | 'other';

/** The kind of shell a path names, by its file name (`-bash` as login shells show it too). */
export function shellKind(path: string): ShellKind {
  const name = basename(path).replace(/^-/, '');
  if (name === 'bash') return 'bash';
  if (name === 'zsh') return 'zsh';
  if (name === 'fish') return 'fish';
  if (['sh', 'dash', 'ash', 'ksh', 'mksh', 'ksh93', 'busybox'].includes(name)) return 'sh';
  return 'other';
}

export interface Binding {
  /** The label in the marker: `sim`, or the kube context's name. */
  label: string;
  /** A folder to put first on PATH (this meshwalk, the simulated cluster's stand-ins). Default: PATH unchanged. */
  pathFirst?: string;
  /** The one-context kubeconfig (a real cluster). Default: KUBECONFIG unchanged. */
  kubeconfig?: string;
}

export interface Startup {
  /** Arguments for the shell. */
  args: string[];
  /** Variables to add to the shell's environment. */
  env: Record<string, string>;
}

/** The marker put in front of the prompt, e.g. `(meshwalk sim) `. The label shows only safe characters. */
export function promptMarker(label: string): string {
  return `(meshwalk ${label.replace(/[^\w.@:/+-]/g, '?')}) `;
}

/** Writes the startup files `kind` needs into `dir` (private, removed after the shell) and says how to use them. */
export function writeStartup(
  kind: ShellKind,
  dir: string,
  b: Binding,
  env: Record<string, string | undefined>,
): Startup {
  const marker = promptMarker(b.label);
  const posixBinding = [
    ...(b.pathFirst ? [`PATH=${shQuote(b.pathFirst)}:"$PATH"`] : []),
    ...(b.kubeconfig ? [`KUBECONFIG=${shQuote(b.kubeconfig)}; export KUBECONFIG`] : []),
  ];
  switch (kind) {
    case 'bash': {
      const rc = join(dir, 'bashrc');
      const prompt = `__meshwalk_prompt() { case "$PS1" in ${shQuote(marker)}*) ;; *) PS1=${shQuote(marker)}"$PS1" ;; esac; }`;
      write(rc, [
        '# meshwalk shell: your ~/.bashrc first, then the cluster binding and the prompt marker.',
        '[ -f ~/.bashrc ] && . ~/.bashrc',
        ...posixBinding,
        prompt,
        '__meshwalk_prompt',
        // A prompt that is rebuilt before each line (PROMPT_COMMAND themes) keeps the marker too.
        "__meshwalk_nl='",
        "'",
        'PROMPT_COMMAND="${PROMPT_COMMAND:+$PROMPT_COMMAND$__meshwalk_nl}__meshwalk_prompt"',
      ]);
      return { args: ['--rcfile', rc], env: {} };
    }
    case 'zsh': {
      const zdot = join(dir, 'zsh');
      mkdirSync(zdot);
      write(join(zdot, '.zshenv'), [
        '# meshwalk shell: your own .zshenv, then back here for .zshrc.',
        '__meshwalk_zdotdir=$ZDOTDIR',
        'ZDOTDIR=${MESHWALK_USER_ZDOTDIR:-$HOME}',
        '[ -f "$ZDOTDIR/.zshenv" ] && . "$ZDOTDIR/.zshenv"',
        '__meshwalk_user_zdotdir=$ZDOTDIR',
        'ZDOTDIR=$__meshwalk_zdotdir',
      ]);
      write(join(zdot, '.zshrc'), [
        '# meshwalk shell: your own .zshrc, then the cluster binding and the prompt marker.',
        'ZDOTDIR=$__meshwalk_user_zdotdir',
        '[ -f "$ZDOTDIR/.zshrc" ] && . "$ZDOTDIR/.zshrc"',
        ...posixBinding,
        `__meshwalk_prompt() { [[ $PROMPT == ${shQuote(marker)}* ]] || PROMPT=${shQuote(marker)}$PROMPT }`,
        '__meshwalk_prompt',
        'precmd_functions+=(__meshwalk_prompt)',
      ]);
      return {
        args: [],
        env: { ZDOTDIR: zdot, ...(env.ZDOTDIR ? { MESHWALK_USER_ZDOTDIR: env.ZDOTDIR } : {}) },
      };
    }
    case 'sh': {
      const rc = join(dir, 'shrc');
      write(rc, [
        '# meshwalk shell: your own $ENV file first, then the cluster binding and the prompt marker.',
        '[ -n "$MESHWALK_USER_ENV" ] && [ -f "$MESHWALK_USER_ENV" ] && . "$MESHWALK_USER_ENV"',
        ...posixBinding,
        `PS1=${shQuote(marker)}"\${PS1:-\\$ }"`,
      ]);
      return { args: [], env: { ENV: rc, ...(env.ENV ? { MESHWALK_USER_ENV: env.ENV } : {}) } };
    }
    case 'fish': {
      const init = join(dir, 'init.fish');
      write(init, [
        '# meshwalk shell: after your fish configuration, the cluster binding and the prompt marker.',
        ...(b.pathFirst ? [`set -gx PATH ${fishQuote(b.pathFirst)} $PATH`] : []),
        ...(b.kubeconfig ? [`set -gx KUBECONFIG ${fishQuote(b.kubeconfig)}`] : []),
        'if functions -q fish_prompt',
        '    functions -c fish_prompt __meshwalk_fish_prompt',
        `    function fish_prompt; printf '%s' ${fishQuote(marker)}; __meshwalk_fish_prompt; end`,
        'end',
      ]);
      return { args: ['--init-command', `source ${fishQuote(init)}`], env: {} };
    }
    case 'other':
      return { args: [], env: {} };
    default:
      return kind satisfies never;
  }
}

function write(file: string, lines: readonly string[]): void {
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
}

/** Single-quotes a word for fish, where `\'` and `\\` are the only escapes inside quotes. */
function fishQuote(s: string): string {
  return `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}
