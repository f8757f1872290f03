/**
 * Taking a variable's value from a command's output (`capture:` on a step, or a lesson var with
 * `capture:`). Pure. The first regex group wins, else the whole match, else the trimmed output.
 */
import { compilePattern } from '../lesson/pattern.js';
import type { Capture } from '../lesson/schema.js';
import type { Outcome } from './types.js';

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
        return {
          ok: false,
          message: `cannot capture {{${name}}}: /${c.regex}/ does not match the output of \`${command}\``,
        };
      }
      value = m.trim();
    } else {
      value = text.trim();
    }
    if (value === '')
      return { ok: false, message: `cannot capture {{${name}}}: \`${command}\` printed nothing to take it from` };
    values[name] = value;
  }
  return { ok: true, values };
}

/** A value as it may be shown: long values (tokens) are cut, never printed whole. */
export function previewValue(value: string): string {
  return value.length <= 40 ? value : `${value.slice(0, 12)}… (${value.length} characters)`;
}

/**
 * Shown text with JSON Web Tokens cut short: meshwalk never prints a full token (DESIGN:
 * "never print private keys or full tokens"). The one redaction: commands, output, step text,
 * hints, observations and the result stream all go through it.
 *
 * A token is what `/eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]+/g` matches. That regex backtracks through
 * every `eyJ` of a long word (300 KB of `eyJeyJ…` from a command took 45 s, with the event loop
 * blocked), so the same match is found here in one pass: per run of `[\w.-]`, segment by segment.
 */
export function redactTokens(text: string): string {
  if (!text.includes('eyJ')) return text;
  return text.replace(/[\w.-]+/g, (run) => (run.includes('eyJ') ? redactRun(run) : run));
}

/** One run of `[\w.-]` with its tokens cut: `eyJ` + 4 or more, `.`, 4 or more, `.`, 1 or more. */
function redactRun(run: string): string {
  const parts = run.split('.');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const head = parts[i] ?? '';
    const at = head.indexOf('eyJ'); // the leftmost start leaves the longest rest, so it is the one
    const payload = parts[i + 1];
    const signature = parts[i + 2];
    if (at !== -1 && head.length - at >= 7 && payload !== undefined && payload.length >= 4 && signature) {
      out.push(`${head.slice(0, at)}${`${head.slice(at)}.${payload}.${signature}`.slice(0, 12)}…`);
      i += 2;
    } else out.push(head);
  }
  return out.join('.');
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
  const from =
    at !== -1 ? start + at : run.endsWith('ey') ? text.length - 2 : run.endsWith('e') ? text.length - 1 : text.length;
  // A "word" this long is not going to end: show it, redacted as far as it goes.
  if (text.length - from > maxHold) return { show: redactTokens(text), hold: '' };
  return { show: redactTokens(text.slice(0, from)), hold: text.slice(from) };
}

/** Step titles, text and hints as shown: the vars known so far filled in (one captured later stays `{{NAME}}`), tokens cut short. */
export function shownText(s: string, vars: Readonly<Record<string, string>>): string {
  return redactTokens(
    s.replace(/\{\{([A-Z][A-Z0-9_]*)\}\}/g, (whole, name: string) =>
      Object.hasOwn(vars, name) ? (vars[name] ?? whole) : whole,
    ),
  );
}
