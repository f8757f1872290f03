import { Box, Static } from 'ink';
import Text from './SafeText.js';
import { useEffect, useRef, useState } from 'react';
import type { EngineState } from '../engine/index.js';
import Footer from './Footer.js';
import HelpOverlay from './HelpOverlay.js';
import type { Intent } from './keymap.js';
import { markdownToText } from './markdown.js';
import { plainDelta } from './plain-transcript.js';
import { wrapCode } from './text.js';
import { footerLabels, type BodySource, type StepInfo } from './StepScreen.js';

interface Props {
  state: EngineState;
  info: StepInfo;
  body: BodySource;
  enabled: ReadonlySet<Intent>;
  help: boolean;
  /** Lines printed first, once (the lesson list). Default: none. */
  before?: readonly string[];
  /** Flags for suggested meshwalk commands. Default: none. */
  commandFlags?: string;
  notice?: string;
  /** A question waiting for y or n, in the footer's place. Default: none. */
  question?: string;
  columns: number;
}

/** Plain mode: what happened, printed once as lines (for screen readers and logs), then the keys. */
export default function PlainLessonRun({
  state,
  info,
  body,
  enabled,
  help,
  before = [],
  commandFlags,
  notice,
  question,
  columns,
}: Props) {
  const prev = useRef<EngineState | undefined>(undefined);
  const nextId = useRef(0);
  const [lines, setLines] = useState<{ id: number; text: string }[]>(() =>
    before.flatMap((t) => wrapCode(t, columns)).map((text) => ({ id: nextId.current++, text })),
  );
  const add = (texts: string[]) => {
    // Pre-wrapped at spaces: left to the terminal, long lines would break inside words.
    const wrapped = texts.flatMap((t) => t.split('\n').flatMap((l) => wrapCode(l, columns)));
    if (wrapped.length === 0) return;
    setLines((old) => [...old, ...wrapped.map((text) => ({ id: nextId.current++, text }))]);
  };
  useEffect(() => {
    add(plainDelta(prev.current, state, info, columns, commandFlags));
    prev.current = state;
    // info is derived from state; columns only changes wrapping of later lines.
  }, [state]);
  useEffect(() => {
    if (body.kind === 'manifest') add(['Manifest:', body.text.replace(/\n$/, '')]);
    if (body.kind === 'why') add(['Why:', markdownToText(body.text, columns)]);
    if (body.kind === 'token') add(['Tokens:', body.text.replace(/\n$/, '')]);
  }, [body]);
  return (
    <Box flexDirection="column">
      <Static items={lines}>{(l) => <Text key={l.id}>{l.text}</Text>}</Static>
      {help ? <HelpOverlay mode="step" width={columns} /> : null}
      {notice ? <Text>Note: {notice}</Text> : null}
      {question !== undefined && !help ? (
        <Footer mode="confirm" enabled={new Set<Intent>(['yes', 'no'])} question={question} width={columns} />
      ) : (
        <Footer
          mode={help ? 'help' : 'step'}
          enabled={help ? new Set<Intent>(['help', 'quit']) : enabled}
          labels={footerLabels(state, info)}
          width={columns}
        />
      )}
    </Box>
  );
}
