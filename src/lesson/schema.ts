/**
 * The lesson format, modelled once. The TypeScript types below and the committed JSON Schema
 * (`schema/lesson.schema.json`, written by `npm run schema`) are both derived from it, so the
 * editor, the loader and the engine cannot disagree about what a lesson is.
 *
 * Authoring rules that a schema cannot express (undefined `{{VAR}}`, duplicate step ids,
 * manifest paths, prerequisites) are checked by the rules in `src/lesson/rules/`.
 */
import { z } from 'zod';
import { VAR_NAME } from './defaults.js';
import { compilePattern } from './pattern.js';

/** Re-exported: the zod-free constants live in defaults.ts (the engine imports them from there). */
export { VAR_NAME, VERIFY_DEFAULTS } from './defaults.js';

/** A lesson or step id: lowercase words joined by dashes, as in a URL. */
const Id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase words joined by dashes, like `strict-mtls`')
  .describe('Lowercase words joined by dashes, e.g. `strict-mtls`.');

const VarName = z.string().regex(VAR_NAME, 'must be UPPER_SNAKE_CASE, like `INGRESS_PORT`');

/**
 * A duration: a number of seconds, or a string with a unit (`500ms`, `30s`, `2m`).
 * Parsed by `parseDuration` in `src/lesson/duration.ts`.
 */
export const Duration = z
  .union([
    z.number().positive(),
    z.string().regex(/^\d+(?:\.\d+)?(?:ms|s|m)$/, 'must be a duration like `500ms`, `30s` or `2m`'),
  ])
  .describe('Seconds as a number, or a string with a unit: `500ms`, `30s`, `2m`.');

/**
 * A command line, written as a person would type it at a shell prompt. It is tokenized once
 * into argv (single and double quotes group words; no pipes, redirections or `$(...)`), then
 * `{{VAR}}` is substituted inside tokens, so no value can add arguments.
 */
export const CommandLine = z
  .string()
  .min(1)
  .describe(
    'A command as typed at a prompt, e.g. `kubectl get pods -n {{NS}}`. Quotes group words; no pipes or `$(...)`.',
  );

/**
 * A regular expression in RE2 syntax (JavaScript's without backreferences and lookaround; see
 * pattern.ts), checked to compile so a typo is caught by lint, not mid-lesson.
 */
const Regex = z.string().superRefine((source, ctx) => {
  const c = compilePattern(source);
  if (!c.ok) ctx.addIssue({ code: 'custom', message: c.reason, params: { problemCode: 'unsupported-regex' } });
});

/** An HTTP status as a verification observes it: `000` (or 0) means no response at all. */
const HttpStatus = z
  .union([
    z.number().int().min(0).max(599),
    z.string().regex(/^\d{3}$/, 'must be a three-digit code like "403" or "000"'),
  ])
  .describe('An HTTP status such as 403; "000" (or 0) means no response (connection reset or refused).');

/**
 * What an observation must show. Every field given must hold (they are ANDed); at least one
 * is required. `stdout` is compared with trailing whitespace trimmed.
 */
export const Expectation = z
  .strictObject({
    status: HttpStatus.optional().describe(
      'The HTTP code on the last line of stdout, as printed by `curl -w "%{http_code}"`.',
    ),
    exitCode: z
      .number()
      .int()
      .min(0)
      .max(255)
      .optional()
      .describe('The exit code, e.g. 56 for a connection reset seen by curl.'),
    stdout: z.string().optional().describe('The exact standard output (trailing whitespace ignored).'),
    contains: z.string().optional().describe('Text that standard output must contain.'),
    notContains: z.string().optional().describe('Text that standard output must not contain.'),
    stderrContains: z.string().optional().describe('Text that standard error must contain.'),
    regex: Regex.optional().describe(
      "A regular expression (RE2 syntax: JavaScript's without backreferences or lookaround) that standard output must match.",
    ),
  })
  .refine((e) => Object.values(e).some((v) => v !== undefined), {
    message: 'give at least one of status, exitCode, stdout, contains, notContains, stderrContains, regex',
  })
  .describe('What must be observed. All given fields must hold.');

/** A manifest to apply: a path under `manifests/`, or inline YAML. */
export const Apply = z.union([
  z
    .string()
    .min(1)
    .describe('A path relative to the lesson repo, under `manifests/`, e.g. `manifests/mtls/strict.yaml`.'),
  z
    .strictObject({
      file: z.string().min(1).optional().describe('A path under `manifests/`.'),
      inline: z.string().min(1).optional().describe('The manifest itself, as YAML (one or more documents).'),
      namespace: z.string().min(1).optional().describe('Passed as `-n NAMESPACE` to `kubectl apply`.'),
    })
    .refine((a) => (a.file === undefined) !== (a.inline === undefined), {
      message: 'give exactly one of `file` or `inline`',
    }),
]);

/** One thing to do: run a command, or apply a manifest (shown and run as `kubectl apply -f ...`). */
export const Action = z.union([
  z.strictObject({
    run: CommandLine,
    stdin: z.string().optional().describe('Text fed to the command on standard input.'),
    expect: Expectation.optional().describe('What the command itself must produce. Default: exit code 0.'),
  }),
  z.strictObject({ apply: Apply }),
]);

/** Capture a variable from a command's output. */
export const Capture = z
  .strictObject({
    from: z.enum(['stdout', 'stderr']).default('stdout').describe('Which stream to read. Default: stdout.'),
    regex: Regex.optional().describe(
      'A regular expression; the first capture group (or the whole match) becomes the value. Default: the whole output, trimmed.',
    ),
  })
  .describe('How to take a value from the output.');

/** A verification: a probe command plus what it must observe, retried until settled or timed out. */
export const Verification = z
  .strictObject({
    run: CommandLine.describe(
      'The probe, e.g. `kubectl exec deploy/sleep -n books -- curl -s -o /dev/null -w "%{http_code}" http://books:4000/books/1`.',
    ),
    stdin: z.string().optional().describe('Text fed to the probe on standard input.'),
    expect: Expectation.describe('What the probe must observe once the step is done.'),
    before: Expectation.optional().describe(
      'What the probe observes before the step is done. `meshwalk check` asserts it, proving the verification can fail.',
    ),
    timeout: Duration.optional().describe('Give up after this long. Default: 60s.'),
    interval: Duration.optional().describe('Wait between attempts. Default: 1s.'),
    settle: z.number().int().min(1).max(20).optional().describe('Consecutive matching attempts needed. Default: 1.'),
  })
  .describe('How the step is proven done: observed output, never assumed.');

/** A lesson variable: a fixed value, or a value captured from a command's output when the lesson starts. */
export const Variable = z.union([
  z.string().describe('A fixed value.'),
  z
    .strictObject({
      capture: CommandLine.describe('The command whose output gives the value, run after setup.'),
      from: z.enum(['stdout', 'stderr']).optional().describe('Which stream to read. Default: stdout.'),
      regex: Regex.optional().describe(
        'A regular expression; the first capture group (or the whole match) becomes the value. Default: the whole output, trimmed.',
      ),
      description: z.string().optional().describe('What the value is, shown to the learner.'),
    })
    .describe('A value captured from a command when the lesson starts.'),
]);

/** One step: explain, run or apply (or let the learner act), then verify. */
export const Step = z.strictObject({
  id: Id.describe('Unique within the lesson; progress is saved by id.'),
  title: z.string().min(1).describe('A short imperative title, e.g. `Apply STRICT mTLS to the namespace`.'),
  text: z.string().optional().describe('The explanation, in Markdown: why this step, what to look for.'),
  run: z
    .union([CommandLine, z.array(CommandLine).min(1)])
    .optional()
    .describe('The command(s) meshwalk shows and runs for this step, in order; a failure stops the step.'),
  stdin: z.string().optional().describe('Text fed to the (single) command on standard input.'),
  apply: Apply.optional().describe('A manifest meshwalk applies for this step (shown as the `kubectl apply` it runs).'),
  expect: Expectation.optional().describe('What the step command itself must produce. Default: exit code 0.'),
  capture: z.record(VarName, Capture).optional().describe("Variables taken from this step's command output."),
  verify: Verification.optional().describe('How meshwalk proves the step worked, by observing the cluster.'),
  hints: z
    .array(z.string().min(1))
    .optional()
    .describe('Tiered hints: the first is gentle, the last gives the answer away.'),
  solve: z
    .array(Action)
    .optional()
    .describe(
      "What completes the step when the learner is meant to act on their own (used by skip, demo and check). Default: the step's own run/apply.",
    ),
  starter: z
    .string()
    .min(1)
    .optional()
    .describe(
      "For a step the learner does: a manifest under `manifests/` to start from. `meshwalk shell` copies it into the lesson's work folder (never over an existing copy).",
    ),
});

export const Lesson = z.strictObject({
  $schema: z
    .string()
    .optional()
    .describe('Optional: the JSON Schema for editors, e.g. `../schema/lesson.schema.json`.'),
  id: Id.describe('The lesson id, used by `requires`, progress and `meshwalk run ID`.'),
  title: z.string().min(1).describe('The lesson title, shown in the lesson list.'),
  summary: z.string().min(1).describe('One or two sentences: what the learner will be able to do.'),
  istio: z
    .array(z.string().regex(/^1\.\d+$/, 'must be an Istio minor version like "1.24"'))
    .min(1)
    .describe('The Istio versions the lesson was written and checked for, e.g. ["1.22", "1.24"].'),
  requires: z.array(Id).optional().describe('Ids of lessons that must be done first.'),
  vars: z
    .record(VarName, Variable)
    .optional()
    .describe('Variables usable as `{{NAME}}` in commands, manifests paths and text.'),
  setup: z.array(Action).optional().describe('Run before the first step (e.g. create a namespace); idempotent.'),
  cleanup: z.array(Action).optional().describe('Removes everything the lesson created; idempotent.'),
  steps: z.array(Step).min(1).describe('The steps, in order.'),
});

export type Lesson = z.infer<typeof Lesson>;
export type Step = z.infer<typeof Step>;
export type Action = z.infer<typeof Action>;
export type Apply = z.infer<typeof Apply>;
export type Expectation = z.infer<typeof Expectation>;
export type Verification = z.infer<typeof Verification>;
export type Variable = z.infer<typeof Variable>;
export type Capture = z.infer<typeof Capture>;
