/**
 * Taking a variable's value from a command's output (`capture:` on a step, or a lesson var with
 * `capture:`). Pure. The first regex group wins, else the whole match, else the trimmed output.
 */
import { compilePattern } from '../lesson/pattern.js';
import type { Capture } from '../lesson/schema.js';
import type { Outcome } from './expectation.js';

export type Captured = { ok: true; values: Record<string, string> } | { ok: false; message: string };

export function captureValues(spec: Record<string, Capture>, out: Outcome, command: string): Captured {
  const values: Record<string, string> = {};
  for (const [name, c] of Object.entries(spec)) {
    const text = (c.from ?? 'stdout') === 'stderr' ? out.stderr : out.stdout;
    let value: string;
    if (c.regex !== undefined) {
      const re = compilePattern(c.regex);
      if (!re.ok) return { ok: false, message: `cannot capture {{${name}}}: /${c.regex}/ ${re.reason}` };
      const m = re.pattern.firstMatch(text);
      if (m === undefined) {
        return { ok: false, message: `cannot capture {{${name}}}: /${c.regex}/ does not match the output of \`${command}\`` };
      }
      value = m.trim();
    } else {
      value = text.trim();
    }
    if (value === '') return { ok: false, message: `cannot capture {{${name}}}: \`${command}\` printed nothing to take it from` };
    values[name] = value;
  }
  return { ok: true, values };
}

/** A value as it may be shown: long values (tokens) are cut, never printed whole. */
export function previewValue(value: string): string {
  return value.length <= 40 ? value : `${value.slice(0, 12)}… (${value.length} characters)`;
}

const JWT = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]+/g;

/**
 * Shown text with JSON Web Tokens cut short: meshwalk never prints a full token (DESIGN:
 * "never print private keys or full tokens"). The one redaction: commands, output, step text,
 * hints, observations and the result stream all go through it.
 */
export function redactTokens(text: string): string {
  return text.replace(JWT, (t) => `${t.slice(0, 12)}…`);
}

/**
 * Streamed output arrives in chunks, and a token can be split across two of them: redacting
 * each chunk alone would print both halves. So the end of a chunk that may be the start of a
 * token (a trailing word from `eyJ` on, or a trailing `e`/`ey`) is held back until the next
 * chunk of the same stream, or the end of the command, shows how it ends. `text` is what was
 * held before plus the new chunk; `show` is safe to print (redacted), `hold` waits.
 */
export function splitForRedaction(text: string, maxHold = 64 * 1024): { show: string; hold: string } {
  // The trailing word, found by walking back (a regex anchored at the end rescans every word).
  let start = text.length;
  while (start > 0 && /[\w.-]/.test(text[start - 1] ?? '')) start--;
  const run = text.slice(start);
  const at = run.indexOf('eyJ');
  const from = at !== -1 ? start + at : run.endsWith('ey') ? text.length - 2 : run.endsWith('e') ? text.length - 1 : text.length;
  // A "word" this long is not going to end: show it, redacted as far as it goes.
  if (text.length - from > maxHold) return { show: redactTokens(text), hold: '' };
  return { show: redactTokens(text.slice(0, from)), hold: text.slice(from) };
}

/** Step titles, text and hints as shown: the vars known so far filled in (one captured later stays `{{NAME}}`), tokens cut short. */
export function shownText(s: string, vars: Readonly<Record<string, string>>): string {
  return redactTokens(s.replace(/\{\{([A-Z][A-Z0-9_]*)\}\}/g, (whole, name: string) => (Object.hasOwn(vars, name) ? (vars[name] ?? whole) : whole)));
}
