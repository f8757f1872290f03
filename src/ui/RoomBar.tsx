import { Box } from 'ink';
import Text from './SafeText.js';
import type { RoomBanner } from '../room/steering-view.js';
import { colorOf, useTheme, type Tone } from './theme.js';
import { wrapCode } from './text.js';

/** The longest an instructor's message may run below the footer, in lines. */
const MAX_BROADCAST_LINES = 3;

/** The bar's lines at `width`: the marker, then the instructor's words, wrapped. */
export function roomBarLines(banner: RoomBanner, width: number): { text: string; tone: Tone }[] {
  const lines: { text: string; tone: Tone }[] = [{ text: banner.marker, tone: 'muted' }];
  if (banner.broadcast) {
    const wrapped = wrapCode(`Instructor: ${banner.broadcast.text}`, width);
    const shown = wrapped.slice(0, MAX_BROADCAST_LINES);
    if (wrapped.length > MAX_BROADCAST_LINES) shown[MAX_BROADCAST_LINES - 1] = `${shown.at(-1)?.slice(0, width - 1)}…`;
    lines.push(...shown.map((text) => ({ text, tone: 'accent' as const })));
  }
  if (banner.reset) lines.push(...wrapCode(banner.reset.text, width).map((text) => ({ text, tone: 'busy' as const })));
  return lines;
}

/** Below the footer in a room: `room: connected`, and what the instructor says. */
export default function RoomBar({ banner, width }: { banner: RoomBanner; width: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" width={width}>
      {roomBarLines(banner, width).map((l, i) => (
        <Text key={i} wrap="truncate-end" color={colorOf(theme, l.tone)}>
          {l.text}
        </Text>
      ))}
    </Box>
  );
}
