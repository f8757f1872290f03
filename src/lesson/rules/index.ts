import { commandPolicy } from './command-policy.js';
import { commandSyntax } from './command-syntax.js';
import { controlChars } from './control-characters.js';
import { duplicateStepIds } from './duplicate-step-ids.js';
import { manifests } from './manifests.js';
import { prerequisites } from './prerequisites.js';
import type { Rule } from './rule.js';
import { stepCount } from './step-count.js';
import { stepShape } from './step-shape.js';
import { undefinedVars } from './undefined-vars.js';

/** Every rule `parseLesson` runs, in reporting order. */
export const RULES: readonly Rule[] = [
  duplicateStepIds,
  stepShape,
  commandSyntax,
  commandPolicy,
  undefinedVars,
  manifests,
  prerequisites,
  controlChars,
  stepCount,
];
