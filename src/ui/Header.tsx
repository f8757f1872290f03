import { Box } from 'ink';
import Text from './SafeText.js';
import StatusWord, { type StepStatus } from './StatusWord.js';
import { colorOf, useTheme } from './theme.js';
import { fit } from './text.js';

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

const MARK: Record<StepStatus, string> = { pending: '·', running: '▸', verifying: '▸', passed: '✔', failed: '✘', skipped: '↷' };

/** Two lines: lesson, position and cluster; then the step title and its status word. */
export default function Header({ lessonTitle, stepIndex, stepCount, stepTitle, status, trail, cluster, width }: Props) {
  const theme = useTheme();
  const position = `step ${stepIndex + 1} of ${stepCount}`;
  const right = `on ${cluster}`;
  const fixed = right.length + position.length + 4;
  // The trail of step marks goes first when the lesson title would not fit beside it.
  let marks = theme.plain ? '' : ` ${trail.map((s, i) => (i === stepIndex ? '●' : MARK[s])).join('')}`;
  if (lessonTitle.length > width - fixed - marks.length) marks = '';
  const title = fit(lessonTitle, Math.max(10, width - fixed - marks.length));
  const gap = Math.max(1, width - title.length - 3 - position.length - marks.length - right.length);
  const statusWidth = 12;
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text bold color={colorOf(theme, 'accent')}>
          {title}
        </Text>
        <Text> · {position}</Text>
        <Text color={colorOf(theme, 'muted')}>{marks}</Text>
        <Text>{' '.repeat(gap)}</Text>
        <Text color={colorOf(theme, 'muted')}>{right}</Text>
      </Text>
      <Box>
        <Box flexGrow={1}>
          <Text bold wrap="truncate-end">
            {fit(stepTitle, width - statusWidth)}
          </Text>
        </Box>
        <StatusWord status={status} />
      </Box>
    </Box>
  );
}
