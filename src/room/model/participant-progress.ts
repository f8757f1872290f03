import type { CellStatus, RoomEvent } from '../protocol.js';
import { assertNever } from '../../errors.js';

/** What the room knows of one participant, folded from its events. */
export interface Progress {
  id: string;
  name: string;
  /** The highest seq stored: the next event must be lastSeq + 1. */
  lastSeq: number;
  lesson?: string;
  step?: string;
  /** Whether the current lesson has finished (nobody is stuck in a finished lesson). */
  finished: boolean;
  /** Lesson id → step id → status, steps in the order first seen. */
  cells: Record<string, Record<string, CellStatus>>;
  /** Lesson id → step id → elapsedMs of the first pass: the funnel's times. */
  passMs: Record<string, Record<string, number>>;
  /** Failed attempts on the current step. */
  failures: number;
  lastFailure?: string;
  /** Server clock when the current step started (or first showed up). */
  stepSince?: number;
  lastSeen: number;
  hintsUsed: number;
  whyUsed: number;
}

export function newProgress(id: string, name: string, joinedAt: number): Progress {
  return {
    id,
    name,
    lastSeq: 0,
    finished: false,
    cells: {},
    passMs: {},
    failures: 0,
    lastSeen: joinedAt,
    hintsUsed: 0,
    whyUsed: 0,
  };
}

/**
 * Folds one stored event into `p`, in place (a room folds every event of a workshop on start).
 * `receivedAt` is the server's clock when the event was stored: participants' clocks disagree.
 */
export function applyEvent(p: Progress, e: RoomEvent, receivedAt: number): void {
  p.lastSeq = Math.max(p.lastSeq, e.seq);
  p.lastSeen = Math.max(p.lastSeen, receivedAt);
  switch (e.type) {
    case 'lesson-opened':
      p.lesson = e.lesson;
      p.step = undefined;
      p.finished = false;
      p.failures = 0;
      p.lastFailure = undefined;
      p.stepSince = receivedAt;
      return;
    case 'step-started':
      moveTo(p, e.lesson, e.step, receivedAt);
      setCell(p, e.lesson, e.step, 'running');
      return;
    case 'step-passed': {
      moveTo(p, e.lesson, e.step, receivedAt);
      setCell(p, e.lesson, e.step, 'passed');
      const times = (p.passMs[e.lesson] ??= {});
      times[e.step] ??= e.elapsedMs;
      return;
    }
    case 'step-failed':
      moveTo(p, e.lesson, e.step, receivedAt);
      setCell(p, e.lesson, e.step, 'failed');
      p.failures += 1;
      p.lastFailure = e.reason;
      return;
    case 'step-skipped':
      moveTo(p, e.lesson, e.step, receivedAt);
      setCell(p, e.lesson, e.step, 'skipped');
      return;
    case 'hint-used':
      p.hintsUsed += 1;
      return;
    case 'why-used':
      p.whyUsed += 1;
      return;
    case 'lesson-finished':
      if (p.lesson === undefined || p.lesson === e.lesson) {
        p.lesson = e.lesson;
        p.finished = true;
      }
      return;
    default:
      assertNever(e, 'room event');
  }
}

/** A new current step resets the failure count and the time on it. */
function moveTo(p: Progress, lesson: string, step: string, at: number): void {
  if (p.lesson === lesson && p.step === step) return;
  p.lesson = lesson;
  p.step = step;
  p.finished = false;
  p.failures = 0;
  p.lastFailure = undefined;
  p.stepSince = at;
}

function setCell(p: Progress, lesson: string, step: string, status: CellStatus): void {
  const cells = (p.cells[lesson] ??= {});
  // A pass stays a pass: running a passed step again (to see it once more) does not undo it.
  if (cells[step] === 'passed' && status !== 'passed' && status !== 'failed') return;
  cells[step] = status;
}
