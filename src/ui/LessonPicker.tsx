import { Box } from 'ink';
import Text from './SafeText.js';
import { colorOf, useTheme, type Tone } from './theme.js';
import { fit, padToWidth } from './text.js';
import { wrapSpans } from './markdown.js';

/** One lesson as the picker shows it. */
export interface LessonEntry {
  id: string;
  title: string;
  summary: string;
  steps: number;
  /** Steps passed or skipped, from saved progress. */
  done: number;
  finished: boolean;
  /** The 1-based step the lesson resumes at, when progress was saved mid-lesson. */
  resumeStep?: number;
  requires: readonly string[];
  /** Prerequisites not finished yet; non-empty means locked. */
  missing: readonly string[];
  /** The room is instructor-paced and this lesson is not unlocked: it cannot be opened. Default: false. */
  held?: boolean;
}

export type LessonState = 'new' | 'started' | 'done' | 'locked' | 'held';

export function lessonState(l: LessonEntry): LessonState {
  if (l.held) return 'held';
  if (l.finished) return 'done';
  if (l.done > 0 || l.resumeStep !== undefined) return 'started';
  return l.missing.length > 0 ? 'locked' : 'new';
}

const LOOK: Record<LessonState, { word: string; tone: Tone }> = {
  new: { word: 'NEW', tone: 'accent' },
  started: { word: 'IN PROGRESS', tone: 'busy' },
  done: { word: 'DONE', tone: 'pass' },
  locked: { word: 'LOCKED', tone: 'muted' },
  held: { word: 'LOCKED', tone: 'muted' },
};

interface Props {
  lessons: readonly LessonEntry[];
  selected: number;
  /** Where lessons run, e.g. "simulated cluster (Istio 1.24)". */
  cluster: string;
  /** Which cluster and why, one line (wrapped). */
  clusterLine?: string;
  /** A one-line note (e.g. why a lesson did not open). */
  notice?: string;
  /** The selected lesson is locked and Enter was pressed once: its line asks for the second. Default false. */
  confirmingLocked?: boolean;
  width: number;
  height: number;
}

/** The lesson list: progress and state word per lesson, then the selected one's summary and prerequisites. */
export default function LessonPicker({
  lessons,
  selected,
  cluster,
  clusterLine,
  notice,
  confirmingLocked = false,
  width,
  height,
}: Props) {
  const theme = useTheme();
  const muted = colorOf(theme, 'muted');
  const current = lessons[selected];
  const detail = current ? detailLines(current, width, confirmingLocked) : [];
  const about = clusterLine
    ? wrapSpans([{ text: clusterLine, style: 'plain' }], width).map((spans) => spans.map((s) => s.text).join(''))
    : [];
  const listRows = Math.max(3, height - 4 - detail.length - about.length - (notice ? 1 : 0));
  const first = Math.min(Math.max(0, selected - listRows + 1), Math.max(0, lessons.length - listRows));
  const shown = lessons.slice(first, first + listRows);
  const countWidth = 8;
  const stateWidth = 12;
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold color={colorOf(theme, 'accent')}>
          meshwalk
        </Text>
        <Text> · choose a lesson</Text>
        <Text color={muted}>{`   on ${cluster}`}</Text>
      </Text>
      <Text> </Text>
      {lessons.length === 0 && <Text>No lessons found.</Text>}
      {shown.map((l, i) => {
        const index = first + i;
        const isSel = index === selected;
        const look = LOOK[lessonState(l)];
        const pointer = isSel ? (theme.plain ? '> ' : '▸ ') : '  ';
        const name = fit(`${index + 1}. ${l.title}`, width - 2 - countWidth - stateWidth - 2);
        return (
          <Text key={l.id} wrap="truncate-end" inverse={isSel && !theme.plain && theme.color}>
            <Text bold={isSel}>{pointer}</Text>
            <Text bold={isSel}>{padToWidth(name, width - 2 - countWidth - stateWidth - 2)}</Text>
            <Text color={muted}>{`  ${`${l.done}/${l.steps}`.padStart(countWidth - 2)}  `}</Text>
            <Text color={isSel && theme.color ? undefined : colorOf(theme, look.tone)}>
              {look.word.padEnd(stateWidth - 2)}
            </Text>
          </Text>
        );
      })}
      <Text> </Text>
      {detail.map((line, i) => (
        <Text key={i} color={i === 0 ? undefined : muted} wrap="truncate-end">
          {line}
        </Text>
      ))}
      {notice && <Text color={colorOf(theme, 'busy')}>{notice}</Text>}
      {about.length > 0 && <Text> </Text>}
      {about.map((line, i) => (
        <Text key={`about.${i}`} color={muted}>
          {line}
        </Text>
      ))}
    </Box>
  );
}

function detailLines(l: LessonEntry, width: number, confirming: boolean): string[] {
  const summary = wrapSpans([{ text: l.summary, style: 'plain' }], width).map((spans) =>
    spans.map((s) => s.text).join(''),
  );
  const lines = summary.length > 4 ? [...summary.slice(0, 3), `${summary[3] ?? ''}…`] : summary;
  if (l.held) lines.push(fit('Locked by the instructor: it opens when they unlock it.', width));
  const locked = l.missing.length > 0 && lessonState(l) === 'locked';
  if (locked && confirming)
    lines.push(...wrapped(`Locked: finish ${l.missing.join(', ')} first. Press Enter again to open it anyway.`, width));
  else if (locked)
    lines.push(...wrapped(`Locked: finish ${l.missing.join(', ')} first (Enter twice opens it anyway).`, width));
  else if (l.missing.length > 0) lines.push(fit(`Builds on ${l.missing.join(', ')} (not finished).`, width));
  else if (l.requires.length > 0) lines.push(fit(`Builds on: ${l.requires.join(', ')}.`, width));
  if (l.finished) lines.push('Done. Enter opens it again from the first step.');
  else if (l.resumeStep !== undefined) lines.push(`Enter resumes at step ${l.resumeStep} of ${l.steps}.`);
  return lines;
}

function wrapped(text: string, width: number): string[] {
  return wrapSpans([{ text, style: 'plain' }], width).map((spans) => spans.map((x) => x.text).join(''));
}

/**
 * The lesson list as plain lines, kept in the transcript when a lesson opens in plain mode: the
 * list a screen reader user just chose from stays readable above the lesson.
 */
export function plainLessonList(lessons: readonly LessonEntry[], selected: number, cluster: string): string[] {
  return [
    `meshwalk · lessons on ${cluster}:`,
    ...lessons.map(
      (l, i) =>
        `${i === selected ? '> ' : '  '}${i + 1}. ${l.title} (${l.done}/${l.steps} steps) [${l.held ? 'LOCKED by the instructor' : LOOK[lessonState(l)].word}]`,
    ),
  ];
}
