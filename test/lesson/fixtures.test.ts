// Each bad-input class has a fixture in fixtures/bad/lessons; its exact problems are asserted.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../src/lesson/parse.js';
import { formatProblem } from '../../src/lesson/problem.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, 'fixtures', 'bad');
const ids = new Set([
  'alias-bomb',
  'duplicate-key',
  'duplicate-step-id',
  'manifest-missing',
  'manifest-not-k8s',
  'manifest-outside',
  'missing-field',
]);

function lint(name: string): string[] {
  const file = join(root, 'lessons', name);
  const { lesson, problems } = parseLesson(readFileSync(file, 'utf8'), file, {
    root,
    fileExists: (p) => existsSync(p) && statSync(p).isFile(),
    readFile: (p) => readFileSync(p, 'utf8'),
    lessonIds: ids,
  });
  expect(lesson).toBeUndefined();
  return problems.map((p) => formatProblem(p, relative(root, p.file)));
}

const NO_SHELL = 'meshwalk runs commands without a shell; split this into steps';

describe('lesson fixtures: exact file:line:col output', () => {
  it.each<[string, string[]]>([
    [
      'yaml-syntax.yaml',
      [
        'lessons/yaml-syntax.yaml:8:10 Nested mappings are not allowed in compact mappings; a `: ` inside an unquoted value starts a map: quote the value, or write it as a `|` block [yaml-syntax]',
      ],
    ],
    [
      'duplicate-key.yaml',
      ['lessons/duplicate-key.yaml:5:1 the key `title` appears twice in this map; keep one [duplicate-key]'],
    ],
    [
      'unknown-key.yaml',
      [
        'lessons/unknown-key.yaml:8:5 unknown key `runn`; did you mean `run`? [unknown-key]',
        'lessons/unknown-key.yaml:11:17 unknown key `exitcode`; did you mean `exitCode`? [unknown-key]',
        'lessons/unknown-key.yaml:12:7 unknown key `timout`; did you mean `timeout`? [unknown-key]',
      ],
    ],
    [
      'wrong-type.yaml',
      [
        'lessons/wrong-type.yaml:4:8 `istio` must be a list, not the number 1.24 [wrong-type]',
        'lessons/wrong-type.yaml:7:12 `title` must be a string, not a list [wrong-type]',
        'lessons/wrong-type.yaml:10:25 `status` must be at most 599 [invalid-value]',
        'lessons/wrong-type.yaml:11:15 `settle` must be a number, not the string "two" [wrong-type]',
      ],
    ],
    [
      'missing-field.yaml',
      [
        'lessons/missing-field.yaml:1:1 missing required field `title` [missing-field]',
        'lessons/missing-field.yaml:5:5 missing required field `id` [missing-field]',
        'lessons/missing-field.yaml:7:9 needs one of `run` or `apply` [missing-field]',
      ],
    ],
    [
      'duplicate-step-id.yaml',
      [
        'lessons/duplicate-step-id.yaml:8:9 step id `apply` is already used by step 1; step ids must be unique [duplicate-step-id]',
      ],
    ],
    [
      'undefined-var.yaml',
      [
        'lessons/undefined-var.yaml:8:52 {{MODE}} is not defined; add it to `vars:` or capture it in an earlier step [undefined-var]',
        'lessons/undefined-var.yaml:11:20 {{POD}} is captured by step `two`, which runs later [undefined-var]',
        'lessons/undefined-var.yaml:12:23 {{POD}} is captured by step `two`, which runs later [undefined-var]',
        "lessons/undefined-var.yaml:19:11 {{POD}} is captured by this step's own command, so it exists only for its `expect`, its `verify` and later steps [undefined-var]",
        'lessons/undefined-var.yaml:19:33 {{NOPE}} is not defined; add it to `vars:` or capture it in an earlier step [undefined-var]',
      ],
    ],
    [
      'unbalanced-quote.yaml',
      [
        'lessons/unbalanced-quote.yaml:8:47 this double quote (") is never closed [unbalanced-quote]',
        "lessons/unbalanced-quote.yaml:13:38 this single quote (') is never closed [unbalanced-quote]",
      ],
    ],
    [
      'shell-syntax.yaml',
      [
        `lessons/shell-syntax.yaml:9:26 a pipe \`|\` needs a shell: ${NO_SHELL} [shell-syntax]`,
        'lessons/shell-syntax.yaml:10:23 command substitution `$(...)` needs a shell: meshwalk runs commands without a shell, so nothing expands it; use a {{VAR}} captured by an earlier step [shell-syntax]',
        `lessons/shell-syntax.yaml:11:33 \`&&\` needs a shell: ${NO_SHELL} [shell-syntax]`,
        `lessons/shell-syntax.yaml:12:26 a redirection \`>\` needs a shell: ${NO_SHELL} [shell-syntax]`,
      ],
    ],
    [
      'manifest-missing.yaml',
      [
        'lessons/manifest-missing.yaml:8:12 `manifests/nope.yaml` does not exist; paths are relative to the folder that holds lessons/ and manifests/ [manifest-missing]',
      ],
    ],
    [
      'manifest-outside.yaml',
      [
        'lessons/manifest-outside.yaml:8:12 `../../secrets.yaml` points outside the lesson repo; keep manifests under `manifests/` [manifest-outside-repo]',
        'lessons/manifest-outside.yaml:12:13 `/etc/passwd` is an absolute path; write it relative to the lesson repo, like `manifests/NAME.yaml` [manifest-outside-repo]',
      ],
    ],
    [
      'manifest-not-k8s.yaml',
      [
        'lessons/manifest-not-k8s.yaml:13:9 inline manifest: not a Kubernetes object: missing `kind` [manifest-not-k8s]',
        'lessons/manifest-not-k8s.yaml:15:11 inline manifest: `metadata.name` must be a non-empty string [manifest-not-k8s]',
        'manifests/not-k8s.yaml:4:3 `metadata.name` must be a non-empty string [manifest-not-k8s]',
        'manifests/not-k8s.yaml:7:1 not a Kubernetes object: expected a map with apiVersion, kind and metadata.name [manifest-not-k8s]',
      ],
    ],
    [
      'unknown-prerequisite.yaml',
      [
        'lessons/unknown-prerequisite.yaml:5:12 no lesson has the id `duplicate-keys`; did you mean `duplicate-key`? [unknown-prerequisite]',
        'lessons/unknown-prerequisite.yaml:5:28 no lesson has the id `nothing-like-it` [unknown-prerequisite]',
      ],
    ],
    [
      'alias-bomb.yaml',
      [
        'lessons/alias-bomb.yaml:6:8 aliases expand to too much data (over 100x); write the values out instead [alias-limit]',
      ],
    ],
    ['too-deep.yaml', ['lessons/too-deep.yaml:5:71 the YAML nests more than 64 levels deep; flatten it [too-deep]']],
  ])('%s', (name, expected) => {
    expect(lint(name)).toEqual(expected);
  });
});
