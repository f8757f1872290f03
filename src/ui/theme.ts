/**
 * How the TUI may draw: colours or not (NO_COLOR), and boxes and live redraws or linear text
 * (--plain, or a screen reader detected by ink). Every status also has a word, so colour is
 * never the only signal.
 */
import { createContext, useContext } from 'react';
import { useIsScreenReaderEnabled } from 'ink';

export interface Theme {
  /** Use colours. False under NO_COLOR (any non-empty value) and in plain mode. Default: true. */
  color: boolean;
  /** Linear text: no boxes, no spinner, no redrawn counters. Default: false. */
  plain: boolean;
}

/** The colour of each role; components ask for a role, never a colour. */
export const TONES = {
  pass: 'green',
  fail: 'red',
  busy: 'yellow',
  muted: 'gray',
  code: 'cyan',
  accent: 'blue',
  key: 'magenta',
} as const;
export type Tone = keyof typeof TONES;

/** Reads NO_COLOR as no-color.org defines it: present and not empty. */
export function themeFromEnv(env: Record<string, string | undefined>, plain: boolean): Theme {
  const noColor = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
  return { color: !noColor && !plain, plain };
}

export const ThemeContext = createContext<Theme>({ color: true, plain: false });

/** The theme, with plain mode switched on when ink detected a screen reader. */
export function useTheme(): Theme {
  const theme = useContext(ThemeContext);
  const screenReader = useIsScreenReaderEnabled();
  return screenReader && !theme.plain ? { color: false, plain: true } : theme;
}

/** The colour for `tone`, or undefined when colours are off. */
export function colorOf(theme: Theme, tone: Tone): string | undefined {
  return theme.color ? TONES[tone] : undefined;
}
