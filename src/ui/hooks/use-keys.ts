import { useInput } from 'ink';
import { bindingFor, type Intent, type Mode } from '../keymap.js';
import { keysIn } from './key-chunk.js';

interface Options {
  /** Listen at all. False while input would go nowhere (e.g. before the first screen). Default: true. */
  isActive?: boolean;
}

/**
 * Turns key presses into intents through the keymap: only intents in `enabled` fire, so a key
 * does exactly what the footer says, and nothing when the footer does not list it. Every key
 * of a chunk that arrived in one read is handled, in order.
 */
export default function useKeys(
  mode: Mode,
  enabled: ReadonlySet<Intent>,
  onIntent: (intent: Intent) => void,
  { isActive = true }: Options = {},
) {
  useInput(
    (input, key) => {
      for (const k of keysIn(input, key)) {
        const binding = bindingFor(k.input, k.key, mode, enabled);
        if (binding) onIntent(binding.intent);
      }
    },
    { isActive },
  );
}
