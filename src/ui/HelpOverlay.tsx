import { Box } from 'ink';
import Text from './SafeText.js';
import { helpBindings, type Mode } from './keymap.js';
import { colorOf, useTheme } from './theme.js';
import { wrapCode } from './text.js';

interface Props {
  /** The screen the help was opened from: its keys are listed. */
  mode: Mode;
  width: number;
}

/** Every key of the screen underneath, with one line each, from the keymap. */
export default function HelpOverlay({ mode, width }: Props) {
  const theme = useTheme();
  const rows = helpBindings(mode).filter((b) => b.intent !== 'help');
  const keyWidth = Math.max(...rows.map((b) => b.display.length), 3) + 2;
  const labelWidth = Math.max(...rows.map((b) => b.label.length), 3) + 2;
  // Inside the border and its padding.
  const inner = theme.plain ? width : width - 4;
  return (
    <Box
      flexDirection="column"
      width={width}
      borderStyle={theme.plain ? undefined : 'round'}
      paddingX={theme.plain ? 0 : 1}
    >
      <Text bold>Keys {mode === 'picker' ? 'in the lesson list' : 'on a step'}</Text>
      {rows.map((b, i) => {
        // The explanation wraps under itself, past the key and its label: nothing is cut.
        const lines = wrapCode(b.help, Math.max(8, inner - keyWidth - labelWidth));
        return (
          <Box key={i} flexDirection="column">
            {lines.map((l, j) => (
              <Text key={j}>
                <Text bold color={colorOf(theme, 'key')}>
                  {(j === 0 ? b.display : '').padEnd(keyWidth)}
                </Text>
                <Text bold>{(j === 0 ? b.label : '').padEnd(labelWidth)}</Text>
                {l.trimStart()}
              </Text>
            ))}
          </Box>
        );
      })}
      <Text color={colorOf(theme, 'muted')}>Press ? or Esc to close this help.</Text>
    </Box>
  );
}
