/** The simulated shell on its own: parsing, expansion, redirections, control flow and the text programs. */
import { describe, expect, test } from 'vitest';
import { parseScript } from '../../../src/sim/shell/parser.js';
import { runScript, type ShellConfig } from '../../../src/sim/shell/interpreter.js';
import { ShellSyntaxError, syntaxMessage } from '../../../src/sim/shell/errors.js';
import { PodFiles } from '../../../src/sim/shell/pod-files.js';
import type { ShellProgram } from '../../../src/sim/shell/program.js';
import { echo, printf } from '../../../src/sim/shell/programs/echo-printf.js';
import { grep } from '../../../src/sim/shell/programs/grep.js';
import { test as testProgram } from '../../../src/sim/shell/programs/test.js';
import { cat, cut, head, seq, sort, tail, tr, uniq, wc } from '../../../src/sim/shell/programs/text.js';

const AWK = '`awk` inside a pod is not simulated';
const PROGRAMS: Record<string, ShellProgram> = { cat, cut, head, seq, sort, tail, tr, uniq, wc, grep };

interface Options {
  stdin?: string;
  args?: string[];
  env?: Record<string, string>;
  unknown?: Record<string, string>;
}

function sh(script: string, o: Options = {}) {
  const config: ShellConfig = {
    dialect: 'ash',
    builtins: { echo: echo('ash'), printf, test: testProgram, '[': testProgram },
    lookup: (name) => PROGRAMS[name] ?? (name === 'awk' ? { refuse: AWK } : { missing: true }),
    files: new PodFiles({ '/etc/hostname': 'pod-1\n' }, ['/tmp']),
    env: { HOME: '/root', X: '1', ...o.env },
    unknown: o.unknown,
    arg0: 'sh',
    args: o.args ?? [],
    cwd: '/',
  };
  return runScript(script, config, o.stdin ?? '');
}

const out = async (script: string, o?: Parameters<typeof sh>[1]) => (await sh(script, o)).stdout;

describe('parser', () => {
  test('and-or lists of pipelines, in order', () => {
    const list = parseScript('a | b && c || d; e');
    expect(list).toHaveLength(2);
    expect(list[0]!.first.commands).toHaveLength(2);
    expect(list[0]!.rest.map((r) => r.op)).toEqual(['&&', '||']);
  });

  test('syntax errors read as BusyBox ash, dash and bash print them', () => {
    const error = (src: string) => {
      try {
        parseScript(src);
      } catch (e) {
        return e as ShellSyntaxError;
      }
      throw new Error('no error');
    };
    const eof = 'sh: syntax error: unexpected end of file (expecting "done")';
    expect(syntaxMessage(error('for i in 1; do echo'), 'ash')).toBe(eof);
    expect(syntaxMessage(error("echo 'open"), 'ash')).toBe('sh: syntax error: unterminated quoted string');
    expect(syntaxMessage(error('echo a; done'), 'ash')).toBe('sh: syntax error: unexpected "done"');
    expect(syntaxMessage(error('echo a; done'), 'dash')).toBe('sh: 1: Syntax error: "done" unexpected');
    expect(syntaxMessage(error('| echo'), 'bash')).toBe("bash: -c: line 1: syntax error near unexpected token `|'");
  });
});

describe('expansion and quoting', () => {
  test('single, double and backslash quotes; $VAR and ${VAR}', async () => {
    expect(await out(`echo 'a  $X' "b  $X" c\\ \${X}d`)).toBe('a  $X b  1 c 1d\n');
  });

  test('unquoted expansions are split into fields, quoted ones are not', async () => {
    const script = 'V="1  2"; for i in $V; do echo "[$i]"; done; for i in "$V"; do echo "[$i]"; done';
    expect(await out(script)).toBe('[1]\n[2]\n[1  2]\n');
  });

  test('$(…), nested, and backquotes; trailing newlines are removed', async () => {
    expect(await out('echo "<$(echo "in $(echo deep)")>" `echo back`')).toBe('<in deep> back\n');
  });

  test('"$@", $#, $1 and ${V:-default}', async () => {
    const script = 'for a in "$@"; do echo "$a"; done; echo $# $1 ${NOPE:-dflt} ${X:+set}';
    expect(await out(script, { args: ['a b', 'c'] })).toBe('a b\nc\n2 a b dflt set\n');
  });

  test('$? is the last status; ! negates', async () => {
    const script = 'false; echo $?; ! false; echo $?; true && echo yes || echo no; false && echo yes || echo no';
    expect(await out(script)).toBe('1\n0\nyes\nno\n');
  });

  test('a variable the pod does not set is refused (a host variable that got here), unless defaulted', async () => {
    const r = await sh('echo "port 9002 $TCP_ECHO_IP"');
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toBe(
      'meshwalk sim: the variable $TCP_ECHO_IP (not set in the pod) is not simulated; ' +
        'if it is a variable of your own shell, put its value in the command\n',
    );
    expect(await out('echo "[${NOPE-}]"; V=; echo "[$V]"')).toBe('[]\n[]\n');
  });

  test('a variable the simulator cannot know is refused when read, not before', async () => {
    const r = await sh('echo start; echo $TOKEN', { unknown: { TOKEN: 'from a Secret' } });
    expect(r.stdout).toBe('start\n');
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/^meshwalk sim: the variable TOKEN \(from a Secret\) is not simulated/);
  });
});

describe('redirections and files', () => {
  test('> and >> write, < reads; 2>&1 and 2>/dev/null route stderr', async () => {
    const script =
      'echo a > /tmp/f; echo b >> /tmp/f; cat < /tmp/f; cat /tmp/no 2>&1; cat /tmp/no 2>/dev/null; ' + 'echo $?';
    const r = await sh(script);
    const stdout = "a\nb\ncat: can't open '/tmp/no': No such file or directory\n1\n";
    expect(r).toEqual({ stdout, stderr: '', exitCode: 0 });
  });

  test('order matters: 2>&1 >/dev/null keeps stderr on the old stdout', async () => {
    expect(await out('cat /tmp/no 2>&1 >/dev/null | wc -l')).toBe('1\n');
    expect(await out('cat /tmp/no >/dev/null 2>&1 | wc -l')).toBe('0\n');
  });

  test("a missing input file is the shell's error and status 1", async () => {
    const stderr = "sh: can't open '/tmp/missing': No such file or directory\n";
    expect(await sh('cat < /tmp/missing')).toEqual({ stdout: '', stderr, exitCode: 1 });
  });

  test('files outside /tmp and $HOME belong to the image: refused', async () => {
    expect((await sh('cat /etc/passwd')).exitCode).toBe(3);
    expect((await sh('echo x > /data/out')).stderr).toMatch(/^meshwalk sim: writing \/data\/out inside a pod/);
    expect(await out('cat /etc/hostname')).toBe('pod-1\n');
  });
});

describe('control flow', () => {
  test('for, while, if/elif/else, break and continue', async () => {
    const script =
      'for i in 1 2 3 4; do if [ $i = 2 ]; then continue; elif [ $i -ge 4 ]; then break; ' + 'else echo $i; fi; done';
    expect(await out(script)).toBe('1\n3\n');
    const loop = 'echo 3 > /tmp/n; while [ "$(cat /tmp/n)" != 0 ]; do seq 0 2 | head -n 1 > /tmp/n; echo loop; done';
    expect(await out(loop)).toBe('loop\n');
  });

  test('exit N ends the script with N; in ( … ) only the subshell', async () => {
    expect(await sh('echo a; exit 4; echo b')).toEqual({ stdout: 'a\n', stderr: '', exitCode: 4 });
    expect(await sh('(exit 5); echo $?')).toEqual({ stdout: '5\n', stderr: '', exitCode: 0 });
    expect((await sh('true | exit 6; echo $?')).stdout).toBe('6\n');
  });

  test('break outside a loop is ignored; PWD and IFS are set as every sh sets them', async () => {
    expect(await sh('break; echo after')).toEqual({ stdout: 'after\n', stderr: '', exitCode: 0 });
    expect(await out('for i in 1 2; do for j in a b; do echo $i$j; break 2; done; done')).toBe('1a\n');
    expect(await out('echo "$PWD[$IFS]"')).toBe('/[ \t\n]\n');
  });

  test('a loop that would never end is refused', async () => {
    const r = await sh('while true; do :; done');
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/a loop running more than 1000 times is not simulated/);
  });

  test('not found is 127; refused programs stop the script with exit 3', async () => {
    expect(await sh('nope; echo $?')).toEqual({ stdout: '127\n', stderr: 'sh: nope: not found\n', exitCode: 0 });
    expect(await sh('echo a; awk 1; echo b')).toEqual({ stdout: 'a\n', stderr: `meshwalk sim: ${AWK}\n`, exitCode: 3 });
  });

  test.each([
    ['echo $((1+1))', 'arithmetic expansion'],
    ['cat <<EOF', 'here-documents'],
    ['sleep 1 &', 'background jobs'],
    ['ls *', 'pathname expansion'],
    ['case a in a) echo;; esac', 'case'],
    ['f() { echo; }', 'function definitions'],
    ['read x', 'read'],
  ])('%s is refused, naming %s', async (script, what) => {
    const r = await sh(script);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain(what);
  });
});

describe('programs', () => {
  test('grep -q -c -v -i -o -E -n and a BRE', async () => {
    const text = 'hello world\nHELLO again\nbye\n';
    expect(await out('grep -c hello', { stdin: text })).toBe('1\n');
    expect(await out('grep -ci hello', { stdin: text })).toBe('2\n');
    expect(await out('grep -v hello', { stdin: text })).toBe('HELLO again\nbye\n');
    expect(await out('grep -oE "l+o"', { stdin: text })).toBe('llo\n');
    expect(await out('grep -n "by\\(e\\)"', { stdin: text })).toBe('3:bye\n');
    // The first grep reads all of stdin: the second sees none.
    expect(await out('grep -q nothing; echo $?; grep -q bye; echo $?', { stdin: text })).toBe('1\n1\n');
    expect(await out('echo bye | grep -q bye; echo $?')).toBe('0\n');
  });

  test('head, tail, wc, tr, cut, sort, uniq, seq, printf', async () => {
    expect(await out('seq 5 | head -n 2; seq 5 | tail -2; seq 3 | wc -l')).toBe('1\n2\n4\n5\n3\n');
    const script = 'echo abc | tr a-c A-C; echo a:b:c | cut -d: -f2,3; printf "b\\na\\nb\\n" | sort | uniq -c';
    expect(await out(script)).toBe('ABC\nb:c\n      1 a\n      2 b\n');
    expect(await out('printf "%s=%03d\\n" a 7 b 42')).toBe('a=007\nb=042\n');
    expect(await out("printf '%s\\n' 'a\\nb'")).toBe('a\\nb\n');
  });

  test('echo: ash prints backslashes as typed unless -e; -n drops the newline', async () => {
    expect(await out('echo "a\\tb"; echo -e "a\\tb"; echo -n x')).toBe('a\\tb\na\tb\nx');
  });
});

describe('properties', () => {
  test('any script is answered (output, a syntax error or a refusal), never a crash', async () => {
    const fc = (await import('fast-check')).default;
    const unit = fc.constantFrom(
      'a',
      ' ',
      '$',
      '(',
      ')',
      '`',
      '<',
      '>',
      '|',
      '&',
      ';',
      '"',
      "'",
      '\\',
      '{',
      '}',
      '\n',
      '2',
      '#',
      'echo ',
      'for ',
      ' in ',
      'do ',
      'done',
      'if ',
      'then ',
      'fi',
      'while ',
      'cat',
      'grep ',
      '=',
      '*',
      '!',
      '-',
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ unit, maxLength: 24 }), async (script) => {
        const r = await sh(script);
        expect(typeof r.exitCode).toBe('number');
      }),
      { numRuns: 400 },
    );
  });
});
