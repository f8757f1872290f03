import type { Key } from 'ink';

/** A key as the keymap reads it: what ink would report had it arrived alone. */
export interface KeyPress {
  input: string;
  key: Key;
}

const NAMED: readonly (keyof Key)[] = [
  'upArrow',
  'downArrow',
  'leftArrow',
  'rightArrow',
  'pageUp',
  'pageDown',
  'home',
  'end',
  'return',
  'escape',
  'tab',
  'backspace',
  'delete',
];

/**
 * The keys in one input event. ink separates escape sequences itself but hands a run of
 * printable characters that arrived in one read (typed fast, sent by tmux, pasted) as one
 * string; the learner pressed each of them, so each is a key of its own, in order. A chunk
 * with Ctrl, Meta or a named key is already one key.
 */
export function keysIn(input: string, key: Key): KeyPress[] {
  const chars = [...input];
  if (chars.length <= 1 || key.ctrl || key.meta || NAMED.some((k) => key[k] === true)) return [{ input, key }];
  return chars.map((c) => ({
    input: c,
    key: { ...key, shift: /[A-Z]/.test(c) },
  }));
}
