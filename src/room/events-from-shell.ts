/**
 * What a `meshwalk shell` session reports to the room. Pure.
 *
 * The shell runs no lesson engine: the learner types their own commands, and the step is checked
 * where the lesson runs (the TUI or `meshwalk run`), which reports the pass or the failure. So a
 * shell says only where the learner works: the step it opened on. Not `lesson-opened`: the room
 * starts a participant's step and its failure count over on that, and a learner who opens a
 * shell beside the TUI to get unstuck would no longer show as stuck. What they type and what it
 * prints never leave the machine.
 */
import type { RoomEventBody } from './protocol.js';

export function shellSessionEvents(lesson: string, step: string): RoomEventBody[] {
  return [{ type: 'step-started', lesson, step }];
}
