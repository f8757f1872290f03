/**
 * YAML text in, documents + plain values + positioned problems out, never a throw. Every later
 * check locates its problem through `YamlSource`, so a schema or rule problem gets the same
 * file:line:col precision as a syntax error.
 */
import {
  Composer,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  Parser,
  visit,
  type CST,
  type Document,
  type Node,
  type Scalar,
} from 'yaml';
import { depthProblem, MAX_ALIAS_COUNT, sizeProblem, utf8Length } from './limits.js';
import type { Problem, ProblemCode } from './problem.js';

export type Path = readonly (string | number)[];

/** One parsed YAML file and how to turn its offsets and paths into positions. */
export class YamlSource {
  readonly lineCounter = new LineCounter();
  docs: Document.Parsed[] = [];
  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  problemAt(offset: number, code: ProblemCode, message: string): Problem {
    const { line, col } = this.lineCounter.linePos(Math.max(0, Math.min(offset, this.text.length)));
    return { file: this.file, line, col, code, message };
  }

  /** The node at `path` in document `doc`, or the deepest existing ancestor (`exact: false`). */
  nodeAt(path: Path, doc = 0): { node: Node | null; exact: boolean } {
    let node: Node | null = (this.docs[doc]?.contents as Node | null | undefined) ?? null;
    for (const key of path) {
      const target = isAlias(node) ? ((node.resolve(this.docs[doc] as Document) as Node | undefined) ?? null) : node;
      let next: Node | undefined;
      if (isMap(target)) {
        const pair = target.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
        next = (pair?.value as Node | null | undefined) ?? (pair?.key as Node | undefined);
      } else if (isSeq(target) && typeof key === 'number') {
        next = target.items[key] as Node | undefined;
      }
      if (!next) return { node, exact: false };
      node = next;
    }
    return { node, exact: true };
  }

  /** The key node of the entry `key` in the map at `path`. */
  keyNodeAt(path: Path, key: string, doc = 0): Node | undefined {
    const { node } = this.nodeAt(path, doc);
    const target = isAlias(node) ? (node.resolve(this.docs[doc] as Document) as Node | undefined) : node;
    if (!isMap(target)) return undefined;
    return target.items.find((p) => isScalar(p.key) && String(p.key.value) === key)?.key as Node | undefined;
  }

  offsetOf(node: Node | null | undefined): number {
    return node?.range?.[0] ?? 0;
  }

  /**
   * The source offset of character `index` of a string scalar's value, when the scalar's source
   * maps character for character (plain or quoted on one line, or a block scalar); otherwise
   * the scalar's start, which is still the right line for a one-line command.
   */
  offsetInScalar(node: Node | null | undefined, index: number): number {
    if (!node || !isScalar(node) || typeof node.value !== 'string' || !node.range) return this.offsetOf(node);
    const value = node.value;
    const [start, end] = node.range;
    const type = (node as Scalar).type;
    if (type === 'PLAIN' && this.text.slice(start, end) === value) return start + index;
    if ((type === 'QUOTE_SINGLE' || type === 'QUOTE_DOUBLE') && this.text.slice(start + 1, end - 1) === value)
      return start + 1 + index;
    if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') return this.offsetInBlock(start, end, value, index);
    if (type === 'QUOTE_DOUBLE') return this.offsetInEscaped(start, end, index) ?? start;
    return start;
  }

  /**
   * In a one-line double-quoted scalar with escapes (`"a\e[2J"`), the offset of the escape or
   * character that makes value character `index`: each escape (`\e`, `\x1b`, `\u001b`, ...)
   * is one character of the value (YAML 1.2, 5.7 Escaped Characters).
   */
  private offsetInEscaped(start: number, end: number, index: number): number | undefined {
    const body = this.text.slice(start + 1, end - 1);
    if (body.includes('\n')) return undefined; // folded lines: no simple mapping
    const width: Record<string, number> = { x: 4, u: 6, U: 10 }; // \xHH, \uHHHH, \UHHHHHHHH; others 2
    let at = 0;
    for (let seen = 0; at < body.length && seen < index; seen++) {
      if (body[at] !== '\\') {
        at += 1;
        continue;
      }
      const kind = body[at + 1] ?? '';
      // An escape beyond the BMP is two UTF-16 units of the value.
      if (kind === 'U' && parseInt(body.slice(at + 2, at + 10), 16) > 0xffff) seen++;
      at += width[kind] ?? 2;
    }
    return start + 1 + at;
  }

  private offsetInBlock(start: number, end: number, value: string, index: number): number {
    const bodyStart = this.text.indexOf('\n', start) + 1;
    if (bodyStart <= 0) return start;
    const lines = this.text.slice(bodyStart, end).split('\n');
    const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
    if (!Number.isFinite(indent)) return start;
    let offset = bodyStart;
    let seen = 0; // characters of the value accounted for
    for (const l of lines) {
      const content = l.slice(Math.min(indent, l.length));
      if (index <= seen + content.length) {
        // Folded blocks turn line breaks into spaces: compare ignoring that difference.
        const same = value.slice(seen, index).replace(/\n/g, ' ') === content.slice(0, index - seen);
        return same ? offset + Math.min(indent, l.length) + (index - seen) : start;
      }
      seen += content.length + 1;
      offset += l.length + 1;
    }
    return start;
  }
}

export type ParsedYaml = { source: YamlSource; values: unknown[]; problems: Problem[] };

/**
 * Parses `text` (one document unless `multi`), applying the size, depth and alias limits.
 * `values` holds one plain JS value per document when there was no fatal problem.
 */
export function parseYaml(text: string, file: string, opts: { multi?: boolean } = {}): ParsedYaml {
  const source = new YamlSource(file, text);
  const size = sizeProblem(utf8Length(text));
  if (size) {
    countLines(source);
    return { source, values: [], problems: [source.problemAt(size.offset, size.code, size.message)] };
  }
  const problems: Problem[] = [];
  try {
    // What parseAllDocuments does, split in two so the depth is checked before composing.
    const tokens: CST.Token[] = Array.from(new Parser(source.lineCounter.addNewLine).parse(text));
    const deep = depthProblem(tokens);
    if (deep) return { source, values: [], problems: [source.problemAt(deep.offset, deep.code, deep.message)] };
    source.docs = Array.from(
      new Composer({ uniqueKeys: true, prettyErrors: false, logLevel: 'error' }).compose(tokens),
    );
  } catch (err) {
    // Not expected after the depth check; kept so a parser failure is still one line.
    if (source.lineCounter.lineStarts.length === 0) countLines(source);
    return {
      source,
      values: [],
      problems: [source.problemAt(0, 'yaml-syntax', `cannot parse YAML: ${errMessage(err)}`)],
    };
  }
  if (!opts.multi && source.docs.length > 1) {
    const second = source.docs[1];
    problems.push(
      source.problemAt(
        second?.range[0] ?? 0,
        'yaml-syntax',
        'a lesson file holds one YAML document; remove the `---` separator',
      ),
    );
  }
  let fatal = false;
  for (const doc of source.docs) {
    for (const e of [...doc.errors, ...doc.warnings]) {
      if (e.code === 'DUPLICATE_KEY') {
        problems.push(source.problemAt(e.pos[0], 'duplicate-key', duplicateKeyMessage(text, e.pos)));
      } else {
        if (e.name === 'YAMLParseError') fatal = true;
        problems.push(
          source.problemAt(
            e.pos[0],
            'yaml-syntax',
            (e.message.split('\n')[0] ?? e.message) + (SYNTAX_HINTS[e.code] ?? ''),
          ),
        );
      }
    }
  }
  if (fatal) return { source, values: [], problems };
  const values: unknown[] = [];
  for (const doc of source.docs) {
    try {
      values.push(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
    } catch (err) {
      const msg = errMessage(err);
      const alias = firstAlias(doc);
      const code: ProblemCode = /alias count|resource exhaustion/i.test(msg) ? 'alias-limit' : 'yaml-syntax';
      const text =
        code === 'alias-limit'
          ? `aliases expand to too much data (over ${MAX_ALIAS_COUNT}x); write the values out instead`
          : msg;
      problems.push(source.problemAt(alias ?? 0, code, text));
      return { source, values: [], problems };
    }
  }
  return { source, values, problems };
}

/** What usually causes these in a lesson, and the fix. */
const SYNTAX_HINTS: Partial<Record<string, string>> = {
  BLOCK_AS_IMPLICIT_KEY: '; a `: ` inside an unquoted value starts a map: quote the value, or write it as a `|` block',
  TAB_AS_INDENT: '; indent with spaces',
};

/** Fills the line counter when the parser did not run (a file refused before parsing). */
function countLines(source: YamlSource): void {
  source.lineCounter.addNewLine(0);
  for (let i = source.text.indexOf('\n'); i !== -1; i = source.text.indexOf('\n', i + 1))
    source.lineCounter.addNewLine(i + 1);
}

function duplicateKeyMessage(text: string, pos: readonly [number, number]): string {
  const line = text.slice(pos[0], text.indexOf('\n', pos[0]) === -1 ? undefined : text.indexOf('\n', pos[0]));
  const key =
    /^\s*(?:"([^"]*)"|'([^']*)'|([^:#]*?))\s*:/
      .exec(line)
      ?.slice(1)
      .find((k) => k !== undefined) ?? '';
  return key && !key.includes('\n')
    ? `the key \`${key}\` appears twice in this map; keep one`
    : 'a key appears twice in this map; keep one';
}

function firstAlias(doc: Document): number | undefined {
  let at: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      at = node.range?.[0];
      return visit.BREAK;
    },
  });
  return at;
}

function errMessage(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}
