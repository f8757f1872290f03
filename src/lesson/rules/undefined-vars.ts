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
        : later !== undefined && site.where === `step ${later}`
          ? `is captured by this step's own command, so it exists only for its \`expect\`, its \`verify\` and later steps`
          : later !== undefined
            ? `is captured by step \`${later}\`, which runs later`
            : `is not defined; add it to \`vars:\` or capture it in an earlier step`;
      report({ path: site.path, index }, 'undefined-var', `{{${name}}} ${why}`);
    }
  }
};
