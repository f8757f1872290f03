/**
 * Parses a script into the AST (POSIX XCU 2.9, 2.10): lists of and-or lists of pipelines of simple
 * commands, `( … )`, `{ …; }`, `for`, `while`/`until` and `if`. Reserved words count only as an
 * unquoted command word, as in the grammar. `case` and function definitions are refused.
 */
import type { AndOr, Command, List, Pipeline, Redirect, Word } from './ast.js';
import { ShellSyntaxError, ShellUnsupported } from './errors.js';
import { tokenize, type Token } from './lexer.js';

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;
/** Reserved words that cannot start a command. */
const CLOSERS = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', '}', 'in', 'esac']);

export function parseScript(src: string): List {
  const p = new Parser(tokenize(src, parseScript));
  const list = p.list(new Set());
  const left = p.peek();
  if (left) throw new ShellSyntaxError(describe(left));
  return list;
}

/** The text of a word made of one unquoted literal (a possible reserved word), else undefined. */
function bare(t: Token | undefined): string | undefined {
  if (t?.kind !== 'word' || t.word.length !== 1) return undefined;
  const p = t.word[0]!;
  return p.kind === 'lit' && !p.quoted ? p.text : undefined;
}

function describe(t: Token): string {
  if (t.kind === 'op') return t.op === '\n' ? 'newline' : t.op;
  if (t.kind === 'redir') return t.op;
  return bare(t) ?? 'word';
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t?.kind === 'op' && t.op === op;
  }

  private skipNewlines(): void {
    while (this.isOp('\n')) this.i++;
  }

  private expectWord(word: string): void {
    this.skipNewlines();
    const t = this.peek();
    if (bare(t) !== word) throw new ShellSyntaxError(t ? describe(t) : undefined, word);
    this.i++;
  }

  /** Commands separated by `;` or newlines, up to a reserved word in `stop` or a `)`. */
  list(stop: ReadonlySet<string>): List {
    const out: List = [];
    for (;;) {
      this.skipNewlines();
      while (this.isOp(';') && out.length > 0) {
        this.i++;
        this.skipNewlines();
      }
      const t = this.peek();
      if (!t || this.isOp(')') || stop.has(bare(t) ?? '')) return out;
      out.push(this.andOr(stop));
      if (!this.isOp(';') && !this.isOp('\n')) return out;
    }
  }

  private andOr(stop: ReadonlySet<string>): AndOr {
    const first = this.pipeline(stop);
    const rest: AndOr['rest'] = [];
    for (let t = this.peek(); t?.kind === 'op' && (t.op === '&&' || t.op === '||'); t = this.peek()) {
      this.i++;
      this.skipNewlines();
      rest.push({ op: t.op, pipeline: this.pipeline(stop) });
    }
    return { first, rest };
  }

  private pipeline(stop: ReadonlySet<string>): Pipeline {
    let negate = false;
    if (bare(this.peek()) === '!') {
      negate = true;
      this.i++;
    }
    const commands = [this.command(stop)];
    while (this.isOp('|')) {
      this.i++;
      this.skipNewlines();
      commands.push(this.command(stop));
    }
    return { negate, commands };
  }

  private command(stop: ReadonlySet<string>): Command {
    const t = this.peek();
    if (!t) throw new ShellSyntaxError(undefined);
    const word = bare(t);
    if (this.isOp('(')) {
      this.i++;
      const body = this.nonEmpty(new Set());
      if (!this.isOp(')')) throw new ShellSyntaxError(this.peek() ? describe(this.peek()!) : undefined, ')');
      this.i++;
      return { kind: 'subshell', body, redirects: this.redirects() };
    }
    switch (word) {
      case '{': {
        this.i++;
        const body = this.nonEmpty(new Set(['}']));
        this.expectWord('}');
        return { kind: 'group', body, redirects: this.redirects() };
      }
      case 'if':
        return this.ifClause();
      case 'for':
        return this.forClause();
      case 'while':
      case 'until': {
        this.i++;
        const cond = this.nonEmpty(new Set(['do']));
        const body = this.doGroup();
        return { kind: 'while', until: word === 'until', cond, body, redirects: this.redirects() };
      }
      case 'case':
        throw new ShellUnsupported('case … esac');
      case 'function':
        throw new ShellUnsupported('function definitions');
      default:
        if (word !== undefined && stop.has(word)) throw new ShellSyntaxError(word);
        if (word !== undefined && CLOSERS.has(word)) throw new ShellSyntaxError(word);
        return this.simple();
    }
  }

  private nonEmpty(stop: ReadonlySet<string>): List {
    const body = this.list(stop);
    if (body.length === 0) {
      const t = this.peek();
      throw new ShellSyntaxError(t ? describe(t) : undefined);
    }
    return body;
  }

  private doGroup(): List {
    this.expectWord('do');
    const body = this.nonEmpty(new Set(['done']));
    this.expectWord('done');
    return body;
  }

  private ifClause(): Command {
    const branches: { cond: List; body: List }[] = [];
    let otherwise: List | undefined;
    this.i++;
    for (;;) {
      const cond = this.nonEmpty(new Set(['then']));
      this.expectWord('then');
      const body = this.nonEmpty(new Set(['elif', 'else', 'fi']));
      branches.push({ cond, body });
      const next = bare(this.peek());
      this.i++;
      if (next === 'elif') continue;
      if (next === 'else') {
        otherwise = this.nonEmpty(new Set(['fi']));
        this.expectWord('fi');
      } else if (next !== 'fi') {
        const t = this.tokens[this.i - 1];
        throw new ShellSyntaxError(t ? describe(t) : undefined, 'fi');
      }
      return { kind: 'if', branches, otherwise, redirects: this.redirects() };
    }
  }

  private forClause(): Command {
    this.i++;
    const name = bare(this.peek());
    if (name === undefined || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      const t = this.peek();
      throw new ShellSyntaxError(t ? describe(t) : undefined);
    }
    this.i++;
    let items: Word[] | undefined;
    this.skipNewlines();
    if (bare(this.peek()) === 'in') {
      this.i++;
      items = [];
      for (let t = this.peek(); t?.kind === 'word'; t = this.peek()) {
        items.push(t.word);
        this.i++;
      }
    }
    if (this.isOp(';')) this.i++;
    const body = this.doGroup();
    return { kind: 'for', name, items, body, redirects: this.redirects() };
  }

  private redirects(): Redirect[] {
    const out: Redirect[] = [];
    for (let t = this.peek(); t?.kind === 'redir'; t = this.peek()) out.push(this.redirect(t));
    return out;
  }

  private redirect(t: Extract<Token, { kind: 'redir' }>): Redirect {
    this.i++;
    const target = this.peek();
    if (target?.kind !== 'word') throw new ShellSyntaxError(target ? describe(target) : undefined);
    this.i++;
    return { fd: t.fd ?? (t.op === '<' ? 0 : 1), op: t.op, target: target.word };
  }

  private simple(): Command {
    const cmd: Extract<Command, { kind: 'simple' }> = { kind: 'simple', assigns: [], words: [], redirects: [] };
    for (let t = this.peek(); t && t.kind !== 'op'; t = this.peek()) {
      if (t.kind === 'redir') {
        cmd.redirects.push(this.redirect(t));
        continue;
      }
      const first = t.word[0];
      const m = cmd.words.length === 0 && first?.kind === 'lit' && !first.quoted ? ASSIGNMENT.exec(first.text) : null;
      this.i++;
      if (m) {
        const rest = first!.kind === 'lit' ? first!.text.slice(m[0].length) : '';
        const head = rest ? [{ kind: 'lit' as const, text: rest, quoted: false }] : [];
        cmd.assigns.push({ name: m[1]!, value: [...head, ...t.word.slice(1)] });
      } else cmd.words.push(t.word);
    }
    if (cmd.words.length === 1 && this.isOp('(')) throw new ShellUnsupported('function definitions');
    if (cmd.words.length === 0 && cmd.assigns.length === 0 && cmd.redirects.length === 0) {
      const t = this.peek();
      throw new ShellSyntaxError(t ? describe(t) : undefined);
    }
    return cmd;
  }
}
