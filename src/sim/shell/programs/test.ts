/**
 * `test EXPR` and `[ EXPR ]` (POSIX XCU test): string and integer comparisons, -n/-z, the file
 * tests on the pod's files, `!`, and -a/-o left to right. Exit 0 true, 1 false, 2 on a bad expression.
 */
import type { ProcessResult } from '../../types.js';
import { notSimulated } from '../../context.js';
import type { ProgramIo } from '../program.js';
import { absolute } from '../redirect.js';

class BadExpression extends Error {}
/** A file test on a path of the image, which the simulator does not know. */
class UnknownFile extends Error {}

const INT = /^\s*-?\d+\s*$/;

function integer(s: string): number {
  if (!INT.test(s)) throw new BadExpression(`${s}: bad number`);
  return Number(s);
}

export function test(io: ProgramIo): ProcessResult {
  let args = io.argv.slice(1);
  const bracket = io.argv[0] === '[';
  if (bracket) {
    if (args.at(-1) !== ']') return { stdout: '', stderr: '[: missing ]\n', exitCode: 2 };
    args = args.slice(0, -1);
  }
  if (args.includes('(') || args.includes(')')) return notSimulated('parentheses in test expressions');
  try {
    return { stdout: '', stderr: '', exitCode: orExpr(args, io) ? 0 : 1 };
  } catch (e) {
    if (e instanceof UnknownFile) return notSimulated(e.message);
    if (e instanceof BadExpression) {
      return { stdout: '', stderr: `${bracket ? '[' : 'test'}: ${e.message}\n`, exitCode: 2 };
    }
    throw e;
  }
}

function orExpr(args: string[], io: ProgramIo): boolean {
  const o = args.indexOf('-o');
  if (o > 0) return andExpr(args.slice(0, o), io) || orExpr(args.slice(o + 1), io);
  return andExpr(args, io);
}

function andExpr(args: string[], io: ProgramIo): boolean {
  const a = args.indexOf('-a');
  if (a > 0) return primary(args.slice(0, a), io) && andExpr(args.slice(a + 1), io);
  return primary(args, io);
}

function primary(args: string[], io: ProgramIo): boolean {
  if (args[0] === '!' && args.length > 1) return !primary(args.slice(1), io);
  if (args.length === 0) return false;
  if (args.length === 1) return args[0] !== '';
  if (args.length === 2) return unary(args[0]!, args[1]!, io);
  if (args.length === 3) return binary(args[0]!, args[1]!, args[2]!);
  throw new BadExpression('syntax error');
}

function unary(op: string, v: string, io: ProgramIo): boolean {
  switch (op) {
    case '-n':
      return v !== '';
    case '-z':
      return v === '';
    case '-e':
    case '-f':
    case '-s':
    case '-r':
    case '-w': {
      const path = absolute(v, io.cwd);
      if (io.files.isDirectory(path)) return op === '-e' || op === '-r' || op === '-w';
      const r = io.files.read(path);
      if ('refuse' in r) throw new UnknownFile(`test ${op} ${v} (the image's own files)`);
      return 'text' in r && (op !== '-s' || r.text !== '');
    }
    case '-d':
      return io.files.isDirectory(absolute(v, io.cwd));
    default:
      throw new BadExpression(`${op}: unary operator expected`);
  }
}

function binary(a: string, op: string, b: string): boolean {
  switch (op) {
    case '=':
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '-eq':
      return integer(a) === integer(b);
    case '-ne':
      return integer(a) !== integer(b);
    case '-lt':
      return integer(a) < integer(b);
    case '-le':
      return integer(a) <= integer(b);
    case '-gt':
      return integer(a) > integer(b);
    case '-ge':
      return integer(a) >= integer(b);
    default:
      throw new BadExpression(`${op}: binary operator expected`);
  }
}
