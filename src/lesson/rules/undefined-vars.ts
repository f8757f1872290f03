import { varRefs } from '../render.js';
import type { Rule } from './rule.js';

/** A `{{VAR}}` must be defined in `vars:` or captured by an earlier step, where it is used. */
export const undefinedVars: Rule = (lesson, report, ctx) => {
  const declared = new Set(lesson.vars && typeof lesson.vars === 'object' ? Object.keys(lesson.vars) : []);
  for (const site of ctx.sites.texts) {
    for (const { name, index } of varRefs(site.text)) {
      if (site.scope.has(name)) continue;
      const later = ctx.sites.capturedBy.get(name);
      const why = declared.has(name)
        ? `is captured when the lesson starts, after setup; setup can use only fixed values`
        : later !== undefined
          ? `is captured by step \`${later}\`, which runs later (or is this step's own capture, usable only in its verify)`
          : `is not defined; add it to \`vars:\` or capture it in an earlier step`;
      report({ path: site.path, index }, 'undefined-var', `{{${name}}} ${why}`);
    }
  }
};
