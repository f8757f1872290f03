import { join, normalize, sep } from 'node:path';
import { checkCommand, type PathUse } from '../command-policy/index.js';
import { isInside } from '../command-policy/paths.js';
import { tokenize } from '../tokenize.js';
import type { Rule, RuleContext, Where } from './rule.js';

/**
 * Every command must be on the lesson allow-list (command-policy/), checked on the words as
 * written; the engine checks the rendered words again before running them. A path that exists
 * in the lesson folder must still be inside it once symlinks are resolved.
 */
export const commandPolicy: Rule = (_lesson, report, ctx) => {
  for (const site of ctx.sites.commands) {
    const t = tokenize(site.text);
    if (!t.ok) continue; // command-syntax reports it
    const v = checkCommand({ argv: t.argv, template: t.argv });
    if (!v.ok) {
      report({ path: site.path, index: t.starts[v.word] ?? 0 }, v.code, v.reason);
      continue;
    }
    for (const use of v.paths) checkLink({ path: site.path, index: t.starts[t.argv.indexOf(use.path)] ?? 0 }, use, report, ctx);
  }
  for (const site of ctx.sites.applies) {
    const file = typeof site.apply === 'string' ? site.apply : site.apply?.file;
    const where = { path: typeof site.apply === 'string' ? site.path : [...site.path, 'file'] };
    if (typeof file === 'string') checkLink(where, { path: file, access: 'read', within: 'lesson' }, report, ctx);
  }
};

/** A lesson-folder file reached through a symlink that leads out of the folder is refused. */
function checkLink(where: Where, use: PathUse, report: Parameters<Rule>[1], ctx: RuleContext): void {
  if (use.within !== 'lesson' || use.path.includes('{{') || use.path === '-' || !ctx.root || !ctx.realPath) return;
  const root = ctx.realPath(ctx.root);
  const real = ctx.realPath(join(ctx.root, normalize(use.path)));
  if (root === undefined || real === undefined || isInside(real, root, sep)) return;
  report(where, 'path-outside-lesson', `\`${use.path}\` is a symlink to ${real}, outside the lesson folder; copy the file into the lesson instead`);
}
