/**
 * The meshwalk command lines printed for the learner, with the flags that make them act on the
 * cluster in use: a suggestion must work when pasted as printed.
 */
import { hasOwnAction, isReadingStep } from '../engine/step-kind.js';
import type { Step } from '../lesson/schema.js';

/** `meshwalk ARGS` followed by the cluster's flags (see `clusterFlags`). */
export function meshwalkCommand(args: string, commandFlags: string | undefined): string {
  return commandFlags ? `meshwalk ${args} ${commandFlags}` : `meshwalk ${args}`;
}

/**
 * For a step the learner does themselves (nothing of its own to run, something to verify or
 * solve): the `meshwalk shell` command that opens their own shell on this cluster, in the
 * lesson's work folder, with the step's starting manifest there. Undefined for other steps.
 */
export function yourTurnCommand(lessonId: string, step: Step | undefined, commandFlags: string | undefined) {
  if (!step || hasOwnAction(step) || isReadingStep(step)) return undefined;
  return meshwalkCommand(`shell ${lessonId} --step ${step.id}`, commandFlags);
}

/**
 * The flags that point another meshwalk command at the cluster the TUI uses (progress key `sim`
 * or `context:NAME`); the data directory comes along through MESHWALK_HOME, as for the TUI.
 */
export function clusterFlags(key: string, allowContext: readonly string[] = []): string {
  if (key === 'sim') return '--cluster sim';
  const context = key.replace(/^context:/, '');
  const q = /^[\w.@:/+-]+$/.test(context) ? context : `'${context.replace(/'/g, `'\\''`)}'`;
  return allowContext.includes(context) ? `--context ${q} --allow-context ${q}` : `--context ${q}`;
}
