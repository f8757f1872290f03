// The generated bash stand-ins against the node one they replace (test/fixtures/bin/standin.mjs):
// the same log line, the same bytes out, the same exit code, for the same scenario.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { standins, type Rule } from './standins.js';

const reference = resolve(import.meta.dirname, '../fixtures/bin/kubectl');

/** One call, given as a bash word list so argv can hold bytes a JS string cannot (ill-formed UTF-8). */
function call(s: ReturnType<typeof standins>, words: string, node = false) {
  const program = node ? `${process.execPath} ${reference}` : 'kubectl';
  const r = spawnSync('/bin/bash', ['-c', `exec ${program} ${words}`], { env: s.env });
  const logged = readFileSync(join(s.dir, 'calls.jsonl'), 'utf8').trimEnd().split('\n').at(-1)!;
  return { out: r.stdout, err: r.stderr, exit: r.status, pid: r.pid, logged };
}

/**
 * The bash stand-in and the node one answer `words` alike; returns the bash answer. `alone`: bash
 * answers without node (its way to node is cut, so handing the call on would fail).
 */
function same(rules: Rule[], words: string, alone = true) {
  const s = standins(rules);
  if (alone) {
    const script = join(s.dir, 'bin', 'kubectl');
    writeFileSync(script, readFileSync(script, 'utf8').replaceAll(`$'${process.execPath}'`, '/nonexistent'));
  }
  const bash = call(s, words);
  const node = call(standins(rules), words, true);
  expect(bash.logged.replace(/"pid":\d+/, '')).toBe(node.logged.replace(/"pid":\d+/, ''));
  expect([bash.out.toString('hex'), bash.err.toString('hex'), bash.exit]).toEqual([
    node.out.toString('hex'),
    node.err.toString('hex'),
    node.exit,
  ]);
  return bash;
}

describe('generated stand-ins', () => {
  it.each([
    ['spaces and quotes', `'a b' '"q"' "it's" '\\' '' %s $'\\x7f'`, true],
    ['unicode and line breaks', `héllo 日本 😀 $'x\\ny\\tz\\r' $'\\u2028'`, true],
    ['a control byte (node logs it)', `ok $'a\\x01b'`, false],
    ['another control byte', `$'\\x1f'`, false],
    ['ill-formed UTF-8 (node decodes it to U+FFFD)', `$'\\xff'`, false],
    ['a UTF-16 surrogate in UTF-8', `$'\\xed\\xa0\\x80'`, false],
    ['an overlong encoding', `$'\\xc0\\xaf'`, false],
    ['a long argv', 'x'.repeat(5000), false],
  ])('logs argv exactly as the node stand-in does: %s', (_name, words, alone) => {
    const r = same([], words, alone);
    expect(JSON.parse(r.logged).pid).toBe(r.pid);
    expect(r.exit).toBe(99);
  });

  it('prints stdout and stderr byte for byte, and exits with the code', () => {
    const rules: Rule[] = [
      { tool: 'kubectl', args: ['get', 'it\'s "x"'], stdout: 'ü \\n 100% \'"\\\n\0end', stderr: '\uD800 \t-', exit: 3 },
      { tool: 'kubectl', args: ['get'], stdout: '-n no newline', exit: 300 },
    ];
    expect(same(rules, `--context m get x 'it'"'"'s "x"'`).exit).toBe(3);
    expect(same(rules, 'get pods').out.toString()).toBe('-n no newline');
    expect(same(rules, 'apply').err.toString()).toBe('stand-in kubectl: no rule for: apply\n');
  });

  it('keeps when / unless / sets flags, and setRules takes effect at once', () => {
    const s = standins([
      { tool: 'kubectl', args: ['version'], stdout: 'after\n', when: 'up' },
      { tool: 'kubectl', args: ['version'], stdout: 'before\n', unless: 'up' },
      { tool: 'minikube', args: ['start'], sets: 'up' },
    ]);
    const run = (tool: string, ...argv: string[]) => spawnSync(tool, argv, { env: s.env, encoding: 'utf8' });
    expect(run('kubectl', 'version').stdout).toBe('before\n');
    expect(run('minikube', 'start').status).toBe(0);
    expect(run('kubectl', 'version').stdout).toBe('after\n');
    s.setRules([{ tool: 'kubectl', stderr: 'new\n', exit: 1 }]);
    expect(run('kubectl', 'version')).toMatchObject({ stdout: '', stderr: 'new\n', status: 1 });
    expect(s.calls().map((c) => [c.tool, ...c.argv])).toEqual([
      ['kubectl', 'version'],
      ['minikube', 'start'],
      ['kubectl', 'version'],
      ['kubectl', 'version'],
    ]);
  });
});
