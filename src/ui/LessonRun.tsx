import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { redactTokens } from '../engine/capture.js';
import type { Session } from '../engine/session.js';
import HelpOverlay from './HelpOverlay.js';
import Footer from './Footer.js';
import StepScreen, { transcript, type BodySource } from './StepScreen.js';
import { stepIntents } from './enabled-intents.js';
import type { Intent } from './keymap.js';
import { stepInfo } from './step-info.js';
import { probeLine, probeRequest } from './probe-request.js';
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

const ENGINE_INTENTS = new Set<Intent>(['run', 'retry', 'next', 'previous', 'skip', 'hint', 'cancel']);

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
  const intents = stepIntents(state, {
    canExplain:
      ports.explain !== undefined &&
      // A failed check, or one still waiting that has seen at least one answer.
      ((failed && ((step?.failedAt === 'verify' && step.verification !== undefined) || step?.failedAt === 'action')) ||
        (step?.status === 'verifying' && step.verification?.last !== undefined)) &&
      probeRequest(probeLine(state) ?? '') !== undefined,
    hasManifest:
      info.manifest !== undefined && (info.manifest.inline !== undefined || ports.readManifest !== undefined),
    canScroll: outputLines > 3,
  });
  // Clean up once, and only where the App can run it.
  const enabled = new Set([
    ...(cleanup && cleanupState !== 'running' && cleanupState !== 'done'
      ? intents
      : [...intents].filter((x) => x !== 'cleanup')),
    ...(extraIntents ?? []),
  ]);

  const onIntent = (intent: Intent) => {
    setNotice(undefined);
    if (intent === 'cleanup') return void runCleanup();
    if (cleanupState === 'asked') setCleanupState(undefined);
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

  useKeys('step', enabled, onIntent, { isActive: !help });

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
      columns={columns}
      rows={rows}
    />
  );
}
