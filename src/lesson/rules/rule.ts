/**
 * A rule checks one thing the schema cannot express and reports each finding at a YAML path.
 * Rules are small named functions (one per file); `parseLesson` runs them all, so one pass
 * reports every problem in a file.
 */
import type { Lesson } from '../schema.js';
import type { LessonSites } from '../lesson-fields.js';
import type { Problem, ProblemCode } from '../problem.js';
import type { Path } from '../yaml-source.js';

/** Where a finding is: a YAML path; `key` to point at the key itself; `index` into a string value. */
export type Where = { path: Path; key?: boolean; index?: number };

export type Report = (where: Where, code: ProblemCode, message: string) => void;

/** What a rule may look at besides the lesson. Absent fields skip the checks that need them. */
export type RuleContext = {
  sites: LessonSites;
  /** The folder holding lessons/ and manifests/: manifest paths are relative to it. */
  root?: string;
  /** The installed meshwalk package folder, which `meshwalk:manifests/…` references name. */
  shippedRoot?: string;
  fileExists?(path: string): boolean;
  readFile?(path: string): string | undefined;
  /** The path with every symlink resolved, or undefined when it does not exist (lesson-folder checks). */
  realPath?(path: string): string | undefined;
  /** Every lesson id in the set being loaded (for `requires`). */
  lessonIds?: ReadonlySet<string>;
  /** Reports a problem located in another file (a referenced manifest). */
  addProblem(p: Problem): void;
  /** The position of a path (and string index), for problems inside embedded text. */
  positionOf(where: Where): { line: number; col: number };
  file: string;
};

export type Rule = (lesson: Lesson, report: Report, ctx: RuleContext) => void;
