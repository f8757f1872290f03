/**
 * Taking a variable's value from a command's output (`capture:` on a step, or a lesson var with
 * `capture:`). Pure. The first regex group wins, else the whole match, else the trimmed output.
 */
import type { Capture } from '../lesson/schema.js';
import type { Outcome } from './expectation.js';

export type Captured = { ok: true; values: Record<string, string> } | { ok: false; message: string };

export function captureValues(spec: Record<string, Capture>, out: Outcome, command: string): Captured {
  const values: Record<string, string> = {};
  for (const [name, c] of Object.entries(spec)) {
    const text = (c.from ?? 'stdout') === 'stderr' ? out.stderr : out.stdout;
    let value: string;
    if (c.regex !== undefined) {
      let re: RegExp;
      try {
        re = new RegExp(c.regex, 'm');
      } catch {
        return { ok: false, message: `cannot capture {{${name}}}: /${c.regex}/ is not a valid regular expression` };
      }
      const m = re.exec(text);
      if (!m) return { ok: false, message: `cannot capture {{${name}}}: /${c.regex}/ does not match the output of \`${command}\`` };
      value = (m.length > 1 ? (m[1] ?? '') : m[0]).trim();
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

/** Shown text with JSON Web Tokens cut short: meshwalk never prints a full token. */
export function redactTokens(text: string): string {
  return text.replace(JWT, (t) => `${t.slice(0, 12)}…`);
}
