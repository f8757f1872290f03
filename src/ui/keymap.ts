/**
 * Every key the TUI understands, as data. The input hook dispatches from this table and the
 * footer and the help overlay print from it, so the help cannot disagree with the keys.
 */
import type { Key } from 'ink';

/** What the learner asks for. run…cancel go to the engine; the rest move the UI or end it. */
export type Intent =
  | 'run'
  | 'retry'
  | 'rerun'
  | 'next'
  | 'previous'
  | 'skip'
  | 'hint'
  | 'cancel'
  | 'quit'
  | 'interrupt'
  | 'help'
  | 'manifest'
  | 'why'
  | 'token'
  | 'cleanup'
  | 'lessons'
  | 'scrollUp'
  | 'scrollDown'
  | 'pageUp'
  | 'pageDown'
  | 'pickUp'
  | 'pickDown'
  | 'open'
  | 'yes'
  | 'no'
  | 'dismiss';

/** Which screen is taking keys; `confirm` while a question waits for y or n. */
export type Mode = 'picker' | 'step' | 'help' | 'confirm';

/** A key as ink reports it: a printable character, a named key, or Ctrl plus a letter. */
export type KeySpec = { char: string } | { special: SpecialKey } | { ctrl: string };
export type SpecialKey = 'return' | 'escape' | 'upArrow' | 'downArrow' | 'pageUp' | 'pageDown';

export interface Binding {
  key: KeySpec;
  /** How the key is written on screen, e.g. `r`, `Enter`, `↑`. */
  display: string;
  intent: Intent;
  /** One or two words for the footer, e.g. `run`. */
  label: string;
  /** One line for the help overlay. */
  help: string;
  modes: readonly Mode[];
  /** Shown in the footer when enabled; otherwise only in the help overlay. Default: false. */
  footer?: boolean;
}

const c = (char: string): KeySpec => ({ char });
const s = (special: SpecialKey): KeySpec => ({ special });

/**
 * The table. Order matters twice: the first enabled binding for a key wins, and the footer
 * lists keys in this order. `r` is run, retry and run again; only one of them is enabled at a time.
 */
export const KEYMAP: readonly Binding[] = [
  {
    key: c('r'),
    display: 'r',
    intent: 'run',
    label: 'run',
    help: "run this step's command and verify it",
    modes: ['step'],
    footer: true,
  },
  {
    key: c('r'),
    display: 'r',
    intent: 'retry',
    label: 'retry',
    help: 'after a failure: repeat what failed (command or check)',
    modes: ['step'],
    footer: true,
  },
  {
    key: c('r'),
    display: 'r',
    intent: 'rerun',
    label: 'run again',
    help: 'on a done step: run it again, command and check (asks first)',
    modes: ['step'],
    footer: true,
  },
  {
    key: c('y'),
    display: 'y',
    intent: 'yes',
    label: 'yes',
    help: 'yes, do it',
    modes: ['confirm'],
    footer: true,
  },
  {
    key: c('n'),
    display: 'n',
    intent: 'no',
    label: 'no',
    help: 'no, leave it as it is',
    modes: ['confirm'],
    footer: true,
  },
  { key: s('escape'), display: 'Esc', intent: 'no', label: 'no', help: 'no, leave it as it is', modes: ['confirm'] },
  {
    key: s('escape'),
    display: 'Esc',
    intent: 'cancel',
    label: 'cancel',
    help: 'stop the command or verification in progress',
    modes: ['step'],
    footer: true,
  },
  {
    key: c('n'),
    display: 'n',
    intent: 'next',
    label: 'next',
    help: 'go to the next step',
    modes: ['step'],
    footer: true,
  },
  {
    key: c('p'),
    display: 'p',
    intent: 'previous',
    label: 'prev',
    help: 'go back to the previous step',
    modes: ['step'],
    footer: true,
  },
  {
    key: c('h'),
    display: 'h',
    intent: 'hint',
    label: 'hint',
    help: 'show the next hint (the last one gives the answer away)',
    modes: ['step'],
    footer: true,
  },
  {
    key: c('s'),
    display: 's',
    intent: 'skip',
    label: 'skip',
    help: 'let meshwalk do the step (runs its solution, then checks it)',
    modes: ['step'],
    footer: true,
  },
  {
    key: c('m'),
    display: 'm',
    intent: 'manifest',
    label: 'manifest',
    help: 'show or hide the manifest this step applies',
    modes: ['step'],
    footer: true,
  },
  {
    key: c('w'),
    display: 'w',
    intent: 'why',
    label: 'why?',
    help: 'explain why the last request was allowed, denied or reset',
    modes: ['step'],
    footer: true,
  },
  {
    key: c('t'),
    display: 't',
    intent: 'token',
    label: 'token',
    help: 'on a step that uses a token: its claims, and which ones the policies check (or hide them)',
    modes: ['step'],
    footer: true,
  },
  {
    key: s('upArrow'),
    display: '↑',
    intent: 'scrollUp',
    label: 'scroll',
    help: 'scroll the command output up',
    modes: ['step'],
  },
  {
    key: s('downArrow'),
    display: '↓',
    intent: 'scrollDown',
    label: 'scroll',
    help: 'scroll the command output down',
    modes: ['step'],
  },
  {
    key: s('pageUp'),
    display: 'PgUp',
    intent: 'pageUp',
    label: 'page',
    help: 'scroll the explanation (or manifest) up',
    modes: ['step'],
  },
  {
    key: s('pageDown'),
    display: 'PgDn',
    intent: 'pageDown',
    label: 'page',
    help: 'scroll the explanation (or manifest) down',
    modes: ['step'],
  },
  {
    key: c('c'),
    display: 'c',
    intent: 'cleanup',
    label: 'clean up',
    help: 'when the lesson is complete: remove what it made (its cleanup; asks first)',
    modes: ['step'],
    footer: true,
  },
  {
    key: c('l'),
    display: 'l',
    intent: 'lessons',
    label: 'lessons',
    help: 'back to the lesson list (progress is kept)',
    modes: ['step'],
    footer: true,
  },
  {
    key: s('upArrow'),
    display: '↑',
    intent: 'pickUp',
    label: 'up',
    help: 'select the lesson above',
    modes: ['picker'],
  },
  {
    key: s('downArrow'),
    display: '↓',
    intent: 'pickDown',
    label: 'down',
    help: 'select the lesson below',
    modes: ['picker'],
  },
  { key: c('k'), display: 'k', intent: 'pickUp', label: 'up', help: 'select the lesson above', modes: ['picker'] },
  { key: c('j'), display: 'j', intent: 'pickDown', label: 'down', help: 'select the lesson below', modes: ['picker'] },
  {
    key: s('return'),
    display: 'Enter',
    intent: 'open',
    label: 'open',
    help: 'open the selected lesson where you left it',
    modes: ['picker'],
    footer: true,
  },
  {
    key: c('x'),
    display: 'x',
    intent: 'dismiss',
    label: 'dismiss',
    help: "in a room: hide the instructor's message (a new one shows again)",
    modes: ['picker', 'step'],
    footer: true,
  },
  {
    key: c('?'),
    display: '?',
    intent: 'help',
    label: 'help',
    help: 'show or hide this list of keys',
    modes: ['picker', 'step', 'help'],
    footer: true,
  },
  {
    key: s('escape'),
    display: 'Esc',
    intent: 'help',
    label: 'close',
    help: 'close this help',
    modes: ['help'],
    footer: true,
  },
  {
    key: c('q'),
    display: 'q',
    intent: 'quit',
    label: 'quit',
    help: 'quit (progress is saved after every step)',
    modes: ['picker', 'step', 'help'],
    footer: true,
  },
  {
    key: { ctrl: 'c' },
    display: 'Ctrl-C',
    intent: 'interrupt',
    label: 'quit',
    help: 'quit at once, stopping any running command',
    modes: ['picker', 'step', 'help', 'confirm'],
  },
];

/** True when the key ink reported is the one `spec` names. */
export function keyMatches(spec: KeySpec, input: string, key: Key): boolean {
  if ('ctrl' in spec) return key.ctrl && input === spec.ctrl;
  if ('special' in spec) return key[spec.special];
  return !key.ctrl && !key.meta && input === spec.char;
}

/** The binding a key press triggers in `mode`, given which intents are enabled right now. */
export function bindingFor(input: string, key: Key, mode: Mode, enabled: ReadonlySet<Intent>): Binding | undefined {
  return KEYMAP.find((b) => b.modes.includes(mode) && enabled.has(b.intent) && keyMatches(b.key, input, key));
}

/** The footer's entries: enabled, footer-worthy, one per intent, in table order. */
export function footerBindings(mode: Mode, enabled: ReadonlySet<Intent>): Binding[] {
  const seen = new Set<Intent>();
  return KEYMAP.filter((b) => {
    if (!b.footer || !b.modes.includes(mode) || !enabled.has(b.intent) || seen.has(b.intent)) return false;
    seen.add(b.intent);
    return true;
  });
}

/** Every binding of a mode, for the help overlay (enabled or not: help lists what exists). */
export function helpBindings(mode: Mode): Binding[] {
  const seen = new Set<string>();
  return KEYMAP.filter((b) => {
    const id = `${b.display}:${b.intent}`;
    if (!b.modes.includes(mode) || seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
