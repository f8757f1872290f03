import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { redactTokens } from '../engine/capture.js';
import type { Session } from '../engine/session.js';
import HelpOverlay from './HelpOverlay.js';
import Footer from './Footer.js';
import StepScreen, { transcript, type BodySource } from './StepScreen.js';
import { stepIntents } from './enabled-intents.js';
import type { Intent } from './keymap.js';
import { stepInfo } from './step-info.js';
import { stepTokens } from '../engine/step-tokens.js';
import { probeArgv, probeRequest } from './probe-request.js';
import useKeys from './hooks/use-keys.js';
import { Box } from 'ink';
import type { UiPorts } from './ports.js';
import PlainLessonRun from './PlainLessonRun.js';
import { useTheme } from './theme.js';
import type { RoomPort } from '../room/client/room-status.js';

interface Props {
  session: Session;
  ports: UiPorts;
  cluster: string;
  /** Flags for the meshwalk commands the screen suggests (see `UiCluster.commandFlags`). Default: none. */
  commandFlags?: string;
  help: boolean;
  /** Plain mode: lines printed before the lesson (the list it was opened from). Default: none. */
  before?: readonly string[];
  /** Intents the App handles: help, quit, interrupt, lessons. */
  onAppIntent(intent: Intent): void;
  /** A warning from outside the lesson (progress not saved). */
  warning?: string;
  /**
   * Runs the lesson's cleanup (the App owns the cluster). `confirm` is the question asked first;
   * the promise resolves with one line saying how it went.
   */
  cleanup?: { confirm: string; run(): Promise<string> };
  /** The instructor's room: told when the learner asks why?. Default: none. */
  room?: Pick<RoomPort, 'whyUsed'>;
  /** Keys the App handles beyond the step's own (e.g. `dismiss` in a room). Default: none. */
  extraIntents?: ReadonlySet<Intent>;
  columns: number;
  rows: number;
}

const ENGINE_INTENTS = new Set<Intent>(['run', 'retry', 'rerun', 'next', 'previous', 'skip', 'hint', 'cancel']);
/** The answers a question takes (and Ctrl-C, which always quits). */
const ANSWERS = new Set<Intent>(['yes', 'no', 'interrupt']);

/** One open lesson: follows the session's state, maps keys to intents, and draws the step screen. */
export default function LessonRun({
  session,
  ports,
  cluster,
  commandFlags,
  help,
  before,
  onAppIntent,
  warning,
  cleanup,
  room,
  extraIntents,
  columns,
  rows,
}: Props) {
  const theme = useTheme();
  const state = useSyncExternalStore(session.subscribe, session.getState);
  const info = useMemo(() => stepInfo(state, state.current), [state]);
  const [body, setBody] = useState<BodySource>({ kind: 'text' });
  const [bodyScroll, setBodyScroll] = useState(0);
  const [outputScroll, setOutputScroll] = useState(0);
  const [notice, setNotice] = useState<string>();
  const [cleanupState, setCleanupState] = useState<'asked' | 'running' | 'done'>();
  /** `r` on a done step asks first: the step (index) it would run again. */
  const [asking, setAsking] = useState<number>();
  const step = state.steps[state.current];
  const failed = step?.status === 'failed';

  // A new step starts at the top of its explanation, following its output.
  useEffect(() => {
    setBody({ kind: 'text' });
    setBodyScroll(0);
    setOutputScroll(0);
  }, [state.current]);
  const verifying = step?.status === 'verifying';
  useEffect(() => {
    if (!failed && !verifying && body.kind === 'why') setBody({ kind: 'text' });
  }, [failed, verifying, body.kind]);
  // Each view (explanation, manifest, why?) opens at its top, however it was left.
  useEffect(() => setBodyScroll(0), [body.kind]);

  const outputLines = transcript(step?.commands ?? [], columns).length;
  const tokens = useMemo(() => stepTokens(state), [state]);
  const intents = stepIntents(state, {
    canExplain:
      ports.explain !== undefined &&
      // A failed check, or one still waiting that has seen at least one answer.
      ((failed && ((step?.failedAt === 'verify' && step.verification !== undefined) || step?.failedAt === 'action')) ||
        (step?.status === 'verifying' && step.verification?.last !== undefined)) &&
      probeRequest(probeArgv(state) ?? []) !== undefined,
    hasManifest:
      info.manifest !== undefined && (info.manifest.inline !== undefined || ports.readManifest !== undefined),
    canScroll: outputLines > 3,
    hasTokens: ports.decodeTokens !== undefined && tokens.length > 0,
  });
  // Clean up once, and only where the App can run it.
  const enabled = new Set([
    ...(cleanup && cleanupState !== 'running' && cleanupState !== 'done'
      ? intents
      : [...intents].filter((x) => x !== 'cleanup')),
    ...(extraIntents ?? []),
  ]);

  // Asked about one step: the question goes when the screen no longer shows that step done.
  const askable = asking !== undefined && asking === state.current && enabled.has('rerun');
  useEffect(() => {
    if (asking !== undefined && !askable) setAsking(undefined);
  }, [asking, askable]);

  const onIntent = (intent: Intent) => {
    setNotice(undefined);
    if (intent === 'cleanup') return void runCleanup();
    if (cleanupState === 'asked') setCleanupState(undefined);
    if (intent === 'rerun') return setAsking(state.current);
    if (ENGINE_INTENTS.has(intent)) {
      if (intent === 'run' || intent === 'retry' || intent === 'skip') {
        // Decided here, not when a later render sees the step running: a check that fails again
        // quickly must not leave why? open, and the next key in the same chunk sees the new view.
        setOutputScroll(0);
        // A functional update: the handler may be one render old when keys arrive together.
        setBody((b) => (b.kind === 'why' ? { kind: 'text' } : b));
        setBodyScroll(0);
      }
      session.intent(intent as Parameters<Session['intent']>[0]);
      return;
    }
    switch (intent) {
      case 'scrollUp':
        setOutputScroll((s) => s + 1);
        return;
      case 'scrollDown':
        setOutputScroll((s) => Math.max(0, s - 1));
        return;
      case 'pageUp':
        setBodyScroll((s) => Math.max(0, s - Math.max(3, Math.floor(rows / 3))));
        return;
      case 'pageDown':
        setBodyScroll((s) => s + Math.max(3, Math.floor(rows / 3)));
        return;
      case 'manifest':
        void toggleManifest();
        return;
      case 'why':
        void toggleWhy();
        return;
      case 'token':
        void toggleTokens();
        return;
      default:
        onAppIntent(intent);
    }
  };

  async function toggleManifest() {
    setBodyScroll(0);
    if (body.kind === 'manifest') return setBody({ kind: 'text' });
    const m = info.manifest;
    if (m?.inline !== undefined) return setBody({ kind: 'manifest', text: m.inline });
    if (m?.path === undefined || !ports.readManifest) return;
    try {
      setBody({ kind: 'manifest', text: redactTokens(await ports.readManifest(state.lesson, m.path)) });
    } catch (err) {
      setNotice(`cannot show ${m.path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async function toggleTokens() {
    setBodyScroll(0);
    if (body.kind === 'token') return setBody({ kind: 'text' });
    if (!ports.decodeTokens) return;
    setNotice('Looking inside the token…');
    try {
      const text = await ports.decodeTokens(tokens);
      setNotice(text ? undefined : 'meshwalk cannot show these tokens.');
      if (text) setBody({ kind: 'token', text: redactTokens(text) });
    } catch (err) {
      setNotice(`cannot show the token: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  async function runCleanup() {
    if (!cleanup || cleanupState === 'running' || cleanupState === 'done') return;
    if (cleanupState !== 'asked') {
      setCleanupState('asked');
      return setNotice(cleanup.confirm);
    }
    setCleanupState('running');
    setNotice('Cleaning up…');
    const said = await cleanup.run();
    setCleanupState('done');
    setNotice(said);
  }

  async function toggleWhy() {
    setBodyScroll(0);
    if (body.kind === 'why') return setBody({ kind: 'text' });
    if (!ports.explain) return;
    const st = session.getState();
    const step = st.steps[st.current];
    if (step) room?.whyUsed(st.lesson.id, step.id);
    setNotice('Working out why…');
    try {
      const text = await ports.explain(session.getState());
      setNotice(text ? undefined : 'meshwalk cannot explain this result.');
      if (text) setBody({ kind: 'why', text: redactTokens(text) });
    } catch (err) {
      setNotice(`no explanation: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  const onAnswer = (intent: Intent) => {
    if (intent === 'interrupt') return onAppIntent(intent);
    setAsking(undefined);
    if (intent !== 'yes') return;
    setOutputScroll(0);
    setBody((b) => (b.kind === 'why' ? { kind: 'text' } : b));
    setBodyScroll(0);
    session.intent('rerun');
  };

  useKeys('step', enabled, onIntent, { isActive: !help && !askable });
  useKeys('confirm', ANSWERS, onAnswer, { isActive: !help && askable });
  const question = askable ? `Run step ${state.current + 1} (${info.title}) again?` : undefined;

  if (theme.plain)
    return (
      <PlainLessonRun
        state={state}
        {...(before ? { before } : {})}
        {...(commandFlags ? { commandFlags } : {})}
        info={info}
        body={body}
        enabled={enabled}
        help={help}
        notice={notice ?? warning}
        {...(question ? { question } : {})}
        columns={columns}
      />
    );
  if (help) {
    return (
      <Box flexDirection="column">
        <HelpOverlay mode="step" width={columns} />
        <Footer mode="help" enabled={new Set<Intent>(['help', 'quit'])} width={columns} />
      </Box>
    );
  }
  return (
    <StepScreen
      state={state}
      info={info}
      body={body}
      bodyScroll={bodyScroll}
      outputScroll={outputScroll}
      onBodyScrollClamped={setBodyScroll}
      enabled={enabled}
      cluster={cluster}
      {...(commandFlags ? { commandFlags } : {})}
      {...((notice ?? warning) ? { notice: notice ?? warning } : {})}
      {...(question ? { question } : {})}
      columns={columns}
      rows={rows}
    />
  );
}
