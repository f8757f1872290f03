import { Box } from 'ink';
import Text from './SafeText.js';
import MarkdownLines from './MarkdownLines.js';
import type { MdLine } from './markdown.js';
import { colorOf, useTheme } from './theme.js';

interface Props {
  /** The explanation (or the manifest, when shown), wrapped and cut to the rows it may use. */
  body: readonly MdLine[];
  /** Lines of the body hidden above and below, for the "more" marks. */
  hiddenAbove: number;
  hiddenBelow: number;
  /** The exact commands the step runs, each already wrapped to the width. */
  commands: readonly string[][];
  /** For a step the learner does: the `meshwalk shell` command, wrapped. Default: none. */
  yourTurn?: readonly string[];
  /** The probe that verifies the step with what it must observe, wrapped, `Checks: ` included. */
  probe?: string[];
  /** True when the step applies a manifest, so `m` is offered. */
  hasManifest: boolean;
  showingManifest: boolean;
  width: number;
}

/** The step's explanation, then exactly what will run and how it will be checked. */
export default function StepView({
  body,
  hiddenAbove,
  hiddenBelow,
  commands,
  yourTurn = [],
  probe,
  hasManifest,
  showingManifest,
  width,
}: Props) {
  const theme = useTheme();
  const muted = colorOf(theme, 'muted');
  return (
    <Box flexDirection="column" width={width}>
      {hiddenAbove > 0 && <Text color={muted}>↑ {hiddenAbove} more lines (PgUp)</Text>}
      <MarkdownLines lines={body} />
      {hiddenBelow > 0 && <Text color={muted}>↓ {hiddenBelow} more lines (PgDn)</Text>}
      {commands.length > 0 && (
        <Text color={muted}>
          {showingManifest ? 'm: back to the explanation' : `Runs${hasManifest ? ' (m: show the manifest)' : ''}:`}
        </Text>
      )}
      {commands.flatMap((lines, i) =>
        lines.map((line, j) => (
          <Text key={`${i}.${j}`} wrap="truncate-end">
            <Text color={colorOf(theme, 'muted')}>{j === 0 ? '$ ' : '  '}</Text>
            <Text color={colorOf(theme, 'code')} bold>
              {line}
            </Text>
          </Text>
        )),
      )}
      {yourTurn.length > 0 && <Text color={muted}>Your turn, in a shell of your own on this cluster:</Text>}
      {yourTurn.map((line, j) => (
        <Text key={`turn.${j}`} wrap="truncate-end">
          <Text color={muted}>{j === 0 ? '$ ' : '  '}</Text>
          <Text color={colorOf(theme, 'code')} bold>
            {line}
          </Text>
        </Text>
      ))}
      {probe?.map((line, j) => (
        <Text key={`probe.${j}`} color={muted} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  );
}
