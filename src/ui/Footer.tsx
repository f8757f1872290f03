import Text from './SafeText.js';
import { footerBindings, type Intent, type Mode } from './keymap.js';
import { colorOf, useTheme } from './theme.js';
import { hardWrap } from './text.js';

interface Props {
  mode: Mode;
  /** The intents that do something right now; only those are listed. */
  enabled: ReadonlySet<Intent>;
  /** Labels that depend on the moment, e.g. `run` shown as `check` on a step with nothing to run. */
  labels?: Partial<Record<Intent, string>>;
  width: number;
  /**
   * A question waiting for an answer (mode `confirm`), e.g. `Run step 5 again?`: it takes the
   * footer's place, followed by the answer keys (`y/n`), wrapped. Default: none.
   */
  question?: string;
}

/** The footer's lines while a question waits: the question and its keys, wrapped at `width`. */
export function questionLines(question: string, enabled: ReadonlySet<Intent>, width: number): string[] {
  const keys = footerBindings('confirm', enabled)
    .map((b) => b.display)
    .join('/');
  return hardWrap(`${question} ${keys}`, width);
}

/** The keys that work right now, from the keymap itself: `r run  n next  …  ? help  q quit`. */
export default function Footer({ mode, enabled, labels = {}, width, question }: Props) {
  const theme = useTheme();
  if (question !== undefined) {
    const lines = questionLines(question, enabled, width);
    if (theme.plain) return <Text>{lines.join(' ')}</Text>;
    return (
      <>
        {lines.map((l, i) => (
          <Text key={i} bold color={colorOf(theme, 'busy')}>
            {l}
          </Text>
        ))}
      </>
    );
  }
  const items = footerBindings(mode, enabled).map((b) => ({ ...b, label: labels[b.intent] ?? b.label }));
  // `?` and `q` always fit (help lists whatever had to be left out); the rest fill what is left.
  const always = (intent: Intent) => intent === 'help' || intent === 'quit';
  const len = (b: { display: string; label: string }) => b.display.length + b.label.length + 3;
  let room = width - items.filter((b) => always(b.intent)).reduce((n, b) => n + len(b), 0);
  const parts = items.filter((b) => {
    if (always(b.intent)) return true;
    if (len(b) > room) return false;
    room -= len(b);
    return true;
  });
  if (theme.plain) return <Text>Keys: {parts.map((p) => `${p.display} ${p.label}`).join(', ')}</Text>;
  return (
    <Text wrap="truncate-end">
      {parts.map((p, i) => (
        <Text key={i}>
          <Text bold color={colorOf(theme, 'key')}>
            {p.display}
          </Text>
          <Text color={colorOf(theme, 'muted')}> {p.label}</Text>
          {i < parts.length - 1 ? '  ' : ''}
        </Text>
      ))}
    </Text>
  );
}
