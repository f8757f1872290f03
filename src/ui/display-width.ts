/**
 * How many terminal columns text takes, as ink measures it (string-width's rules, which ink
 * depends on but meshwalk does not list): East Asian wide and fullwidth characters and emoji take
 * two columns, combining marks, joiners and variation selectors none, everything else one.
 * Counted per grapheme, so a family emoji joined by ZWJ is one two-column character.
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const ZERO = /^(?:\p{M}|\p{Cf}|\p{Cc})+$/u;
const EMOJI = /\p{Extended_Pictographic}|\uFE0F|\p{Regional_Indicator}/u;

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Columns one grapheme takes. */
export function graphemeWidth(g: string): number {
  if (g === '' || ZERO.test(g)) return 0;
  const cp = g.codePointAt(0) ?? 0;
  // Text-style symbols (©, ™, ↔) are one column unless asked to be emoji (U+FE0F).
  if (EMOJI.test(g) && (cp >= 0x1f000 || g.includes('\uFE0F') || /\p{Regional_Indicator}/u.test(g))) return 2;
  return isWide(cp) ? 2 : 1;
}

/** The graphemes of `s` (user-perceived characters). */
export function graphemes(s: string): string[] {
  return Array.from(segmenter.segment(s), (x) => x.segment);
}

/** Columns `s` takes (no escape sequences: text reaching here is already terminal-safe). */
export function displayWidth(s: string): number {
  // Plain ASCII, the usual case, without segmenting.
  if (/^[\x20-\x7e]*$/.test(s)) return s.length;
  let n = 0;
  for (const g of graphemes(s)) n += graphemeWidth(g);
  return n;
}
