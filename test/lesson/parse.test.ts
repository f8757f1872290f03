import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/lesson/parse.js';

const at = (text: string) =>
  parseLesson(text, 'l.yaml').problems.map((p) => `${p.line}:${p.col} ${p.code} ${p.message}`);

const base = 'id: x\ntitle: X\nsummary: S\nistio: ["1.24"]\n';

describe('parseLesson', () => {
  it('returns the lesson, with defaults applied, when there is no problem', () => {
    const r = parseLesson(
      `${base}steps:\n  - id: a\n    title: A\n    run: kubectl get pods\n    capture:\n      POD: {}\n`,
      'l.yaml',
    );
    expect(r.problems).toEqual([]);
    expect(r.lesson?.steps[0]?.capture?.POD).toEqual({ from: 'stdout' });
  });

  it('reports an empty file and a file that is not a map', () => {
    expect(at('')).toEqual(['1:1 not-a-lesson the file is empty; a lesson starts with `id:`']);
    expect(at('- a\n- b\n')).toEqual([
      '1:1 not-a-lesson a lesson is a YAML map with id, title, summary, istio and steps',
    ]);
  });

  it('reports more than one YAML document', () => {
    expect(at(`${base}steps: [{id: a, title: A}]\n---\nid: y\n`)).toEqual([
      '6:1 yaml-syntax a lesson file holds one YAML document; remove the `---` separator',
    ]);
  });

  it('reports an invalid regular expression where it is written', () => {
    expect(
      at(
        `${base}steps:\n  - id: a\n    title: A\n    verify:\n      run: kubectl get pods\n      expect: { regex: "(a" }\n`,
      ),
    ).toEqual([
      '10:24 unsupported-regex `regex` is not a pattern meshwalk can run (RE2 syntax): missing closing ): `(a`',
    ]);
  });

  it('reports run and apply on one step, and both in one action', () => {
    expect(
      at(
        `${base}steps:\n  - id: a\n    title: A\n    run: kubectl get pods\n    apply: manifests/x.yaml\n    solve:\n      - { run: kubectl get a, apply: b }\n`,
      ),
    ).toEqual([
      '9:5 conflicting-fields a step has `run` or `apply`, not both; put the apply in a step of its own',
      '11:9 conflicting-fields give one of `apply` or `run`, not both',
    ]);
  });

  it('reports a wrong union shape with both accepted shapes', () => {
    expect(at(`${base}vars:\n  NS: [a]\nsteps: [{id: a, title: A}]\n`)).toEqual([
      '6:7 wrong-type `NS` must be a string or a map, not a list',
    ]);
  });

  it('keeps going after a schema problem: rules still report', () => {
    expect(
      at(`${base}steps:\n  - id: a\n    title: 5\n    run: kubectl get pods | wc\n  - id: a\n    title: B\n`),
    ).toEqual([
      '7:12 wrong-type `title` must be a string, not the number 5',
      '8:27 shell-syntax a pipe `|` needs a shell: meshwalk runs commands without a shell; split this into steps',
      '9:9 duplicate-step-id step id `a` is already used by step 1; step ids must be unique',
    ]);
  });

  it('locates a command problem inside a double-quoted YAML scalar', () => {
    expect(at(`${base}steps:\n  - id: a\n    title: A\n    run: "kubectl get pods; ls"\n`)).toEqual([
      '8:27 shell-syntax `;` needs a shell: meshwalk runs commands without a shell; split this into steps',
    ]);
  });

  it('never throws on hostile input', () => {
    for (const text of [
      '\t- a',
      '{{{{',
      '&a [*a]',
      '*nope',
      'a: !!js/function "x"',
      '"\\u',
      '%YAML 9.9\n---\na: 1',
      'a: b: c',
    ]) {
      expect(() => parseLesson(text, 'l.yaml')).not.toThrow();
      expect(parseLesson(text, 'l.yaml').problems.length).toBeGreaterThan(0);
    }
  });
});

describe('manifest paths in kubectl commands', () => {
  it('checks `kubectl apply -f manifests/...` like an `apply:` path, and refuses a URL', () => {
    const text = `${base}steps:\n  - id: a\n    title: A\n    run: kubectl apply -n x -f manifests/nope.yaml\n  - id: b\n    title: B\n    run: kubectl apply --filename=manifests/ok.yaml -f https://example.com/x.yaml\n`;
    const r = parseLesson(text, '/r/lessons/l.yaml', {
      root: '/r',
      fileExists: (p) => p === '/r/manifests/ok.yaml',
      readFile: () => 'apiVersion: v1\nkind: Namespace\nmetadata: {name: ok}\n',
    });
    expect(r.problems.map((p) => `${p.line}:${p.col} ${p.code}`)).toEqual([
      '8:32 manifest-missing',
      '11:56 path-outside-lesson',
    ]);
  });
});

describe('parseLesson on arbitrary input', () => {
  const good = readFileSync(new URL('./fixtures/valid/lessons/good.yaml', import.meta.url), 'utf8');

  it('never throws, and every problem has a position inside the file', () => {
    const mutated = fc
      .tuple(fc.nat(good.length), fc.nat(40), fc.string({ maxLength: 12 }))
      .map(([at, cut, insert]) => good.slice(0, at) + insert + good.slice(at + cut));
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string({ maxLength: 200 })), (text) => {
        const { lesson, problems } = parseLesson(text, 'l.yaml');
        expect(lesson !== undefined || problems.length > 0).toBe(true);
        const lines = text.split('\n').length;
        for (const p of problems) {
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.line).toBeLessThanOrEqual(lines);
          expect(p.col).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
