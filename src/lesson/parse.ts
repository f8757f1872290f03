/**
 * Lesson text in, `{ lesson?, problems }` out; never throws on bad content. Order: size and
 * depth limits, YAML syntax (with duplicate keys and alias limits), the schema, then the rules.
 * The rules also run best-effort when the schema failed, so one pass reports every problem.
 * `lesson` is set only when the file (and every manifest it references) has no problem.
 */
import { isMap, isScalar } from 'yaml';
import { InternalError } from '../errors.js';
import { lessonSites } from './lesson-fields.js';
import { sortProblems, type Problem } from './problem.js';
import { RULES } from './rules/index.js';
import { manifests } from './rules/manifests.js';
import { prerequisiteFindings, prerequisites } from './rules/prerequisites.js';
import type { Report, Rule, RuleContext, Where } from './rules/rule.js';
import { Lesson } from './schema.js';
import { schemaProblems } from './schema-issues.js';
import { parseYaml, type YamlSource } from './yaml-source.js';

export type ParseContext = {
  /** The folder holding lessons/ and manifests/; manifest paths are relative to it. */
  root: string;
  /** The installed meshwalk package folder, which `meshwalk:manifests/…` references name. */
  shippedRoot?: string;
  fileExists(path: string): boolean;
  readFile(path: string): string | undefined;
  /** The path with symlinks resolved, or undefined when it does not exist. Without it, symlinks are not checked. */
  realPath?(path: string): string | undefined;
  /** Every known lesson id; without it, `requires` is not checked. */
  lessonIds?: ReadonlySet<string>;
  /** Skip the manifest rule (paths and contents): for a quick listing, not for lint. */
  skipManifests?: boolean;
};

export type ParseResult = { lesson?: Lesson; problems: Problem[] };

export function parseLesson(text: string, file: string, ctx?: ParseContext): ParseResult {
  const staged = parseLessonStaged(text, file, ctx);
  const problems = sortProblems([
    ...staged.problems,
    ...(ctx?.lessonIds ? requiresProblems(staged, file, ctx.lessonIds) : []),
  ]);
  return problems.length === 0 && staged.lesson ? { lesson: staged.lesson, problems } : { problems };
}

type Positioned = { value: string; line: number; col: number };

/**
 * A parsed lesson whose `requires` is checked later, once every lesson id is known. Plain data,
 * so a worker thread can hand it back to the loader.
 */
export type StagedLesson = {
  /** The validated lesson, if the schema passed (other problems may still exist). */
  lesson?: Lesson;
  problems: Problem[];
  /** The lesson id and where it is written, when it is a string (for duplicate-id checks). */
  id?: Positioned;
  /** Each `requires` entry and where it is written. */
  requires: Positioned[];
};

/** The `unknown-prerequisite` problems of a staged lesson, given every known lesson id. */
export function requiresProblems(staged: StagedLesson, file: string, ids: ReadonlySet<string>): Problem[] {
  return prerequisiteFindings(
    staged.id?.value,
    staged.requires.map((r) => r.value),
    ids,
  ).map(({ index, message }) => {
    const at = staged.requires[index] as Positioned;
    return { file, line: at.line, col: at.col, code: 'unknown-prerequisite', message };
  });
}

export function parseLessonStaged(text: string, file: string, ctx?: Omit<ParseContext, 'lessonIds'>): StagedLesson {
  const { source, values, problems } = parseYaml(text, file);
  const none: StagedLesson = { problems, requires: [] };
  if (values.length === 0)
    return problems.length
      ? none
      : { ...none, problems: [source.problemAt(0, 'not-a-lesson', 'the file is empty; a lesson starts with `id:`')] };
  const raw = values[0];
  const parsed = Lesson.safeParse(raw);
  if (!parsed.success) problems.push(...schemaProblems(parsed.error.issues, raw, source, Lesson));
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    if (parsed.success === false && problems.length === 0)
      problems.push(source.problemAt(0, 'not-a-lesson', 'a lesson is a YAML map'));
    return none;
  }
  const lesson = parsed.success ? parsed.data : (raw as Lesson);
  const runRules = (rules: readonly Rule[]): Problem[] => {
    const out: Problem[] = [];
    const report: Report = (where, code, message) => out.push({ file, ...positionOf(source, where), code, message });
    let sites: RuleContext['sites'];
    try {
      sites = lessonSites(lesson);
    } catch (err) {
      if (parsed.success) throw err;
      return out; // malformed beyond what the rules can read; the schema problems come first
    }
    const ruleCtx: RuleContext = {
      sites,
      file,
      root: ctx?.root,
      shippedRoot: ctx?.shippedRoot,
      fileExists: ctx?.fileExists,
      readFile: ctx?.readFile,
      realPath: ctx?.realPath,
      addProblem: (p) => out.push(p),
      positionOf: (where) => positionOf(source, where),
    };
    for (const rule of rules) {
      try {
        rule(lesson, report, ruleCtx);
      } catch {
        // Only reachable when the schema already failed and the data has an unexpected shape:
        // the schema problems say what to fix, so this rule's findings can wait.
        if (parsed.success) throw new InternalError(`lesson rule ${rule.name} failed on a valid lesson (${file})`);
      }
    }
    return out;
  };
  problems.push(...runRules(RULES.filter((r) => r !== prerequisites && !(ctx?.skipManifests && r === manifests))));
  const requires = Array.isArray((raw as { requires?: unknown }).requires)
    ? (raw as { requires: unknown[] }).requires
    : [];
  const idNode = source.nodeAt(['id']);
  const id =
    typeof (raw as { id?: unknown }).id === 'string' && idNode.exact
      ? { value: (raw as { id: string }).id, ...positionOf(source, { path: ['id'] }) }
      : undefined;
  return {
    lesson: parsed.success ? parsed.data : undefined,
    problems,
    id,
    requires: requires.flatMap((value, i) =>
      typeof value === 'string' ? [{ value, ...positionOf(source, { path: ['requires', i] }) }] : [],
    ),
  };
}

function positionOf(source: YamlSource, where: Where): { line: number; col: number } {
  const { node, exact } = source.nodeAt(where.path);
  let offset = source.offsetOf(node);
  if (exact && where.key && where.path.length > 0) {
    const key = source.keyNodeAt(where.path.slice(0, -1), String(where.path[where.path.length - 1]));
    if (key) offset = source.offsetOf(key);
  } else if (exact && where.index !== undefined && isScalar(node)) {
    offset = source.offsetInScalar(node, where.index);
  } else if (!exact && isMap(node)) {
    offset = source.offsetOf(node);
  }
  const { line, col } = source.lineCounter.linePos(offset);
  return { line, col };
}
