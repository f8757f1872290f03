import { Box } from 'ink';
import Text from './SafeText.js';
import StatusWord, { type StepStatus } from './StatusWord.js';
import { colorOf, useTheme } from './theme.js';
import { wrapCode } from './text.js';
import { displayWidth } from './display-width.js';

interface Props {
  lessonTitle: string;
  /** 0-based index of the step on screen. */
  stepIndex: number;
  stepCount: number;
  stepTitle: string;
  status: StepStatus;
  /** Each step's status, drawn as a row of marks so the learner sees how far they are. */
  trail: readonly StepStatus[];
  /** Where commands run, e.g. "simulated cluster (Istio 1.24)". */
  cluster: string;
  width: number;
}

const MARK: Record<StepStatus, string> = {
  pending: '·',
  running: '▸',
  verifying: '▸',
  passed: '✔',
  failed: '✘',
  skipped: '↷',
};
const STATUS_WIDTH = 12;

/** The header's text, line by line; the step screen counts its rows from it. */
export function headerLayout(p: Omit<Props, 'status'>, plain: boolean) {
  const position = `step ${p.stepIndex + 1} of ${p.stepCount}`;
  const right = `on ${p.cluster}`;
  const marks = plain ? '' : ` ${p.trail.map((s, i) => (i === p.stepIndex ? '●' : MARK[s])).join('')}`;
  const oneLine = displayWidth(p.lessonTitle) + 3 + position.length + marks.length + 1 + displayWidth(right) <= p.width;
  // A long lesson title gets lines of its own, so neither it nor the step marks are cut.
  const titleLines = oneLine ? [] : wrapCode(p.lessonTitle, p.width);
  const lead = oneLine ? `${p.lessonTitle} · ` : '';
  const used = displayWidth(lead) + position.length + marks.length + displayWidth(right);
  const fitsRight = used + 1 <= p.width;
  const gap = fitsRight ? ' '.repeat(Math.max(1, p.width - used)) : '';
  const stepLines = wrapCode(p.stepTitle, p.width - STATUS_WIDTH);
  return {
    titleLines,
    lead,
    position,
    marks,
    gap,
    right: fitsRight ? right : '',
    stepLines,
    rows: titleLines.length + 1 + stepLines.length,
  };
}

/** Lesson, position and cluster; then the step title and its status word. Long titles wrap. */
export default function Header({ status, ...p }: Props) {
  const theme = useTheme();
  const h = headerLayout(p, theme.plain);
  const accent = colorOf(theme, 'accent');
  return (
    <Box flexDirection="column" width={p.width}>
      {h.titleLines.map((l, i) => (
        <Text key={`t${i}`} bold color={accent}>
          {l}
        </Text>
      ))}
      <Text wrap="truncate-end">
        {h.lead && (
          <Text bold color={accent}>
            {h.lead.slice(0, -3)}
          </Text>
        )}
        {h.lead && <Text> · </Text>}
        <Text>{h.position}</Text>
        <Text color={colorOf(theme, 'muted')}>{h.marks}</Text>
        <Text>{h.gap}</Text>
        <Text color={colorOf(theme, 'muted')}>{h.right}</Text>
      </Text>
      <Box>
        <Box flexGrow={1} flexDirection="column">
          {h.stepLines.map((l, i) => (
            <Text key={`s${i}`} bold>
              {l}
            </Text>
          ))}
        </Box>
        <StatusWord status={status} />
      </Box>
    </Box>
  );
}
