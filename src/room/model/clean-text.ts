/**
 * Text a participant sends (a name, a failure line) is shown to the instructor, so it is made
 * plain before it is stored: every control character (C0, DEL, C1, including newline and tab)
 * and every bidirectional embedding, override or isolate (they reorder what is displayed,
 * CVE-2021-42574) becomes a space, runs of spaces become one, and the ends are trimmed. HTML is
 * left as it is: it is text, and the dashboard puts it in text nodes only. Pure.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to find control characters
const CONTROL = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]+/g;

/** `text` as one plain line, cut to `max` characters (code points, so no surrogate is split). */
export function oneLine(text: string, max: number): string {
  const plain = text.replace(CONTROL, ' ').replace(/ {2,}/g, ' ').trim();
  const chars = Array.from(plain);
  return chars.length <= max ? plain : chars.slice(0, max).join('').trimEnd();
}

/** A lesson or step id as lessons spell them (src/lesson/schema.ts): lowercase words joined by dashes. */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Ids longer than this are refused: no lesson has one, and they would only fill the dashboard. */
export const MAX_ID_CHARS = 100;

export function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_ID_CHARS && ID_PATTERN.test(value);
}
