// `meshwalk run LESSON`: one lesson as plain linear text, for pipes and screen readers.
import type { Command, FlagOptions } from './command.js';
import { parseFlags, parsePropagation } from './args.js';
import { lineReader, findLesson, parseClusterChoice, readLessons, stopQuietlyOnClosedPipe } from './run-support.js';
import { lessonsFlag } from './lesson-folders.js';
import { selectCluster, type ClusterChoice, type SelectedCluster } from '../cluster/select.js';
import { prepareWorkDir } from '../cluster/workdir.js';
import { createSession } from '../engine/session.js';
import { plainText, stepHeader } from '../engine/plain-report.js';
import { isReadingStep } from '../engine/step-kind.js';
import { stepView } from '../engine/view.js';
import { markdownToText } from '../ui/markdown.js';
import { clusterFlags, yourTurnCommand } from '../ui/meshwalk-command.js';
import type { EngineState, Intent } from '../engine/types.js';
import { ExitCode, UserFacingError } from '../errors.js';
import type { Io } from '../io.js';
import { dataDir } from '../progress/data-dir.js';
import { underlyingSink } from '../text/terminal-safe.js';
import { progressPath, ProgressStore } from '../progress/store.js';
import { systemClock } from '../system-clock.js';
import type { Lesson } from '../lesson/schema.js';
import { parseRoomFlags, roomFlags, type RoomJoin } from '../room/client/join-flags.js';
import type { RoomLink } from '../room/client/room-link.js';
import { closeRoom, printRoomLines, roomAllows, startRoom, type StartRoom } from './room-participant.js';

const usage = `Usage: meshwalk run LESSON [--cluster sim|current|minikube] [--yes] [--propagation MS]
                    [--room URL --code CODE [--name NAME]]

Walks one lesson in plain text (no TUI): each step's title, explanation, the exact command,
its output and every verification attempt with a status word (PASS, FAIL, RETRY).
Without --yes it asks before each step; answer with a line:
  Enter  run the step (or check it, when the step is yours to do)
  s      skip: meshwalk does the step for you
  h      show the next hint
  q      quit (progress is saved; run the same command again to resume)

Flags:
  --cluster C         sim, current (the current kube context) or minikube. Default: the current
                      context when it is local and answers, else the simulated cluster
  --allow-context N   use kube context N although it is not known to be local
  --yes, -y           run every step without asking (steps that are yours use the lesson's solution)
  --propagation MS    simulated cluster only: how long a change takes to take effect (default 1500)
  --restart           start the lesson from its first step, ignoring saved progress
  --cleanup           run the lesson's cleanup at the end
  --lessons DIR       also read the lessons in DIR (repeatable); meshwalk's own are always there
  --room URL          report progress to the instructor's room at URL (with --code)
  --code CODE         the room's join code, as the instructor shows it
  --name NAME         the name the instructor sees (default: your user name)
  -h, --help          show this help

In a room, the instructor's broadcasts print as one line starting "Room:". Events wait on disk
while the room does not answer; at the end meshwalk tries for 2 s to deliver them, and the rest
go the next time it joins the same room.

Exit codes: 0 finished or stopped with q, 1 a step or the setup failed (--yes), 2 bad usage or
a lesson the instructor has not unlocked yet, 4 the cluster asked for cannot be used, 130 interrupted.`;

export interface RunOptions {
  lesson: string;
  cluster?: ClusterChoice;
  allowContext?: string[];
  yes: boolean;
  propagationMs?: number;
  restart: boolean;
  cleanup: boolean;
  /** `--lessons` folders, read with meshwalk's own lessons (default: none). */
  lessonsDir?: string | readonly string[];
  /** `--room --code --name`: report to this room (default: none). */
  room?: RoomJoin;
}

/** Test seams: the cluster selection and the source of answers. */
export interface RunDeps {
  select?: typeof selectCluster;
  lines?: { next(): Promise<string | undefined>; close(): void };
  /** Write a newline after each answer (input that is not a terminal is not echoed). Default: stdin is not a TTY. */
  echo?: boolean;
  /** How the room is reached. Default: startRoomLink with its default timings. */
  startRoom?: StartRoom;
}

/** The flags `main` parses (parseArgs options; `--help` is added by parseFlags). */
const flags = {
  cluster: { type: 'string' },
  'allow-context': { type: 'string', multiple: true },
  yes: { type: 'boolean', short: 'y' },
  propagation: { type: 'string' },
  restart: { type: 'boolean' },
  cleanup: { type: 'boolean' },
  ...lessonsFlag,
  ...roomFlags,
} as const satisfies FlagOptions;

export const command: Command = {
  usage,
  flags,
  async main(argv, io) {
    stopQuietlyOnClosedPipe(io);
    const { values, positionals } = parseFlags('run', argv, flags);
    if (positionals.length !== 1)
      throw new UserFacingError('meshwalk run: give exactly one lesson id (see meshwalk list)', ExitCode.usage);
    const cluster = parseClusterChoice('run', values.cluster);
    const room = parseRoomFlags('run', values, io.env);
    const propagationMs = parsePropagation('run', values.propagation);
    return runLesson(
      {
        lesson: positionals[0] as string,
        ...(cluster ? { cluster } : {}),
        ...(values['allow-context'] ? { allowContext: values['allow-context'] } : {}),
        yes: values.yes ?? false,
        ...(propagationMs !== undefined ? { propagationMs } : {}),
        restart: values.restart ?? false,
        cleanup: values.cleanup ?? false,
        ...(values.lessons !== undefined ? { lessonsDir: values.lessons } : {}),
        ...(room ? { room } : {}),
      },
      io,
    );
  },
};

export async function runLesson(o: RunOptions, io: Io, deps: RunDeps = {}): Promise<number> {
  const set = await readLessons('run', o.lessonsDir, io);
  const { lesson, root } = findLesson('run', set, o.lesson);
  const data = dataDir(io.env);
  const room = o.room ? startRoom(o.room, data, io, deps.startRoom) : undefined;
  try {
    if (room && !(await roomAllows(room, 'run', lesson.id, io))) return ExitCode.usage;
    return await walk(o, io, deps, { lesson, root, data, room });
  } finally {
    await closeRoom(room, io);
  }
}

interface Walk {
  lesson: Lesson;
  root: string;
  data: string;
  room: RoomLink | undefined;
}

async function walk(o: RunOptions, io: Io, deps: RunDeps, { lesson, root, data, room }: Walk): Promise<number> {
  const selected: SelectedCluster = await (deps.select ?? selectCluster)({
    ...(o.cluster ? { choice: o.cluster } : {}),
    ...(o.allowContext ? { allowContext: o.allowContext } : {}),
    env: io.env,
    cwd: io.cwd,
    dataDir: data,
    ...(o.propagationMs !== undefined ? { propagationMs: o.propagationMs } : {}),
    ...(io.meshwalk ? { meshwalk: io.meshwalk } : {}),
  });
  io.stdout.write(`${selected.line}\n`);
  const stopRoomLines = room
    ? printRoomLines(room, clusterFlags(selected.key, o.allowContext), (l) => io.stdout.write(l))
    : undefined;
  const work = prepareWorkDir(data, lesson.id, root);
  const store = new ProgressStore(progressPath(data), selected.key, (m) => io.stderr.write(`${m}\n`));
  const saved = o.restart ? undefined : store.get(lesson.id);
  const resume =
    saved && saved.finishedAt === undefined
      ? { done: saved.done, skipped: saved.skipped, ...(saved.current ? { current: saved.current } : {}) }
      : undefined;
  if (resume)
    io.stdout.write(
      `Resuming: ${resume.done.length + resume.skipped.length} of ${lesson.steps.length} steps done (--restart starts over).\n`,
    );

  const mode = o.yes ? 'demo' : 'learn';
  // Lesson text is Markdown wrapped for the YAML: reflow it to the terminal, as the TUI does.
  const columns = underlyingSink(io.stdout) === process.stdout && process.stdout.isTTY ? process.stdout.columns : 80;
  const formatText = (md: string) => markdownToText(md, Math.max(40, Math.min(columns || 80, 100)));
  const session = createSession(
    lesson,
    {
      mode,
      cleanup: o.cleanup,
      ...(resume ? { resume } : {}),
      ...(selected.kind === 'sim' ? { maxIntervalMs: 200 } : {}),
    },
    {
      cluster: selected.forWorkDir(work),
      clock: systemClock,
      progress: store,
      onResult: (e) => {
        room?.onResult(e);
        io.stdout.write(plainText(e, lesson, session.getState().vars, { announceSteps: mode === 'demo', formatText }));
      },
      onWarning: (m) => io.stderr.write(`meshwalk: ${m}\n`),
    },
  );
  // Ctrl-C: stop the command in flight (its process group is killed), save, exit 130.
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    session.intent('quit');
  };
  process.once('SIGINT', onSigint);
  const lines = mode === 'learn' ? (deps.lines ?? lineReader()) : undefined;
  try {
    session.start();
    const flags = clusterFlags(selected.key, o.allowContext);
    const talk = { total: lesson.steps.length, echo: deps.echo ?? !process.stdin.isTTY, formatText, flags };
    if (lines) await converse(session, io, lines, talk);
    const final = await session.finished;
    if (final.outcome === 'quit')
      io.stdout.write(
        `${interrupted ? '\nInterrupted. ' : ''}Progress saved. Run \`meshwalk run ${lesson.id}\` to go on.\n`,
      );
    if (interrupted) return ExitCode.interrupted;
    return final.outcome === 'failed' ? ExitCode.failed : ExitCode.ok;
  } finally {
    process.removeListener('SIGINT', onSigint);
    session.dispose();
    lines?.close();
    stopRoomLines?.();
  }
}

/** Waits until the engine needs the learner (nothing running or queued) or the lesson is over. */
function idle(session: ReturnType<typeof createSession>): Promise<EngineState> {
  const ready = (s: EngineState) =>
    s.phase === 'finished' || (s.phase === 'steps' && !s.running && s.queue.length === 0);
  return new Promise((resolve) => {
    if (ready(session.getState())) return resolve(session.getState());
    const off = session.subscribe(() => {
      const s = session.getState();
      if (ready(s)) {
        off();
        resolve(s);
      }
    });
  });
}

const ANSWERS: Record<string, Intent> = { s: 'skip', h: 'hint', q: 'quit' };
const FINISHED = Symbol('finished');

async function converse(
  session: ReturnType<typeof createSession>,
  io: Io,
  lines: NonNullable<RunDeps['lines']>,
  talk: { total: number; echo: boolean; formatText: (md: string) => string; flags: string },
): Promise<void> {
  const { total, echo, formatText, flags } = talk;
  let shown = -1;
  for (;;) {
    const s = await idle(session);
    if (s.phase === 'finished') return;
    const st = s.steps[s.current];
    if (!st) return;
    if (st.status === 'passed' || st.status === 'skipped') {
      session.intent('next');
      continue;
    }
    if (shown !== s.current) {
      shown = s.current;
      io.stdout.write(describeStep(s, formatText, flags));
    }
    if (s.notice) io.stdout.write(`(${s.notice})\n`);
    const failed = st.status === 'failed';
    const view = stepView(s);
    const reading = isReadingStep(s.lesson.steps[s.current] ?? { id: '', title: '' });
    const enter = failed ? 'try again' : reading ? 'go on' : view?.ownAction === false ? 'check it' : 'run it';
    io.stdout.write(`[Enter] ${enter}, [s] skip, [h] hint, [q] quit (step ${s.current + 1} of ${total}) > `);
    // The lesson can end while we wait for an answer (Ctrl-C): stop waiting then.
    const raced = await Promise.race([lines.next(), session.finished.then(() => FINISHED)]);
    if (raced === FINISHED) return;
    const answer = raced as string | undefined;
    if (echo && answer !== undefined) io.stdout.write('\n');
    if (answer === undefined) {
      io.stdout.write('\nNo more input: stopping here.\n');
      session.intent('quit');
      return;
    }
    const a = answer.trim().toLowerCase();
    const intent: Intent | undefined = a === '' ? (failed ? 'retry' : reading ? 'next' : 'run') : ANSWERS[a];
    if (!intent) {
      io.stdout.write(`Answer with Enter, s, h or q (not "${answer.trim()}").\n`);
      continue;
    }
    session.intent(intent);
  }
}

/** The step as text: title, explanation, then what will run and how it is checked. */
function describeStep(s: EngineState, formatText: (md: string) => string, flags: string): string {
  const v = stepView(s);
  if (!v) return '';
  const out = [stepHeader(s.lesson, s.current, s.vars, true, formatText)];
  if (isReadingStep(s.lesson.steps[s.current] ?? { id: '', title: '' }))
    out.push('Nothing to run here: read, then press Enter to go on.\n');
  else if (v.ownAction)
    out.push(`Command${v.commands.length > 1 ? 's' : ''}:\n${v.commands.map((c) => `  ${c.display}\n`).join('')}`);
  else {
    const turn = yourTurnCommand(s.lesson.id, s.lesson.steps[s.current], flags);
    out.push(
      `This step is yours: do it in another terminal, then press Enter to check it.\n${turn ? `A shell of your own on this cluster: ${turn}\n` : ''}`,
    );
  }
  if (v.verify) out.push(`Check: ${v.verify.display}\n  expecting ${v.verify.expected}\n`);
  return out.join('');
}
