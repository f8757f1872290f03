/**
 * ink's Text, with every string child made terminal-safe (src/text/terminal-safe.ts). ink
 * writes strings to the terminal as they are, so a lesson title or a line of command output
 * holding `ESC ] 52` would reach the terminal; here is the one place the TUI's text passes.
 * The lint (biome.jsonc) forbids importing Text from ink anywhere else in src/ui.
 */
import { Children, type ReactNode } from 'react';
// biome-ignore lint/style/noRestrictedImports: this is the one wrapper around ink's Text
import { Text as InkText, type TextProps } from 'ink';
import { terminalSafe } from '../text/terminal-safe.js';

export default function Text({ children, ...props }: TextProps & { children?: ReactNode }) {
  return <InkText {...props}>{Children.map(children, (c) => (typeof c === 'string' ? terminalSafe(c) : c))}</InkText>;
}
