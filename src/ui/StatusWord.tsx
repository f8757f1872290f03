import Text from './SafeText.js';
import { assertNever } from '../errors.js';
import { colorOf, useTheme, type Tone } from './theme.js';

/** A step's state as the learner sees it. */
export type StepStatus = 'pending' | 'running' | 'verifying' | 'passed' | 'failed' | 'skipped';

interface Look {
  word: string;
  symbol: string;
  tone: Tone;
}

/** The word is the signal; the symbol and the colour only repeat it. */
export function statusLook(status: StepStatus): Look {
  switch (status) {
    case 'pending':
      return { word: 'TO DO', symbol: '○', tone: 'muted' };
    case 'running':
      return { word: 'RUNNING', symbol: '▶', tone: 'busy' };
    case 'verifying':
      return { word: 'VERIFYING', symbol: '…', tone: 'busy' };
    case 'passed':
      return { word: 'PASS', symbol: '✔', tone: 'pass' };
    case 'failed':
      return { word: 'FAIL', symbol: '✘', tone: 'fail' };
    case 'skipped':
      return { word: 'SKIPPED', symbol: '↷', tone: 'muted' };
    default:
      return assertNever(status, 'step status');
  }
}

interface Props {
  status: StepStatus;
  /** Print the symbol before the word. Default: true. Plain mode prints `[WORD]` instead. */
  symbol?: boolean;
}

/** `✔ PASS`, `✘ FAIL`…: the status word, in colour when colours are on. */
export default function StatusWord({ status, symbol = true }: Props) {
  const theme = useTheme();
  const look = statusLook(status);
  const text = theme.plain ? `[${look.word}]` : symbol ? `${look.symbol} ${look.word}` : look.word;
  return (
    <Text color={colorOf(theme, look.tone)} bold>
      {text}
    </Text>
  );
}
