import { tokenize } from '../tokenize.js';
import type { Rule } from './rule.js';

/** Every command must tokenize: balanced quotes and no shell syntax (there is no shell). */
export const commandSyntax: Rule = (_lesson, report, ctx) => {
  for (const site of ctx.sites.commands) {
    const r = tokenize(site.text);
    if (!r.ok) report({ path: site.path, index: r.index }, r.kind, r.message);
  }
};
