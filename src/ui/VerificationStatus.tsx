import { Box } from 'ink';
import Text from './SafeText.js';
import type { Observation, StepStatus, VerificationState } from '../engine/index.js';
import StatusWord from './StatusWord.js';
import { colorOf, useTheme } from './theme.js';
import { fit, hardWrap, seconds } from './text.js';
import useNow from './hooks/use-now.js';

interface Props {
  status: StepStatus;
  verification?: VerificationState;
  /** Why the step failed, one line (from the engine). */
  failure?: string;
  width: number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** What an observation showed, in a few words: `status 200`, `exit 56`, or the first output line. */
export function describeObservation(o: Observation): string {
  if (o.timedOut) return 'no answer (timed out)';
  if (o.status !== undefined)
    return o.status === '000' ? `000 (no response, exit ${o.exitCode})` : `status ${o.status}`;
  const first = (o.stdout.trim() || o.stderr.trim()).split('\n')[0] ?? '';
  return first ? `exit ${o.exitCode}: ${first}` : `exit ${o.exitCode}, no output`;
}

/**
 * The engine's reasons quote commands in backticks (plain text keeps them): on a colour screen
 * the command is drawn as code instead; without colour the backticks stay, the only
 * sign of where it starts and ends.
 */
export function codeSpans(text: string): { text: string; code: boolean }[] {
  return text
    .split(/`([^`\n]+)`/)
    .map((t, i) => ({ text: t, code: i % 2 === 1 }))
    .filter((p) => p.text !== '');
}

/**
 * The failure in words, with its line breaks as real ones: the engine quotes output as JSON
 * strings (`"a\nb"`), which would otherwise show `\n` beside breaks that are real.
 */
export function failureText(failure: string | undefined, v: VerificationState | undefined): string {
  const text =
    failure === 'cancelled'
      ? 'stopped (you pressed Esc); r tries again'
      : (failure ?? v?.last?.mismatch ?? 'the step did not pass');
  return text.replace(/(?<!\\)\\n/g, '\n').replace(/\n+$/, '');
}

/** Rows the failure takes at `width` (the status word, 8 columns, comes first). */
export function failureRows(failure: string | undefined, v: VerificationState | undefined, width: number): number {
  return hardWrap(`FAIL ✘  ${failureText(failure, v)}`, width).length + (v?.last ? 1 : 0);
}

/**
 * The verification, live: spinner, attempt N, elapsed time, what is expected and what the last
 * attempt saw. Pass and fail end with a status word; a failure says what was seen.
 */
export default function VerificationStatus({ status, verification: v, failure, width }: Props) {
  const theme = useTheme();
  const live = status === 'verifying' && !theme.plain;
  const now = useNow(live);
  if (!v && status !== 'failed') return null;
  const elapsed = v ? (live ? Math.max(v.elapsedMs, now - v.startedAt) : v.elapsedMs) : 0;
  const saw = v?.last ? describeObservation(v.last.observation) : undefined;
  // A check that must match several times in a row says so while it settles.
  const settling =
    v?.last?.matched && v.settle > 1 && status === 'verifying'
      ? ` (matches, ${v.consecutive} of ${v.settle} in a row)`
      : '';
  const muted = colorOf(theme, 'muted');

  if (status === 'verifying' && v) {
    const spin = live ? `${SPINNER[Math.floor(now / 100) % SPINNER.length]} ` : '';
    const progress = `attempt ${v.attempt} · ${seconds(elapsed)} of ${seconds(v.timeoutMs)}`;
    if (theme.plain)
      return (
        <Text>
          {fit(`[VERIFYING] ${progress} · want ${v.expected}${saw ? ` · last saw ${saw}${settling}` : ''}`, width)}
        </Text>
      );
    return (
      <Box flexDirection="column" width={width}>
        <Text wrap="truncate-end">
          <Text color={colorOf(theme, 'busy')}>{spin}</Text>
          <StatusWord status="verifying" symbol={false} />
          <Text> {fit(progress, width - 14)}</Text>
        </Text>
        <Text color={muted} wrap="truncate-end">
          {fit(`want ${v.expected}${saw ? ` · last saw ${saw}${settling}` : ''}`, width)}
        </Text>
      </Box>
    );
  }
  if (status === 'passed' && v) {
    const tries = `${v.attempt === 1 ? 'first attempt' : `attempt ${v.attempt}`} · ${seconds(v.elapsedMs)}`;
    return (
      <Text wrap="truncate-end">
        <StatusWord status="passed" />
        <Text> {fit(`${tries} · saw ${saw ?? v.expected}`, width - 9)}</Text>
      </Text>
    );
  }
  if (status === 'failed') {
    return (
      <Box flexDirection="column" width={width}>
        <Text wrap="wrap">
          <StatusWord status="failed" />
          <Text color={colorOf(theme, 'fail')}> </Text>
          {codeSpans(failureText(failure, v)).map((part, i) =>
            part.code && theme.color ? (
              <Text key={i} color={colorOf(theme, 'code')}>
                {part.text}
              </Text>
            ) : (
              <Text key={i} color={colorOf(theme, 'fail')}>
                {part.code ? `\`${part.text}\`` : part.text}
              </Text>
            ),
          )}
        </Text>
        {v?.last && (
          <Text color={muted} wrap="truncate-end">
            {fit(
              `expected ${v.expected} · saw ${saw} · ${v.attempt} attempt${v.attempt === 1 ? '' : 's'} in ${seconds(v.elapsedMs)}`,
              width,
            )}
          </Text>
        )}
      </Box>
    );
  }
  if (v && status === 'running') return null; // the command runs first; its output pane says so
  if (status === 'skipped' && v) {
    return (
      <Text wrap="truncate-end">
        <StatusWord status="skipped" />
        <Text> {fit(`completed for you; saw ${saw ?? v.expected}`, width - 12)}</Text>
      </Text>
    );
  }
  return null;
}
