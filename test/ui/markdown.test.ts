import { describe, expect, it } from 'vitest';
import { markdownToText, parseInline, renderMarkdown, wrapSpans } from '../../src/ui/markdown.js';

describe('parseInline', () => {
  it('splits bold, code, italic and links into spans', () => {
    expect(parseInline('Apply **STRICT** with `kubectl apply`, see [docs](https://istio.io) and *why*.')).toEqual([
      { text: 'Apply ', style: 'plain' },
      { text: 'STRICT', style: 'bold' },
      { text: ' with ', style: 'plain' },
      { text: 'kubectl apply', style: 'code' },
      { text: ', see ', style: 'plain' },
      { text: 'docs', style: 'link' },
      { text: ' (https://istio.io)', style: 'plain' },
      { text: ' and ', style: 'plain' },
      { text: 'why', style: 'italic' },
      { text: '.', style: 'plain' },
    ]);
  });

  it('leaves snake_case words and lone asterisks alone', () => {
    expect(parseInline('use request_principals and 2 * 3')).toEqual([
      { text: 'use request_principals and 2 * 3', style: 'plain' },
    ]);
  });

  it('keeps backticks when asked (no colour to mark code)', () => {
    expect(parseInline('run `ls`', true)).toEqual([
      { text: 'run ', style: 'plain' },
      { text: '`ls`', style: 'code' },
    ]);
  });
});

describe('wrapSpans', () => {
  const text = (lines: ReturnType<typeof wrapSpans>) => lines.map((l) => l.map((s) => s.text).join(''));

  it('wraps at spaces within the width', () => {
    expect(text(wrapSpans([{ text: 'the quick brown fox jumps over the lazy dog', style: 'plain' }], 15))).toEqual([
      'the quick brown',
      'fox jumps over',
      'the lazy dog',
    ]);
  });

  it('never breaks a word where its style changes', () => {
    const lines = text(wrapSpans(parseInline('aaaa **bbbb**, cc'), 9));
    expect(lines).toEqual(['aaaa', 'bbbb, cc']);
  });

  it('cuts a word longer than the line', () => {
    expect(text(wrapSpans([{ text: 'abcdefghij xy', style: 'plain' }], 4))).toEqual(['abcd', 'efgh', 'ij', 'xy']);
  });

  it('prefixes continuation lines', () => {
    expect(text(wrapSpans([{ text: 'one two three', style: 'plain' }], 9, '- ', '  '))).toEqual([
      '- one two',
      '  three',
    ]);
  });
});

describe('renderMarkdown', () => {
  it('renders headings, paragraphs, lists, quotes and code blocks', () => {
    const md = [
      '# Strict mTLS',
      '',
      'A client outside the mesh',
      'gets a **reset**.',
      '',
      '- first item',
      '- second item that is long',
      '  and continues',
      '1. numbered',
      '',
      '> a quote',
      '',
      '```yaml',
      'spec:',
      '  mtls: {mode: STRICT}',
      '```',
    ].join('\n');
    expect(markdownToText(md, 24).split('\n')).toEqual([
      'Strict mTLS',
      '',
      'A client outside the',
      'mesh gets a reset.',
      '',
      '  • first item',
      '  • second item that is',
      '    long and continues',
      '  1. numbered',
      '',
      '│ a quote',
      '',
      '  spec:',
      '    mtls: {mode: STRICT}',
    ]);
  });

  it('marks line kinds for the component to style', () => {
    const lines = renderMarkdown('## Title\n\ntext with `code`\n\n```\nx\n```', 40);
    expect(lines.map((l) => l.kind)).toEqual(['heading', 'blank', 'text', 'blank', 'code']);
    expect(lines[2]?.spans).toEqual([
      { text: 'text with ', style: 'plain' },
      { text: 'code', style: 'code' },
    ]);
  });

  it('keeps an unclosed fence as code to the end', () => {
    expect(renderMarkdown('```\na\nb', 10).map((l) => l.kind)).toEqual(['code', 'code']);
  });

  it('renders empty text as nothing', () => {
    expect(renderMarkdown('', 10)).toEqual([]);
  });
});
