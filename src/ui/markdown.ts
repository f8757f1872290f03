/**
 * A small Markdown-to-terminal renderer for lesson text: headings, paragraphs wrapped to a
 * width, **bold**, *italic*, `code`, fenced code blocks, `-`/`*`/`1.` lists, `>` quotes and
 * [links](url). It returns styled lines, not ANSI, so the ink component decides colour (and
 * NO_COLOR / --plain can drop it) and plain mode gets the same wrapping as text.
 */
import { assertNever } from '../errors.js';

/** How a run of text is shown. `link` carries its target, printed after the text. */
export type SpanStyle = 'plain' | 'bold' | 'italic' | 'code' | 'link';
export interface Span {
  text: string;
  style: SpanStyle;
}

/** One terminal line. `heading` and `code` lines are styled as a whole. */
export type LineKind = 'text' | 'heading' | 'code' | 'blank';
export interface MdLine {
  kind: LineKind;
  spans: Span[];
}

type Block =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'code'; lines: string[] }
  | { type: 'item'; marker: string; text: string }
  | { type: 'quote'; text: string };

const FENCE = /^\s*(```|~~~)/;
const HEADING = /^#{1,6}\s+(.*?)\s*#*\s*$/;
const ITEM = /^\s*([-*+]|\d+[.)])\s+(.*)$/;
const QUOTE = /^\s*>\s?(.*)$/;

/** Splits Markdown into blocks. Unclosed fences run to the end, as CommonMark says. */
export function parseBlocks(md: string): Block[] {
  const blocks: Block[] = [];
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
  let para: string[] | undefined;
  const endPara = () => {
    if (para) blocks.push({ type: 'paragraph', text: para.join(' ') });
    para = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fence = FENCE.exec(line);
    if (fence) {
      endPara();
      const code: string[] = [];
      const indent = line.length - line.trimStart().length;
      for (i++; i < lines.length && !(lines[i] ?? '').trimStart().startsWith(fence[1] ?? '```'); i++) {
        code.push(dedent(lines[i] ?? '', indent));
      }
      blocks.push({ type: 'code', lines: code });
      continue;
    }
    if (line.trim() === '') {
      endPara();
      continue;
    }
    const heading = HEADING.exec(line);
    const item = ITEM.exec(line);
    const quote = QUOTE.exec(line);
    const last = blocks[blocks.length - 1];
    if (heading) {
      endPara();
      blocks.push({ type: 'heading', text: heading[1] ?? '' });
    } else if (item) {
      endPara();
      blocks.push({ type: 'item', marker: /\d/.test(item[1] ?? '') ? (item[1] ?? '') : '•', text: item[2] ?? '' });
    } else if (quote) {
      endPara();
      if (last?.type === 'quote') last.text += ` ${quote[1] ?? ''}`;
      else blocks.push({ type: 'quote', text: quote[1] ?? '' });
    } else if (!para && last?.type === 'item' && /^\s+\S/.test(line)) {
      last.text += ` ${line.trim()}`; // a list item's continuation line
    } else {
      (para ??= []).push(line.trim());
    }
  }
  endPara();
  return blocks;
}

function dedent(line: string, n: number): string {
  let i = 0;
  while (i < n && line[i] === ' ') i++;
  return line.slice(i);
}

const INLINE =
  /\*\*(.+?)\*\*|__(.+?)__|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)|(?<![\w*])\*(?!\s)(.+?)\*(?!\w)|(?<!\w)_(?!\s)(.+?)_(?!\w)/g;

/** Splits a paragraph's text into styled spans. */
export function parseInline(text: string, codeTicks = false): Span[] {
  const spans: Span[] = [];
  let at = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > at) spans.push({ text: text.slice(at, m.index), style: 'plain' });
    if (m[1] !== undefined || m[2] !== undefined) spans.push({ text: m[1] ?? m[2] ?? '', style: 'bold' });
    else if (m[3] !== undefined) spans.push({ text: codeTicks ? `\`${m[3]}\`` : m[3], style: 'code' });
    else if (m[4] !== undefined) {
      spans.push({ text: m[4], style: 'link' });
      // The target is printed because a terminal reader cannot click it.
      if (m[5] !== m[4]) spans.push({ text: ` (${m[5] ?? ''})`, style: 'plain' });
    } else spans.push({ text: m[6] ?? m[7] ?? '', style: 'italic' });
    at = m.index + m[0].length;
  }
  if (at < text.length) spans.push({ text: text.slice(at), style: 'plain' });
  return spans;
}

/**
 * Wraps spans to `width` columns. Words break at spaces; a word longer than a line is cut.
 * `first` prefixes the first line and `rest` the others (list markers, quote bars).
 */
export function wrapSpans(spans: Span[], width: number, first = '', rest = first): Span[][] {
  // A word is the text between spaces; it may change style inside ("**bold**," is one word).
  const words: Span[][] = [];
  let word: Span[] = [];
  for (const span of spans) {
    for (const piece of span.text.split(/(\s+)/)) {
      if (piece === '') continue;
      if (/^\s+$/.test(piece)) {
        if (word.length) words.push(word);
        word = [];
      } else word.push({ text: piece, style: span.style });
    }
  }
  if (word.length) words.push(word);

  const out: Span[][] = [];
  let line: Span[] = [];
  let used = 0;
  let prefix = first;
  const room = () => Math.max(1, width - prefix.length);
  const flush = () => {
    out.push(prefix ? [{ text: prefix, style: 'plain' }, ...merge(line)] : merge(line));
    line = [];
    used = 0;
    prefix = rest;
  };
  for (const w of words) {
    const len = w.reduce((n, p) => n + p.text.length, 0);
    const gap = used > 0 ? 1 : 0;
    if (used + gap + len <= room()) {
      if (gap) line.push({ text: ' ', style: 'plain' });
      line.push(...w);
      used += gap + len;
      continue;
    }
    if (used > 0) flush();
    if (len <= room()) {
      line.push(...w);
      used = len;
      continue;
    }
    // Longer than a whole line: cut it, piece by piece.
    for (const part of w) {
      let text = part.text;
      while (text.length > 0) {
        if (used >= room()) flush();
        const take = text.slice(0, room() - used);
        line.push({ text: take, style: part.style });
        used += take.length;
        text = text.slice(take.length);
      }
    }
  }
  if (line.length || out.length === 0) flush();
  return out;
}

/** Joins neighbouring spans of one style so the component draws fewer <Text> nodes. */
function merge(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && last.style === s.style) last.text += s.text;
    else out.push({ ...s });
  }
  return out;
}

export interface RenderOptions {
  /**
   * Keep the backticks around inline code, for output without colour (NO_COLOR, --plain),
   * where they are the only sign that a word is code. Default: false.
   */
  codeTicks?: boolean;
}

/** Renders Markdown into styled terminal lines at most `width` columns wide (code is not wrapped). */
export function renderMarkdown(md: string, width: number, options: RenderOptions = {}): MdLine[] {
  const inline = (text: string) => parseInline(text, options.codeTicks);
  const lines: MdLine[] = [];
  const blocks = parseBlocks(md);
  blocks.forEach((block, i) => {
    const next = blocks[i + 1];
    switch (block.type) {
      case 'heading':
        for (const spans of wrapSpans([{ text: block.text, style: 'bold' }], width))
          lines.push({ kind: 'heading', spans });
        break;
      case 'paragraph':
        for (const spans of wrapSpans(inline(block.text), width)) lines.push({ kind: 'text', spans });
        break;
      case 'item': {
        const marker = `${block.marker} `;
        const spans = inline(block.text);
        for (const l of wrapSpans(spans, width, `  ${marker}`, ' '.repeat(marker.length + 2)))
          lines.push({ kind: 'text', spans: l });
        break;
      }
      case 'quote':
        for (const spans of wrapSpans(inline(block.text), width, '│ ')) lines.push({ kind: 'text', spans });
        break;
      case 'code':
        for (const l of block.lines) lines.push({ kind: 'code', spans: [{ text: `  ${l}`, style: 'code' }] });
        break;
      default:
        assertNever(block, 'markdown block');
    }
    // A blank line between blocks, except between items of one list.
    if (next && !(block.type === 'item' && next.type === 'item')) lines.push({ kind: 'blank', spans: [] });
  });
  return lines;
}

/** The same rendering as plain text, for --plain and non-TTY output. Code spans keep backticks. */
export function markdownToText(md: string, width: number): string {
  return renderMarkdown(md, width, { codeTicks: true })
    .map((l) => l.spans.map((s) => s.text).join(''))
    .join('\n');
}
