import { Box } from 'ink';
import Text from './SafeText.js';
import { colorOf, useTheme } from './theme.js';
import { fit } from './text.js';

interface Props {
  /** The output, already wrapped to `width` (see `hardWrap`). */
  lines: readonly string[];
  /** Rows for output lines (the title row is extra). */
  height: number;
  /** How many lines up from the bottom the view is scrolled. 0 follows new output. Default: 0. */
  scroll?: number;
  /** What the pane is called. Default: `output`. */
  title?: string;
  width: number;
}

/**
 * A bounded window on a command's output: the newest lines, unless scrolled back. The title
 * row says how many lines are hidden above and below, so nothing is lost silently.
 */
export default function OutputPane({ lines, height, scroll = 0, title = 'output', width }: Props) {
  const theme = useTheme();
  const rows = Math.max(1, height);
  const maxScroll = Math.max(0, lines.length - rows);
  const back = Math.min(Math.max(0, scroll), maxScroll);
  const end = lines.length - back;
  const start = Math.max(0, end - rows);
  const shown = lines.slice(start, end);
  const hidden = [start > 0 ? `↑ ${start} more` : '', back > 0 ? `↓ ${back} more` : ''].filter(Boolean).join(' ');
  const label = fit(title, Math.max(10, width - hidden.length - 4));
  return (
    <Box flexDirection="column" width={width}>
      <Text color={colorOf(theme, 'muted')} wrap="truncate-end">
        {`── ${label} ${'─'.repeat(Math.max(0, width - label.length - hidden.length - 5))} ${hidden}`.trimEnd()}
      </Text>
      {shown.length === 0 ? (
        <Text color={colorOf(theme, 'muted')}>(no output)</Text>
      ) : (
        shown.map((line, i) => (
          <Text key={start + i} wrap="truncate-end">
            {line === '' ? ' ' : line}
          </Text>
        ))
      )}
    </Box>
  );
}
