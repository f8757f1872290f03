import type { CellStatus, ParticipantRow, RoomState } from '../protocol.js';
import type { Progress } from './participant-progress.js';
import { steeringFor, type RoomSteering } from './steering.js';
import { isStuck, type StuckRule } from './stuck-rule.js';

/** A lesson as the room knows it from the lessons meshwalk loads. */
export interface LessonInfo {
  id: string;
  title: string;
  steps: { id: string; title: string }[];
}

export interface RoomStateInput {
  version: number;
  now: number;
  participants: readonly Progress[];
  steering: RoomSteering;
  lessons: readonly LessonInfo[];
  rule: StuckRule;
  /** `?lesson=`: the lesson to show; default the one most participants are in. */
  lesson?: string;
}

/** What the dashboard shows (protocol.ts RoomState), computed from the folded progress. Pure. */
export function roomState(input: RoomStateInput): RoomState {
  const { participants, lessons, rule, now } = input;
  const lesson = shownLesson(input.lesson ?? busiestLesson(participants, lessons), participants, lessons);
  const rows = participants.map((p) => row(p, lesson, rule, now));
  rows.sort((a, b) => Number(b.stuck) - Number(a.stuck) || compareNames(a.name, b.name) || compareNames(a.id, b.id));
  const state: RoomState = {
    version: input.version,
    now,
    steering: steeringFor(input.steering),
    lessons: lessons.map(({ id, title }) => ({ id, title })),
    participants: rows,
    funnel: lesson ? funnel(lesson, participants) : [],
    stuckRule: { ...rule },
  };
  if (lesson) state.lesson = lesson;
  return state;
}

function row(p: Progress, lesson: LessonInfo | undefined, rule: StuckRule, now: number): ParticipantRow {
  const cells: Record<string, CellStatus> = {};
  const mine = lesson ? p.cells[lesson.id] : undefined;
  for (const step of lesson?.steps ?? []) cells[step.id] = mine?.[step.id] ?? 'pending';
  const r: ParticipantRow = {
    id: p.id,
    name: p.name,
    cells,
    failures: p.failures,
    stuck: isStuck(p, rule, now),
    lastSeen: p.lastSeen,
    hintsUsed: p.hintsUsed,
    whyUsed: p.whyUsed,
  };
  if (p.lesson !== undefined) r.lesson = p.lesson;
  if (p.step !== undefined) r.step = p.step;
  if (p.lastFailure !== undefined) r.lastFailure = p.lastFailure;
  if (p.stepSince !== undefined) r.stepSince = p.stepSince;
  return r;
}

/** The lesson most participants are in; a tie goes to the one first in the lesson list, then by id. */
function busiestLesson(participants: readonly Progress[], lessons: readonly LessonInfo[]): string | undefined {
  const counts = new Map<string, number>();
  for (const p of participants) if (p.lesson !== undefined) counts.set(p.lesson, (counts.get(p.lesson) ?? 0) + 1);
  const order = (id: string) => {
    const i = lessons.findIndex((l) => l.id === id);
    return i === -1 ? lessons.length : i;
  };
  return [...counts.entries()].sort(([a, n], [b, m]) => m - n || order(a) - order(b) || a.localeCompare(b))[0]?.[0];
}

/** A lesson of the list; one only participants know (their own --lessons) shows its ids, steps as first seen. */
function shownLesson(
  id: string | undefined,
  participants: readonly Progress[],
  lessons: readonly LessonInfo[],
): LessonInfo | undefined {
  if (id === undefined) return undefined;
  const known = lessons.find((l) => l.id === id);
  if (known) return { id: known.id, title: known.title, steps: known.steps.map((s) => ({ ...s })) };
  const steps = new Set<string>();
  for (const p of participants) for (const step of Object.keys(p.cells[id] ?? {})) steps.add(step);
  if (steps.size === 0 && !participants.some((p) => p.lesson === id)) return undefined;
  return { id, title: id, steps: [...steps].map((s) => ({ id: s, title: s })) };
}

function funnel(lesson: LessonInfo, participants: readonly Progress[]): RoomState['funnel'] {
  return lesson.steps.map(({ id }) => {
    const passed = participants.filter((p) => p.cells[lesson.id]?.[id] === 'passed');
    const times = passed.map((p) => p.passMs[lesson.id]?.[id]).filter((t): t is number => t !== undefined);
    const medianMs = median(times);
    return medianMs === undefined ? { step: id, passed: passed.length } : { step: id, passed: passed.length, medianMs };
  });
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

function compareNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0);
}
