import { Box, useApp } from 'ink';
import Text from './SafeText.js';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Session } from '../engine/session.js';
import type { Lesson } from '../lesson/schema.js';
import { ExitCode } from '../errors.js';
import Footer from './Footer.js';
import HelpOverlay from './HelpOverlay.js';
import LessonPicker, { lessonState, plainLessonList, type LessonEntry } from './LessonPicker.js';
import LessonRun from './LessonRun.js';
import { pickerIntents } from './enabled-intents.js';
import type { Intent } from './keymap.js';
import type { UiPorts } from './ports.js';
import useCatalog from './hooks/use-catalog.js';
import useKeys from './hooks/use-keys.js';
import useTerminalSize from './hooks/use-terminal-size.js';
import { colorOf, useTheme } from './theme.js';
import { meshwalkCommand } from './meshwalk-command.js';
import type { ProgressSnapshot } from '../engine/index.js';
import { listCursor, lessonStatus, resumeFrom } from '../engine/lesson-status.js';
import { systemClock } from '../system-clock.js';
import RoomBar, { roomBarLines } from './RoomBar.js';
import useRoom from './hooks/use-room.js';
import { lockedByInstructor, lockedNotice, roomBanner, type Dismissed } from '../room/steering-view.js';

interface Props {
  ports: UiPorts;
  /** Receives every open session, so the command can abort them all on exit. */
  onSession?(session: Session): void;
}

/** What `exit()` hands to `waitUntilExit()`. */
export interface AppResult {
  exitCode: number;
  /** Printed after the screen is restored (e.g. why no cluster could be used). */
  message?: string;
}

/** `list`: the lesson list as it was when the lesson opened (plain mode keeps it on screen). */
type Open = { lesson: Lesson; session: Session; list: string[] };

// The engine (and the zod schema it reaches) is loaded after the first frame, not before it.
let engineModule: Promise<typeof import('../engine/session.js')> | undefined;
const loadEngine = () => (engineModule ??= import('../engine/session.js'));

/** The container: loads lessons and progress, holds the open lesson's session, routes keys. */
export default function App({ ports, onSession }: Props) {
  const { exit } = useApp();
  const theme = useTheme();
  const { columns, rows } = useTerminalSize();
  const { catalog, cluster, clusterError, saved, last, warning, remember } = useCatalog(ports);
  const [open, setOpen] = useState<Open>();
  /** The lesson the learner moved the cursor to, until they open one. */
  const [picked, setPicked] = useState<string>();
  const [help, setHelp] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [confirmLocked, setConfirmLocked] = useState<string>();
  const [runWarning, setRunWarning] = useState<string>();
  const started = useRef(false);
  const roomStatus = useRoom(ports.room);
  const [dismissed, setDismissed] = useState<Dismissed>({});
  const banner = roomStatus
    ? roomBanner(roomStatus, dismissed, meshwalkCommand('reset', cluster?.commandFlags))
    : undefined;
  const barRows = banner ? roomBarLines(banner, columns).length : 0;
  const canDismiss = banner?.broadcast !== undefined || banner?.reset !== undefined;
  const lessons = catalog?.lessons ?? [];
  const entries = lessons.map((l) => entry(l, saved, lessons, lockedByInstructor(roomStatus?.steering, l.id)));
  // Until the learner moves, the cursor rests where they most likely want to go on: the lesson
  // they left (or the next one, once it is finished), also after a restart.
  const pickedAt = picked === undefined ? -1 : entries.findIndex((e) => e.id === picked);
  const selected = pickedAt !== -1 ? pickedAt : listCursor(entries, last);
  const listRef = useRef({ entries, selected });
  listRef.current = { entries, selected };
  // Keys that arrive together (↓↓ in one read) move from where the previous one left the cursor.
  const cursor = useRef(selected);
  cursor.current = selected;
  const moveCursor = (by: 1 | -1) => {
    setConfirmLocked(undefined);
    cursor.current = Math.max(0, Math.min(lessons.length - 1, cursor.current + by));
    setPicked(lessons[cursor.current]?.id);
  };

  const openLesson = useCallback(
    async (lesson: Lesson) => {
      if (!cluster) return;
      const { createSession } = await loadEngine();
      const session = createSession(
        lesson,
        { mode: 'learn', ...ports.engine, ...cluster.engine, ...resumeFrom(lesson, saved[lesson.id]) },
        {
          cluster: cluster.forLesson(lesson),
          clock: ports.clock ?? systemClock,
          progress: {
            save: (p) => {
              remember(p);
              return ports.saveProgress(p);
            },
          },
          onWarning: setRunWarning,
          ...(ports.room ? { onResult: ports.room.onResult } : {}),
        },
      );
      onSession?.(session);
      setPicked(undefined);
      setConfirmLocked(undefined);
      setOpen({
        lesson,
        session,
        list: plainLessonList(listRef.current.entries, listRef.current.selected, cluster.label),
      });
      setNotice(undefined);
      session.start();
    },
    [ports, cluster, saved, remember, onSession],
  );

  const closeLesson = () => {
    if (!open) return;
    open.session.intent('quit'); // cancels what runs and saves where the learner is
    open.session.dispose();
    setOpen(undefined);
  };

  const quit = (exitCode: number) => {
    if (open) {
      open.session.intent('quit');
      open.session.dispose();
    }
    exit({ exitCode } satisfies AppResult);
  };

  useEffect(() => {
    void loadEngine();
  }, []);

  // No usable cluster: leave, and let the command print why.
  useEffect(() => {
    if (clusterError === undefined) return;
    const e = clusterError as { message?: string; exitCode?: number };
    exit({
      exitCode: typeof e.exitCode === 'number' ? e.exitCode : ExitCode.environment,
      message: e.message ?? String(clusterError),
    } satisfies AppResult);
  }, [clusterError, exit]);

  // --lesson ID: open it as soon as the lessons are known.
  useEffect(() => {
    if (!catalog || !cluster || started.current || !ports.startLesson) return;
    started.current = true;
    const lesson = catalog.lessons.find((l) => l.id === ports.startLesson);
    if (lesson && lockedByInstructor(ports.room?.getStatus().steering, lesson.id))
      setNotice(lockedNotice(lesson.title));
    else if (lesson) void openLesson(lesson);
    else setNotice(`No lesson "${ports.startLesson}"; choose one below.`);
  }, [catalog, cluster, ports.startLesson, openLesson]);

  /** The finished lesson's cleanup on `c`, run by a session of its own. */
  const cleanupFor = (o: Open) => {
    const steps = o.lesson.cleanup ?? [];
    if (!cluster || steps.length === 0) return undefined;
    const after = lessons.filter((l) => l.requires?.includes(o.lesson.id)).map((l) => l.id);
    const confirm = `Press c again to remove what ${o.lesson.id} made${after.length > 0 ? ` (${after.join(', ')} build${after.length === 1 ? 's' : ''} on it)` : ''}.`;
    return {
      confirm,
      run: async () => {
        const { createSession } = await loadEngine();
        const vars = o.session.getState().vars;
        const c = createSession(
          o.lesson,
          { mode: 'learn', cleanupOnly: true, saveProgress: false, vars, ...ports.engine, ...cluster.engine },
          { cluster: cluster.forLesson(o.lesson), clock: ports.clock ?? systemClock },
        );
        onSession?.(c);
        c.start();
        const done = await c.finished;
        c.dispose();
        return done.outcome === 'passed'
          ? `Cleaned up: what ${o.lesson.id} made is removed.`
          : `Cleanup failed: ${done.ending?.reason ?? 'unknown'}; ${meshwalkCommand(`reset ${o.lesson.id}`, cluster.commandFlags)} removes it too.`;
      },
    };
  };

  const onAppIntent = (intent: Intent) => {
    switch (intent) {
      case 'help':
        return setHelp((h) => !h);
      case 'quit':
        return quit(ExitCode.ok);
      case 'interrupt':
        return quit(ExitCode.interrupted);
      case 'lessons':
        return closeLesson();
      case 'dismiss':
        return setDismissed((d) => ({
          broadcast: banner?.broadcast?.id ?? d.broadcast,
          reset: banner?.reset?.id ?? d.reset,
        }));
      case 'pickUp':
        return moveCursor(-1);
      case 'pickDown':
        return moveCursor(1);
      case 'open': {
        const lesson = lessons[selected];
        const e = entries[selected];
        if (!lesson || !e) return;
        if (lessonState(e) === 'held') return setNotice(lockedNotice(lesson.title));
        // The list's own line under a locked lesson asks for the second Enter: said once, there.
        if (lessonState(e) === 'locked' && confirmLocked !== lesson.id) return setConfirmLocked(lesson.id);
        void openLesson(lesson);
        return;
      }
      default:
        return;
    }
  };

  useKeys('help', new Set<Intent>(['help', 'quit', 'interrupt']), onAppIntent, { isActive: help });
  const dismissable = new Set<Intent>(canDismiss ? ['dismiss'] : []);
  const pickerEnabled = new Set<Intent>([...pickerIntents(lessons.length), ...dismissable]);
  useKeys('picker', pickerEnabled, onAppIntent, { isActive: !help && !open });
  const bar = banner && <RoomBar banner={banner} width={columns} />;

  const clusterText = cluster?.label ?? 'choosing a cluster…';
  const cleanup = open ? cleanupFor(open) : undefined;
  if (open) {
    return (
      <Box flexDirection="column">
        <LessonRun
          key={open.lesson.id}
          session={open.session}
          ports={ports}
          cluster={clusterText}
          {...(cluster?.commandFlags ? { commandFlags: cluster.commandFlags } : {})}
          help={help}
          {...(theme.plain ? { before: open.list } : {})}
          onAppIntent={onAppIntent}
          {...(runWarning ? { warning: runWarning } : {})}
          {...(cleanup ? { cleanup } : {})}
          {...(ports.room ? { room: ports.room, extraIntents: dismissable } : {})}
          columns={columns}
          rows={rows - barRows}
        />
        {bar}
      </Box>
    );
  }
  if (help && !theme.plain) {
    return (
      <Box flexDirection="column">
        <HelpOverlay mode="picker" width={columns} />
        <Footer mode="help" enabled={new Set<Intent>(['help', 'quit'])} width={columns} />
      </Box>
    );
  }
  if (!catalog || !cluster) {
    return (
      <Box flexDirection="column">
        <Text>
          <Text bold color={colorOf(theme, 'accent')}>
            meshwalk
          </Text>
          <Text color={colorOf(theme, 'muted')}> · {!cluster ? 'looking for a cluster' : 'loading lessons'}…</Text>
        </Text>
        <Footer mode="picker" enabled={new Set<Intent>(['help', 'quit'])} width={columns} />
      </Box>
    );
  }
  const problems =
    catalog.problems.length > 0
      ? `${catalog.problems.length} lesson file(s) could not be loaded; run meshwalk lint.`
      : undefined;
  return (
    <Box flexDirection="column">
      <LessonPicker
        lessons={entries}
        selected={selected}
        {...(confirmLocked !== undefined && confirmLocked === lessons[selected]?.id ? { confirmingLocked: true } : {})}
        cluster={clusterText}
        clusterLine={cluster.line}
        {...((notice ?? warning ?? problems) ? { notice: notice ?? warning ?? problems } : {})}
        width={columns}
        height={rows - 2 - barRows}
      />
      {help && <HelpOverlay mode="picker" width={columns} />}
      <Footer
        mode={help ? 'help' : 'picker'}
        enabled={help ? new Set<Intent>(['help', 'quit']) : pickerEnabled}
        width={columns}
      />
      {bar}
    </Box>
  );
}

/** A lesson's line in the picker: its status as the engine derives it from saved progress. */
function entry(l: Lesson, saved: Record<string, ProgressSnapshot>, all: readonly Lesson[], held: boolean): LessonEntry {
  const { id, title, summary, steps } = l;
  const status = lessonStatus(l, saved, all);
  return { id, title, summary, steps: steps.length, requires: l.requires ?? [], ...status, ...(held ? { held } : {}) };
}
