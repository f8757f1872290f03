import { useEffect } from 'react';
import { Box } from 'ink';
import Text from './SafeText.js';
import type { CommandRecord, EngineState, StepStatus } from '../engine/index.js';
import Footer, { questionLines } from './Footer.js';
import Header, { headerLayout } from './Header.js';
import OutputPane from './OutputPane.js';
import StepView from './StepView.js';
import VerificationStatus, { failureRows } from './VerificationStatus.js';
import type { Intent } from './keymap.js';
import { parseInline, renderMarkdown, wrapSpans, type MdLine } from './markdown.js';
import MarkdownLines from './MarkdownLines.js';
import { splitRows } from './step-layout.js';
import { hardWrap, wrapCode } from './text.js';
import { terminalSafe } from '../text/terminal-safe.js';
import { colorOf, useTheme } from './theme.js';
import { meshwalkCommand, yourTurnCommand } from './meshwalk-command.js';

/** The keys a question takes. */
const ANSWER_KEYS: ReadonlySet<Intent> = new Set<Intent>(['yes', 'no']);

/** What the step screen shows of the current step (text with vars substituted, commands as run). */
export interface StepInfo {
  title: string;
  text: string;
  /** The commands the step runs, exactly as they will run. */
  commands: readonly string[];
  /** The probe that verifies it and what it must see. */
  probe?: { display: string; expected: string };
  /** Hints shown so far, oldest first, and how many exist. */
  hints: readonly string[];
  hintCount: number;
  hasManifest: boolean;
}

/** What replaces the explanation: the manifest (`m`) or the explanation of a failure (`w`). */
export type BodySource =
  | { kind: 'text' }
  | { kind: 'manifest'; text: string }
  | { kind: 'why'; text: string }
  /** `t`: the step's tokens decoded (never a whole token). */
  | { kind: 'token'; text: string };

interface Props {
  state: EngineState;
  info: StepInfo;
  body: BodySource;
  /** Lines scrolled down in the explanation, and up from the bottom in the output. */
  bodyScroll: number;
  outputScroll: number;
  /** Called with the offset actually shown when `bodyScroll` is past the end, so PgUp works at once. */
  onBodyScrollClamped?: (shown: number) => void;
  enabled: ReadonlySet<Intent>;
  cluster: string;
  /** Flags for suggested meshwalk commands. Default: none. */
  commandFlags?: string;
  notice?: string;
  /** A question waiting for y or n, shown in the footer's place. Default: none. */
  question?: string;
  columns: number;
  rows: number;
}

/** The transcript of a step's commands: `$ command`, its output, and its exit code when not 0. */
export function transcript(records: readonly CommandRecord[], width: number): string[] {
  return records.flatMap((r) => [
    ...wrapCode(`$ ${terminalSafe(r.display)}`, width),
    ...(r.output === '' ? [] : hardWrap(terminalSafe(r.output).replace(/\n$/, ''), width)),
    ...(r.exitCode !== undefined && r.exitCode !== 0 ? [`(exit code ${r.exitCode})`] : []),
  ]);
}

function bodyLines(info: StepInfo, body: BodySource, width: number, codeTicks: boolean): MdLine[] {
  switch (body.kind) {
    case 'text':
      return renderMarkdown(info.text, width, { codeTicks });
    case 'manifest':
      return terminalSafe(body.text)
        .replace(/\n$/, '')
        .split('\n')
        .flatMap((l) => wrapCode(l, width - 2))
        .map((l) => ({ kind: 'code', spans: [{ text: `  ${l}`, style: 'code' }] }));
    case 'why':
    case 'token':
      // meshwalk explain's (or token --decode's) own layout, kept as it is, wrapped at spaces.
      return [
        {
          kind: 'heading',
          spans: [
            {
              text: body.kind === 'why' ? 'Why? (w: back to the explanation)' : 'Tokens (t: back to the explanation)',
              style: 'bold',
            },
          ],
        },
        ...terminalSafe(body.text)
          .replace(/\n$/, '')
          .split('\n')
          .flatMap((l) => wrapCode(l, width))
          // An empty line keeps its row (an empty text would take none): the sections stay apart.
          .map((l): MdLine => ({ kind: 'text', spans: [{ text: l === '' ? ' ' : l, style: 'plain' }] })),
      ];
    default:
      return body satisfies never;
  }
}

/** The step screen: header, explanation, commands, output, verification, hint, footer. */
export default function StepScreen({
  state,
  info,
  body,
  bodyScroll,
  outputScroll,
  onBodyScrollClamped,
  enabled,
  cluster,
  commandFlags,
  notice,
  question,
  columns,
  rows,
}: Props) {
  const theme = useTheme();
  const width = Math.max(20, columns);
  const step = state.steps[state.current];
  const status: StepStatus = step?.status ?? 'pending';
  const inSteps = state.phase === 'steps' || state.phase === 'finished';
  const records = inSteps ? (step?.commands ?? []) : state.lessonCommands;
  const output = transcript(records, width);
  const commands = info.commands.map((c) => wrapCode(c, width - 2));
  // A step the learner does: the command that opens their own shell on this cluster.
  const turn = inSteps ? yourTurnCommand(state.lesson.id, state.lesson.steps[state.current], commandFlags) : undefined;
  const yourTurn = turn ? wrapCode(turn, width - 2) : [];
  const probe = info.probe
    ? wrapSpans(
        [{ text: `${info.probe.display} → expects ${info.probe.expected}`, style: 'plain' }],
        width,
        'Checks: ',
        '        ',
      ).map((l) => l.map((s) => s.text).join(''))
    : undefined;
  const hint: MdLine[] =
    info.hints.length > 0
      ? wrapSpans(
          parseInline(info.hints[info.hints.length - 1] ?? '', !theme.color),
          width,
          `Hint ${info.hints.length} of ${info.hintCount}: `,
          '  ',
        ).map((spans) => ({ kind: 'text', spans }))
      : [];
  const verifyRows =
    status === 'failed'
      ? failureRows(step?.failure, step?.verification, width)
      : status === 'verifying'
        ? 2
        : step?.verification
          ? 1
          : 0;
  const phaseLine = phaseNote(state, commandFlags);
  // Wrapped, never cut: the completion line carries a command to copy, a notice a question to answer.
  const noteText = notice || phaseLine;
  const noteLines = noteText ? wrapCode(noteText, width) : [];
  const header = {
    lessonTitle: state.lesson.title,
    stepIndex: state.current,
    stepCount: state.steps.length,
    stepTitle: info.title,
  };
  const trail = state.steps.map((s) => s.status);
  const headerRows = headerLayout({ ...header, trail, cluster, width }, theme.plain).rows;
  const fixed =
    headerRows +
    1 +
    (commands.length ? 1 + commands.flat().length : 0) +
    (yourTurn.length ? 1 + yourTurn.length : 0) +
    (probe?.length ?? 0) +
    verifyRows +
    hint.length +
    noteLines.length +
    (question !== undefined ? questionLines(question, ANSWER_KEYS, width).length : 1);
  const all = bodyLines(info, body, width, !theme.color);
  const split = splitRows(rows, { fixed, body: all.length, output: output.length });
  // The "more" marks take rows from the explanation itself.
  let room = split.bodyRows;
  // Scrolled at most until the last line sits at the bottom (the "↑ more" mark takes a row):
  // never the last line alone above empty rows.
  const lastStart = all.length > room ? all.length - Math.max(1, room - 1) : 0;
  const start = Math.min(Math.max(0, bodyScroll), lastStart);
  if (start > 0) room -= 1;
  if (start + room < all.length) room -= 1;
  room = Math.max(1, room);
  const shown = all.slice(start, start + room);
  useEffect(() => {
    if (start !== bodyScroll) onBodyScrollClamped?.(start);
  }, [start, bodyScroll, onBodyScrollClamped]);
  return (
    <Box flexDirection="column" width={width}>
      <Header {...header} status={status} trail={trail} cluster={cluster} width={width} />
      <Text> </Text>
      <StepView
        body={shown}
        hiddenAbove={start}
        hiddenBelow={Math.max(0, all.length - start - shown.length)}
        commands={commands}
        yourTurn={yourTurn}
        probe={probe}
        hasManifest={info.hasManifest}
        showingManifest={body.kind === 'manifest'}
        width={width}
      />
      {split.outputRows > 0 && (
        <OutputPane
          lines={output}
          height={split.outputRows}
          scroll={outputScroll}
          title={inSteps ? 'output' : 'lesson setup output'}
          width={width}
        />
      )}
      <VerificationStatus status={status} verification={step?.verification} failure={step?.failure} width={width} />
      <MarkdownLines lines={hint} />
      {noteLines.map((l, i) => (
        <Text key={`note${i}`} color={colorOf(theme, 'busy')}>
          {l}
        </Text>
      ))}
      {question !== undefined ? (
        <Footer mode="confirm" enabled={ANSWER_KEYS} question={question} width={width} />
      ) : (
        <Footer mode="step" enabled={enabled} labels={footerLabels(state, info)} width={width} />
      )}
    </Box>
  );
}

/** `r check` when the step has nothing for meshwalk to run; `n finish` on the last step. */
export function footerLabels(state: EngineState, info: StepInfo): Partial<Record<Intent, string>> {
  // A skipped step runs its solution again: that is more than a check.
  const solvedAgain =
    state.steps[state.current]?.status === 'skipped' && (state.lesson.steps[state.current]?.solve?.length ?? 0) > 0;
  return {
    ...(info.commands.length === 0 ? { run: 'check' } : {}),
    ...(info.commands.length === 0 && !solvedAgain ? { rerun: 'check again' } : {}),
    ...(state.current === state.steps.length - 1 ? { next: 'finish' } : {}),
  };
}

/** A line about the lesson as a whole: setup running or failed, or the lesson finished. */
function phaseNote(state: EngineState, commandFlags: string | undefined): string | undefined {
  if (state.notice) return state.notice;
  switch (state.phase) {
    case 'idle':
    case 'setup':
      return state.failure ? `Setup failed: ${state.failure}` : 'Preparing the lesson (setup)…';
    case 'vars':
      return state.failure
        ? `Could not read the lesson's values: ${state.failure}`
        : 'Reading values the lesson needs…';
    case 'steps':
      return undefined;
    case 'cleanup':
      return 'Cleaning up…';
    case 'finished':
      return finishedNote(state, commandFlags);
    default:
      return state.phase satisfies never;
  }
}

function finishedNote(state: EngineState, commandFlags: string | undefined): string {
  const passed = state.steps.filter((s) => s.status === 'passed').length;
  const skipped = state.steps.filter((s) => s.status === 'skipped').length;
  // What the lesson made stays for the lessons that build on it; say how to remove it.
  if (state.outcome === 'passed')
    return `Lesson complete: ${passed} passed${skipped > 0 ? `, ${skipped} skipped` : ''}. Clean up: ${meshwalkCommand(`reset ${state.lesson.id}`, commandFlags)}`;
  return `Lesson ended${state.failure ? `: ${state.failure}` : ''}. Press l for the lesson list.`;
}
