import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  displayCommand,
  referencedVars,
  renderArgv,
  renderText,
  UndefinedVariableError,
} from '../../src/lesson/render.js';
import { tokenize } from '../../src/lesson/tokenize.js';
import { UserFacingError } from '../../src/errors.js';

const argvOf = (line: string) => {
  const r = tokenize(line);
  if (!r.ok) throw new Error(r.message);
  return r.argv;
};

describe('renderArgv', () => {
  it('keeps a value with spaces or quotes as one argv word', () => {
    const argv = argvOf('curl -H "Authorization: Bearer {{TOKEN}}" {{URL}}');
    const value = `a b 'c' "d" $(rm -rf /) ; | e`;
    expect(renderArgv(argv, { TOKEN: value, URL: 'http://x/{{NOT_AGAIN}}' })).toEqual([
      'curl',
      '-H',
      `Authorization: Bearer ${value}`,
      'http://x/{{NOT_AGAIN}}',
    ]);
  });

  it('substitutes several variables inside one word, and an empty value stays a word', () => {
    expect(renderArgv(['http://{{HOST}}:{{PORT}}/', '{{EMPTY}}'], { HOST: 'h', PORT: '80', EMPTY: '' })).toEqual([
      'http://h:80/',
      '',
    ]);
  });

  it('leaves go-template braces alone', () => {
    expect(renderArgv(['{{.metadata.name}}', '{{ NS }}', '{{lower}}'], {})).toEqual([
      '{{.metadata.name}}',
      '{{ NS }}',
      '{{lower}}',
    ]);
  });

  it('throws a typed, user-facing error for an undefined variable', () => {
    let caught: unknown;
    try {
      renderArgv(['-n', '{{NS}}'], { OTHER: 'x' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UndefinedVariableError);
    expect(caught).toBeInstanceOf(UserFacingError);
    expect((caught as UndefinedVariableError).variable).toBe('NS');
    expect((caught as Error).message).toBe(
      'the variable {{NS}} has no value (used in "{{NS}}"); define it in `vars:` or capture it in an earlier step',
    );
  });

  it('does not read inherited properties as variables', () => {
    expect(() => renderText('{{TO_STRING}} {{CONSTRUCTOR}}', {})).toThrow(UndefinedVariableError);
  });
});

describe('referencedVars', () => {
  it('lists distinct names in order of first use', () => {
    expect(referencedVars('{{B}} {{A}} {{B}} {{.x}} {{c}}')).toEqual(['B', 'A']);
  });
});

describe('displayCommand', () => {
  it('quotes only where needed', () => {
    expect(displayCommand(['kubectl', 'get', 'pods', '-n', 'books', '-o', 'jsonpath={.items[*].metadata.name}'])).toBe(
      "kubectl get pods -n books -o 'jsonpath={.items[*].metadata.name}'",
    );
    expect(displayCommand(['curl', '-w', '%{http_code}', 'http://a:80/x?y=1&z=2'])).toBe(
      "curl -w '%{http_code}' 'http://a:80/x?y=1&z=2'",
    );
    expect(displayCommand(['echo', "it's", '', 'a=b', "'$x'"])).toBe(`echo "it's" '' a=b ''\\''$x'\\'''`);
    expect(displayCommand(['A=b', 'c'])).toBe("'A=b' c");
  });

  it('round-trips through tokenize for any argv', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 6 }), (argv) => {
        expect(argvOf(displayCommand(argv))).toEqual(argv);
      }),
    );
  });

  it('gives a real POSIX shell exactly the argv', () => {
    const words = fc.sample(
      fc.array(
        fc.string({ unit: 'binary' }).map((s) => s.replace(/\0/g, '')),
        { minLength: 1, maxLength: 5 },
      ),
      40,
    );
    words.push([`a b`, `it's`, `"q"`, '$HOME', '`x`', '!x', '~', '#c', '*', '{a,b}', '\\', '\n', 'A=b']);
    for (const argv of words) {
      const out = execFileSync('sh', ['-c', `printf '%s\\0' ${displayCommand(argv)}`], { encoding: 'utf8' });
      expect(out.split('\0').slice(0, -1)).toEqual(argv);
    }
  });
});
