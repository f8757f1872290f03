import { controlCharacters } from '../../text/terminal-safe.js';
import type { Path } from '../yaml-source.js';
import type { Rule } from './rule.js';

/**
 * No string of a lesson may hold a control character other than newline and tab: a terminal
 * acts on them (`\e]52;…` writes the clipboard, `\e[2J` clears the screen, `\r` overwrites the
 * line), and bidirectional overrides reorder what is shown. meshwalk shows them only as visible
 * marks, so in a lesson they are always a mistake.
 */
export const controlChars: Rule = (lesson, report) => {
  const walk = (value: unknown, path: Path): void => {
    if (typeof value === 'string') {
      const found = controlCharacters(value);
      const first = found[0];
      if (!first) return;
      const more = found.length > 1 ? ` (and ${found.length - 1} more)` : '';
      const name = path.filter((k) => typeof k === 'string').at(-1);
      const field = name !== undefined ? `\`${name}\`` : 'the value';
      const what = first.bidi
        ? `the bidirectional override ${first.name}${more}, which reorders the text on screen`
        : `the control character ${first.name}${more}, which a terminal would act on`;
      report({ path, index: first.index }, 'control-character', `${field} holds ${what}; remove it`);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...path, i]));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    }
  };
  walk(lesson, []);
};
