import { join, normalize, sep } from 'node:path';
import { checkCommand, type PathUse } from '../command-policy/index.js';
import { isInside, pathProblem, shippedPath } from '../command-policy/paths.js';
import type { Lesson } from '../schema.js';
import { tokenize } from '../tokenize.js';
import type { Report, Rule, RuleContext, Where } from './rule.js';

/**
 * Every command must be on the lesson allow-list (command-policy/). Lint checks the words as
 * written, with the fixed `vars:` values put in (captured ones are known only at run time, when
 * the engine checks the rendered words again). A path that exists in the lesson folder must
 * still be inside it once symlinks are resolved.
 */
export const commandPolicy: Rule = (lesson, report, ctx) => {
  const fixed = fixedValues(lesson);
  for (const site of ctx.sites.commands) {
    const t = tokenize(site.text);
    if (!t.ok) continue; // command-syntax reports it
    const v = checkCommand({ argv: t.argv.map((w) => withFixed(w, fixed)), template: t.argv });
    if (!v.ok) {
      report({ path: site.path, index: t.starts[v.word] ?? 0 }, v.code, v.reason);
      continue;
    }
    for (const use of v.paths)
      checkLink(
        { path: site.path, index: t.starts[t.argv.findIndex((w) => withFixed(w, fixed).endsWith(use.path))] ?? 0 },
        use,
        report,
        ctx,
      );
  }
  for (const site of ctx.sites.applies) {
    const written = typeof site.apply === 'string' ? site.apply : site.apply?.file;
    if (typeof written !== 'string') continue;
    const where = { path: typeof site.apply === 'string' ? site.path : [...site.path, 'file'] };
    const file = withFixed(written, fixed);
    // A literal path is the manifests rule's; one made from a fixed var is checked here.
    const why = written.includes('{{') ? pathProblem(file, 'lesson') : undefined;
    if (why) report(where, 'path-outside-lesson', why);
    else checkLink(where, { path: file, access: 'read', within: 'lesson' }, report, ctx);
  }
};

/** The fixed `vars:` values that hold no `{{VAR}}` themselves. */
function fixedValues(lesson: Lesson): Map<string, string> {
  const vars = lesson.vars && typeof lesson.vars === 'object' ? Object.entries(lesson.vars) : [];
  return new Map(vars.filter((e): e is [string, string] => typeof e[1] === 'string' && !e[1].includes('{{')));
}

function withFixed(word: string, fixed: ReadonlyMap<string, string>): string {
  return word.replace(/\{\{([A-Z][A-Z0-9_]*)\}\}/g, (whole, name: string) => fixed.get(name) ?? whole);
}

/** A lesson-folder file reached through a symlink that leads out of the folder is refused. */
function checkLink(where: Where, use: PathUse, report: Report, ctx: RuleContext): void {
  if (use.within !== 'lesson' || use.path.includes('{{') || use.path === '-' || !ctx.root || !ctx.realPath) return;
  // A `meshwalk:` reference must stay inside the shipped manifests, as any path must stay inside its lesson.
  const shipped = shippedPath(use.path);
  if (shipped !== undefined && ctx.shippedRoot === undefined) return;
  const base = shipped !== undefined ? join(ctx.shippedRoot as string, 'manifests') : ctx.root;
  const root = ctx.realPath(base);
  const target = shipped !== undefined ? join(ctx.shippedRoot as string, shipped) : join(ctx.root, normalize(use.path));
  const real = ctx.realPath(target);
  if (root === undefined || real === undefined || isInside(real, root, sep)) return;
  report(
    where,
    'path-outside-lesson',
    `\`${use.path}\` is a symlink to ${real}, outside the lesson folder; copy the file into the lesson instead`,
  );
}
