import { Box } from 'ink';
import Text from './SafeText.js';
import { assertNever } from '../errors.js';
import type { MdLine, SpanStyle } from './markdown.js';
import { colorOf, useTheme, type Theme } from './theme.js';

interface Props {
  /** Lines from `renderMarkdown`, already wrapped and sliced to what fits. */
  lines: readonly MdLine[];
}

function spanProps(style: SpanStyle, theme: Theme) {
  switch (style) {
    case 'plain':
      return {};
    case 'bold':
      return { bold: true };
    case 'italic':
      return { italic: true };
    case 'code':
      return { color: colorOf(theme, 'code') };
    case 'link':
      return { underline: true, color: colorOf(theme, 'accent') };
    default:
      return assertNever(style, 'span style');
  }
}

/** Draws pre-wrapped Markdown lines; one <Text> per line so ink never re-wraps them. */
export default function MarkdownLines({ lines }: Props) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text key={i} bold={line.kind === 'heading'} wrap="truncate-end">
          {line.spans.length === 0
            ? ' '
            : line.spans.map((s, j) => (
                <Text key={j} {...spanProps(line.kind === 'code' ? 'code' : s.style, theme)}>
                  {s.text}
                </Text>
              ))}
        </Text>
      ))}
    </Box>
  );
}
