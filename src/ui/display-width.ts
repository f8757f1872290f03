/**
 * How many terminal columns text takes, measured by string-width, the library ink itself lays
 * out with: East Asian wide and fullwidth characters and emoji take two columns, combining marks,
 * joiners and variation selectors none. Graphemes are what a cut may not split.
 */
import stringWidth from 'string-width';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Columns one grapheme takes. */
export function graphemeWidth(g: string): number {
  return stringWidth(g);
}

/** The graphemes of `s` (user-perceived characters). */
export function graphemes(s: string): string[] {
  return Array.from(segmenter.segment(s), (x) => x.segment);
}

/** Columns `s` takes (no escape sequences: text reaching here is already terminal-safe). */
export function displayWidth(s: string): number {
  // Plain ASCII, the usual case, without segmenting.
  if (/^[\x20-\x7e]*$/.test(s)) return s.length;
  return stringWidth(s);
}
