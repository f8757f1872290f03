import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/lesson/tokenize.js';

const argv = (line: string) => {
  const r = tokenize(line);
  if (!r.ok) throw new Error(`${r.message} at ${r.index}`);
  return r.argv;
};
const failure = (line: string) => {
  const r = tokenize(line);
  if (r.ok) throw new Error(`tokenized: ${JSON.stringify(r.argv)}`);
  return [r.kind, r.index, r.message];
};

describe('tokenize', () => {
  it.each<[string, string[]]>([
    ['kubectl get pods -n books', ['kubectl', 'get', 'pods', '-n', 'books']],
    ['  a \t b\n c  ', ['a', 'b', 'c']],
    [`echo 'a b' "c d"`, ['echo', 'a b', 'c d']],
    [`echo 'it''s'`, ['echo', 'its']],
    [`echo "a \\" b \\\\ c \\$ d \\\` e"`, ['echo', 'a " b \\ c $ d ` e']],
    [`echo "keep \\n and \\t"`, ['echo', 'keep \\n and \\t']],
    [`echo a\\ b \\'c`, ['echo', 'a b', "'c"]],
    ['echo a \\\n  b', ['echo', 'a', 'b']],
    [`echo ''`, ['echo', '']],
    [`echo x"y"'z'`, ['echo', 'xyz']],
    [
      'curl -s -o /dev/null -w "%{http_code}" http://books:4000/',
      ['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', 'http://books:4000/'],
    ],
    [
      'kubectl get pods -o jsonpath={.items[*].metadata.name}',
      ['kubectl', 'get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'],
    ],
    [`grep 'a|b' "c;d" 'e$(f)' "g>h"`, ['grep', 'a|b', 'c;d', 'e$(f)', 'g>h']],
    ['echo price$ 100%', ['echo', 'price$', '100%']],
    ['echo a#b', ['echo', 'a#b']],
  ])('%s', (line, expected) => {
    expect(argv(line)).toEqual(expected);
  });

  it('keeps {{VAR}} inside its token', () => {
    expect(argv('curl -H "Authorization: Bearer {{TOKEN}}" http://{{HOST}}:{{PORT}}/x')).toEqual([
      'curl',
      '-H',
      'Authorization: Bearer {{TOKEN}}',
      'http://{{HOST}}:{{PORT}}/x',
    ]);
  });

  it('reports an unbalanced quote at the opening quote', () => {
    expect(failure(`echo "abc`)).toEqual(['unbalanced-quote', 5, 'this double quote (") is never closed']);
    expect(failure(`echo 'ok' 'abc`)).toEqual(['unbalanced-quote', 10, "this single quote (') is never closed"]);
    expect(failure(`echo "a \\" b`)).toEqual(['unbalanced-quote', 5, 'this double quote (") is never closed']);
  });

  it.each<[string, number, string]>([
    ['a | b', 2, 'a pipe `|`'],
    ['a || b', 2, '`||`'],
    ['a && b', 2, '`&&`'],
    ['a & ', 2, '`&`'],
    ['a; b', 1, '`;`'],
    ['a > f', 2, 'a redirection `>`'],
    ['a 2>&1', 3, 'a redirection `>`'],
    ['a < f', 2, 'a redirection `<`'],
    ['(a)', 0, 'a subshell `(`'],
    ['a $(b)', 2, 'command substitution `$(...)`'],
    ['a "$(b)"', 3, 'command substitution `$(...)`'],
    ['a `b`', 2, 'command substitution `...`'],
    ['a $HOME', 2, 'the shell variable `$HOME`'],
    ['a "${X}"', 3, 'parameter expansion `${...}`'],
    ['cat ~/x', 4, 'a leading `~`'],
    ['a #b', 2, 'a word starting with `#`'],
    ['X=1 kubectl get pods', 0, 'a leading `NAME=value`'],
  ])('reports shell syntax: %s', (line, index, what) => {
    const [kind, at, message] = failure(line);
    expect([kind, at]).toEqual(['shell-syntax', index]);
    expect(message).toContain(what);
    expect(message).toContain('without a shell');
  });

  it('reports an empty command and a trailing backslash', () => {
    expect(failure('   ')).toEqual(['empty-command', 0, 'the command is empty']);
    expect(failure('echo \\')[0]).toBe('shell-syntax');
  });
});
