// The control-character and step-count rules: what lint reports, and exactly where.
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/lesson/parse.js';

const at = (text: string) => parseLesson(text, 'l.yaml').problems.map((p) => `${p.line}:${p.col} ${p.code}`);
const lesson = (title: string) => `id: x\ntitle: ${title}\nsummary: S\nistio: ["1.24"]\nsteps: [{id: a, title: A}]\n`;

describe('control characters in lesson strings', () => {
  it('points at the character itself: raw, or written as an escape after other escapes', () => {
    expect(at(lesson('"raw \x1b[2J"'))).toEqual(['2:13 control-character']);
    expect(at(lesson('"a\\u0041\\x42\\e]0;t\\a"'))).toEqual(['2:20 control-character']);
    expect(at(lesson('"\\U0001F600 \\r"'))).toEqual(['2:20 control-character']);
  });

  it('allows newline and tab, in any string', () => {
    expect(at(lesson('"a\\tb\\nc"'))).toEqual([]);
  });

  it('names a bidirectional override as one', () => {
    const [p] = parseLesson(lesson('"rm \\u202eexe.txt"'), 'l.yaml').problems;
    expect(p?.message).toBe(
      '`title` holds the bidirectional override RLO (U+202E), which reorders the text on screen; remove it',
    );
  });
});
