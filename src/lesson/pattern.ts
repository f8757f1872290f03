/**
 * The regular expressions a lesson gives (`regex:` in expect, verify and capture) are untrusted
 * input, and JavaScript's backtracking RegExp can take exponential time on patterns such as
 * `(a|a)+b`, blocking the event loop: no timeout or Ctrl-C gets through. They run on re2js, a
 * port of RE2 that matches in time linear in the input. RE2's syntax is JavaScript's without
 * backreferences and lookaround (https://github.com/google/re2/wiki/Syntax); `\uXXXX`, which RE2
 * spells `\x{XXXX}`, is translated. Patterns match in multi-line mode (`^` and `$` at each line),
 * as they did with RegExp's `m` flag. Pure.
 */
import type { RE2JS } from 're2js';
import { re2 } from '../text/re2.js';

/** A compiled lesson pattern. */
export interface Pattern {
  /** Whether the pattern matches anywhere in `text`. */
  test(text: string): boolean;
  /** The first match: the first capture group when the pattern has one, else the whole match. */
  firstMatch(text: string): string | undefined;
}

export type Compiled = { ok: true; pattern: Pattern } | { ok: false; reason: string };

export function compilePattern(source: string): Compiled {
  // Outside the try: a failure to load the engine is meshwalk's bug, not the lesson's pattern.
  const RE2 = re2();
  let re: RE2JS;
  try {
    re = RE2.compile(translate(source), RE2.MULTILINE);
  } catch (err) {
    return { ok: false, reason: explain(source, err instanceof Error ? err.message : String(err)) };
  }
  return {
    ok: true,
    pattern: {
      test: (text) => re.test(text),
      firstMatch(text) {
        const m = re.matcher(text);
        if (!m.find()) return undefined;
        return (m.groupCount() > 0 ? m.group(1) : m.group(0)) ?? '';
      },
    },
  };
}

/** `\uXXXX` (JavaScript) as `\x{XXXX}` (RE2); every other escape is left as written. */
function translate(source: string): string {
  const rewrite = (all: string, esc: string) => (esc.length === 5 ? `\\x{${esc.slice(1)}}` : all);
  return source.replace(/\\(u[0-9a-fA-F]{4}|[\s\S])/g, rewrite);
}

/** RE2's message, with what to write instead for the JavaScript features it lacks. */
function explain(source: string, message: string): string {
  // RE2 quotes the pattern with the multi-line flag it was given, `(?m)`; the author did not write it.
  const why = message.replace(/^error parsing regexp: /, '').replace('`(?m)', '`');
  if (/\\[1-9]|\\k</.test(source) && /invalid escape sequence: `\\[1-9k]/.test(why)) {
    return (
      'uses a backreference (`\\1`, `\\k<name>`), which linear-time matching (RE2) cannot do; ' +
      'match the text itself'
    );
  }
  if (/\(\?<?[=!]/.test(source) && /\(\?<?[=!]|named capture|Perl syntax/.test(why)) {
    return (
      'uses lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`), which linear-time matching (RE2) cannot do; ' +
      'use `notContains` or a capture group'
    );
  }
  return `is not a pattern meshwalk can run (RE2 syntax): ${why}`;
}
