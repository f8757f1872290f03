/**
 * Where a lesson holds commands, manifest references and text, each with its YAML path and
 * the variables in scope there. The rules walk these instead of the lesson's shape, so a new
 * field that holds a command is added in one place.
 */
import type { Action, Apply, Expectation, Lesson } from './schema.js';
import type { Path } from './yaml-source.js';

export type Site = {
  path: Path;
  text: string;
  /** Variables defined where this text is used (fixed vars, earlier captures). */
  scope: ReadonlySet<string>;
  /** For messages: where in the lesson this is. */
  where: string;
};

export type ApplySite = { path: Path; apply: Apply; where: string };

export type LessonSites = {
  commands: Site[];
  /** Every string that may contain `{{VAR}}` (commands included). */
  texts: Site[];
  applies: ApplySite[];
  /** A variable name → the step id that captures it (for "captured only later"). */
  capturedBy: Map<string, string>;
};

export function lessonSites(lesson: Lesson): LessonSites {
  const commands: Site[] = [];
  const texts: Site[] = [];
  const applies: ApplySite[] = [];
  const capturedBy = new Map<string, string>();
  const cmd = (path: Path, text: unknown, scope: Set<string>, where: string) => {
    if (typeof text !== 'string') return;
    commands.push({ path, text, scope, where });
    texts.push({ path, text, scope, where });
  };
  const txt = (path: Path, text: unknown, scope: Set<string>, where: string) => {
    if (typeof text === 'string') texts.push({ path, text, scope, where });
  };
  const expectation = (path: Path, e: Expectation | undefined, scope: Set<string>, where: string) => {
    if (!e || typeof e !== 'object') return;
    for (const k of ['stdout', 'contains', 'notContains', 'stderrContains', 'regex'] as const)
      txt([...path, k], e[k], scope, where);
  };
  const action = (path: Path, a: Action, scope: Set<string>, where: string) => {
    if (!a || typeof a !== 'object') return;
    if ('run' in a) {
      cmd([...path, 'run'], a.run, scope, where);
      txt([...path, 'stdin'], a.stdin, scope, where);
      expectation([...path, 'expect'], a.expect, scope, where);
    } else if ('apply' in a) {
      applyAt([...path, 'apply'], a.apply, scope, where);
    }
  };
  const applyAt = (path: Path, apply: Apply | undefined, scope: Set<string>, where: string) => {
    if (apply === undefined) return;
    applies.push({ path, apply, where });
    if (typeof apply === 'string') txt(path, apply, scope, where);
    else if (apply && typeof apply === 'object') {
      txt([...path, 'file'], apply.file, scope, where);
      txt([...path, 'inline'], apply.inline, scope, where);
      txt([...path, 'namespace'], apply.namespace, scope, where);
    }
  };
  const list = <T>(v: readonly T[] | undefined): readonly T[] => (Array.isArray(v) ? v : []);

  // Fixed variables exist from the start; captured ones after setup, in the order declared.
  const fixed = new Set<string>();
  const vars = lesson.vars && typeof lesson.vars === 'object' ? Object.entries(lesson.vars) : [];
  for (const [name, v] of vars) if (typeof v === 'string') fixed.add(name);
  list(lesson.setup).forEach((a, i) => action(['setup', i], a, fixed, 'setup'));
  const afterStart = new Set(fixed);
  for (const [name, v] of vars) {
    if (v && typeof v === 'object') cmd(['vars', name, 'capture'], v.capture, new Set(afterStart), `variable ${name}`);
    afterStart.add(name);
  }
  list(lesson.cleanup).forEach((a, i) => action(['cleanup', i], a, afterStart, 'cleanup'));

  const inScope = new Set(afterStart);
  list(lesson.steps).forEach((step, i) => {
    if (!step || typeof step !== 'object') return;
    const where = `step ${typeof step.id === 'string' ? step.id : i + 1}`;
    const p = ['steps', i];
    const before = new Set(inScope);
    txt([...p, 'title'], step.title, before, where);
    txt([...p, 'text'], step.text, before, where);
    list(step.hints).forEach((h, j) => txt([...p, 'hints', j], h, before, where));
    if (Array.isArray(step.run)) step.run.forEach((r, j) => cmd([...p, 'run', j], r, before, where));
    else cmd([...p, 'run'], step.run, before, where);
    txt([...p, 'stdin'], step.stdin, before, where);
    applyAt([...p, 'apply'], step.apply, before, where);
    list(step.solve).forEach((a, j) => action([...p, 'solve', j], a, before, where));
    // A starter is a manifest file like an applied one: it must exist and hold Kubernetes objects.
    if (typeof step.starter === 'string') applyAt([...p, 'starter'], step.starter, before, where);
    // The step's own captures exist once its command has run: for its expectation and verify.
    const captures = step.capture && typeof step.capture === 'object' ? Object.keys(step.capture) : [];
    for (const name of captures) {
      inScope.add(name);
      if (!capturedBy.has(name)) capturedBy.set(name, typeof step.id === 'string' ? step.id : String(i + 1));
      const regex = step.capture?.[name]?.regex;
      txt([...p, 'capture', name, 'regex'], regex, before, where);
    }
    const after = new Set(inScope);
    expectation([...p, 'expect'], step.expect, after, where);
    const v = step.verify;
    if (v && typeof v === 'object') {
      cmd([...p, 'verify', 'run'], v.run, after, where);
      txt([...p, 'verify', 'stdin'], v.stdin, after, where);
      expectation([...p, 'verify', 'expect'], v.expect, after, where);
      expectation([...p, 'verify', 'before'], v.before, before, where);
    }
  });
  return { commands, texts, applies, capturedBy };
}
