// Hostile files must come back as one problem each, never a crash.
import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, MAX_FILE_BYTES } from '../../src/lesson/limits.js';
import { parseLesson } from '../../src/lesson/parse.js';
import { checkManifestText } from '../../src/lesson/manifest-check.js';

const codes = (text: string) => parseLesson(text, 'l.yaml').problems.map((p) => `${p.line}:${p.col} ${p.code}`);

describe('limits', () => {
  it('refuses flow nesting 10,000 deep, even right after a TAB_AS_INDENT error', () => {
    expect(codes('a:\n\t- b\n')[0]).toMatch(/yaml-syntax/);
    expect(codes(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)).toEqual([`1:${MAX_DEPTH + 1} too-deep`]);
  });

  it('refuses block nesting 600 deep (as deep as fits under the size limit)', () => {
    const text = Array.from({ length: 600 }, (_, i) => `${' '.repeat(i)}- `).join('\n') + 'x\n';
    expect(codes(text)).toEqual([`${MAX_DEPTH + 1}:${MAX_DEPTH + 1} too-deep`]);
    const maps = Array.from({ length: 600 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n';
    expect(codes(maps)).toEqual([`${MAX_DEPTH + 1}:${MAX_DEPTH + 1} too-deep`]);
  });

  it('refuses 100,000 compact sequence levels on one line (just under the size limit)', () => {
    expect(codes(`${'- '.repeat(100_000)}x\n`)).toEqual([`1:${2 * MAX_DEPTH + 1} too-deep`]);
  });

  it('accepts ordinary depth: a lesson and a 30-level manifest', () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n${Array.from({ length: 30 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} x\n`;
    expect(checkManifestText(deep, 'm.yaml')).toEqual([]);
  });

  it('refuses a file over the size limit before parsing it', () => {
    const text = `id: x\n# ${'x'.repeat(MAX_FILE_BYTES)}\n`;
    expect(parseLesson(text, 'l.yaml').problems).toEqual([
      {
        file: 'l.yaml',
        line: 1,
        col: 1,
        code: 'file-too-large',
        message: 'the file is 257 KiB, over the 256 KiB limit; split it into smaller files',
      },
    ]);
  });

  it('bounds alias expansion (billion laughs) and points at the first alias', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `l${i}: &l${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(', ')}]`,
      );
    expect(codes(lines.join('\n'))).toEqual(['2:10 alias-limit']);
  });

  it('reports an alias to an unknown anchor', () => {
    expect(codes('id: *nope\n')[0]).toMatch(/^1:5 yaml-syntax/);
  });
});
