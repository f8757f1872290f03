/**
 * `meshwalk shell [LESSON] [--step STEP]`: the learner's own shell, bound to the cluster the
 * workshop uses, in the lesson's work folder, with a prompt marker saying so. Everything it needs
 * lives in a private folder that is removed when the shell exits; the learner's PATH and
 * kubeconfig are never changed. With `--room`, the session reports the step it opens on to the
 * instructor's room. The room's flags are checked with the others, before lessons or the cluster
 * are read; the room is joined only once the lesson and step are known, so a mistyped lesson
 * never shows up on the dashboard as a participant without a step.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { onExit } from 'signal-exit';
import type { Command, FlagOptions } from './command.js';
import { parseFlags } from './args.js';
import { contextFlags } from './doctor.js';
import { lessonsFlag } from './lesson-folders.js';
import { parseClusterChoice, readLessons } from './run-support.js';
import { bindReal, bindSim, type Bound } from './shell-binding.js';
import { chooseShell, runShell } from './shell-process.js';
import { shellKind, writeStartup } from './shell-startup.js';
import { shellTarget, type ShellTarget } from './shell-target.js';
import { resolveRealCluster } from '../cluster/context.js';
import { processRunner } from '../cluster/run-process.js';
import { selectCluster, type ClusterChoice } from '../cluster/select.js';
import { prepareWorkDir } from '../cluster/workdir.js';
import { ExitCode, UserFacingError } from '../errors.js';
import { stageStarter, type Starter } from '../files/starter-manifest.js';
import type { Io } from '../io.js';
import { dataDir } from '../progress/data-dir.js';
import { progressPath, ProgressStore } from '../progress/store.js';
import { parseIstioVersion } from '../sim/versions.js';
import { parseRoomFlags, roomFlags, type RoomJoin } from '../room/client/join-flags.js';
import type { RoomLink } from '../room/client/room-link.js';
import { shellSessionEvents } from '../room/events-from-shell.js';
import { clusterFlags } from '../ui/meshwalk-command.js';
import { closeRoom, printRoomLines, roomAllows, roomStatusLine, startRoom } from './room-participant.js';

const usage = `Usage: meshwalk shell [LESSON] [--step STEP] [--cluster sim|current|minikube]
                     [--context NAME] [--allow-context NAME]... [--state DIR] [--istio X.Y]
                     [--lessons DIR]... [--room URL --code CODE [--name NAME]]

Opens your own shell ($SHELL, or sh) on the cluster the workshop uses, in the lesson's work
folder, for the steps you do yourself:
  simulated cluster  kubectl, istioctl, minikube and curl reach it (stand-ins first on PATH);
                     your own curl is still there as: command -p curl
  real cluster       KUBECONFIG is a private copy of the chosen context alone, so kubectl and
                     istioctl cannot reach another cluster; curl is your own
Your startup files run as usual, then the prompt gets (meshwalk sim) or (meshwalk CONTEXT) in
front (bash, zsh, sh, fish). If the step has a starting manifest, it is copied into the work
folder (never over your copy) and its path printed. Type exit to leave: the private folder is
removed, and your PATH and kubeconfig were never changed. With a script on standard input
(not a terminal), the shell runs it and exits.

In a room (--room), the shell reports the step it opens on, never what you type or what it
prints; the banner says whether the room answers, and the instructor's broadcasts print as one
line starting "Room:". The step is checked where the lesson runs (meshwalk or meshwalk run),
which reports whether it passed. Events wait on disk while the room does not answer; after the
shell, meshwalk tries for 2 s to deliver them, and the rest go the next time it joins the same
room. A lesson the instructor has not unlocked yet does not open.

Arguments:
  LESSON                 the lesson whose work folder to open (default: the lesson your saved
                         progress on this cluster is on, else the first lesson)

Flags:
  --step STEP            the step to start (default: the step your saved progress is on)
  --cluster sim|current|minikube
                         which cluster. Default: the current kube context when it is local and
                         answers, otherwise the simulated cluster (as for meshwalk itself)
  --context NAME         a real cluster's kube context instead of the current one
  --allow-context NAME   accept NAME although it is not known to be local (repeatable)
  --state DIR            the simulated cluster kept in DIR (default: the TUI's, sim/ in
                         meshwalk's data directory); implies --cluster sim
  --istio X.Y            Istio version of a new simulated cluster; implies --cluster sim
  --lessons DIR          also read the lessons in DIR (repeatable)
  --room URL             report to the instructor's room at URL (with --code)
  --code CODE            the room's join code, as the instructor shows it
  --name NAME            the name the instructor sees (default: your user name)
  -h, --help             show this help

Exit codes: the shell's own exit code when it ran; 2 bad usage (also when already inside a
meshwalk shell, or in a room, a lesson the instructor has not unlocked yet); 4 no usable
cluster (kubectl missing, a context not local, unreachable) or the shell cannot be started.`;

/** The flags `main` parses (parseArgs options; `--help` is added by parseFlags). */
const flags = {
  step: { type: 'string' },
  cluster: { type: 'string' },
  context: { type: 'string' },
  'allow-context': { type: 'string', multiple: true },
  state: { type: 'string' },
  istio: { type: 'string' },
  ...lessonsFlag,
  ...roomFlags,
} as const satisfies FlagOptions;

export const command: Command = {
  usage,
  flags,
  async main(argv, io) {
    const { values, positionals } = parseFlags('shell', argv, flags);
    const { choice, roomJoin } = checkFlags(values, positionals.length, io.env);
    const set = await readLessons('shell', values.lessons, io);
    const data = dataDir(io.env);
    const where = await whichCluster(
      {
        sim: choice === 'sim' || values.state !== undefined || values.istio !== undefined,
        ...(choice ? { choice } : {}),
        ...(values.context ? { context: values.context } : {}),
        allowContext: values['allow-context'] ?? [],
      },
      data,
      io,
    );
    const store = new ProgressStore(progressPath(data), where.key, (m) => io.stderr.write(`meshwalk: ${m}\n`));
    const target = shellTarget(
      set,
      {
        ...(positionals[0] !== undefined ? { lesson: positionals[0] } : {}),
        ...(values.step !== undefined ? { step: values.step } : {}),
      },
      store.all(),
    );
    const room = roomJoin ? { link: startRoom(roomJoin, data, io), join: roomJoin } : undefined;
    try {
      const lesson = target.lesson.lesson.id;
      if (room && !(await roomAllows(room.link, 'shell', lesson, io))) return ExitCode.usage;
      for (const e of shellSessionEvents(lesson, target.step.id)) room?.link.report(e);
      return await openShell(values, io, { data, where, target, room });
    } finally {
      await closeRoom(room?.link, io);
    }
  },
};

interface Opened {
  data: string;
  where: Where;
  target: ShellTarget;
  /** The room the session reports to (default: none). */
  room?: { link: RoomLink; join: RoomJoin } | undefined;
}

/** The work folder, the private folder and the binding; then the shell, until it exits. */
async function openShell(values: Values, io: Io, { data, where, target, room }: Opened): Promise<number> {
  const work = prepareWorkDir(data, target.lesson.lesson.id, target.lesson.root);
  const starter = target.step.starter ? stageStarter(work, target.lesson.root, target.step.starter) : undefined;
  if (starter && 'problem' in starter)
    throw new UserFacingError(`meshwalk shell: ${starter.problem}`, ExitCode.environment);

  const shell = chooseShell(io.env);
  const dir = mkdtempSync(join(tmpdir(), 'meshwalk-shell-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const unhook = onExit(removeDir);
  let stopRoomLines: (() => void) | undefined;
  try {
    const bound: Bound =
      where.kind === 'sim'
        ? bindSim(dir, {
            stateDir: values.state !== undefined ? resolve(io.cwd, values.state) : join(data, 'sim'),
            ...(values.istio ? { istio: values.istio } : {}),
            path: io.env.PATH,
          })
        : await bindReal(dir, where.context, processRunner({ env: io.env, cwd: io.cwd }));
    if (!bound.ok) throw new UserFacingError(`meshwalk shell: ${bound.reason}`, ExitCode.environment);
    const startup = writeStartup(shellKind(shell.file), dir, bound.binding, io.env);
    const roomLine = room ? roomStatusLine(room.link, room.join) : undefined;
    io.stderr.write(banner(where.line, bound.lines, target, work, starter, shell.note, roomLine));
    // After the banner, and on stderr like it: the shell's standard output is the learner's.
    const commandFlags = clusterFlags(where.key, values['allow-context']);
    stopRoomLines = room ? printRoomLines(room.link, commandFlags, (l) => io.stderr.write(l)) : undefined;
    const env = {
      ...io.env,
      ...startup.env,
      MESHWALK_SHELL: bound.binding.label,
      ...(bound.binding.pathFirst ? { PATH: `${bound.binding.pathFirst}${delimiter}${io.env.PATH ?? ''}` } : {}),
      ...(bound.binding.kubeconfig ? { KUBECONFIG: bound.binding.kubeconfig } : {}),
    };
    const ran = await runShell(shell.file, startup.args, { cwd: work, env });
    if (!ran.ok) throw new UserFacingError(`meshwalk shell: ${ran.reason}`, ExitCode.environment);
    return ran.exitCode;
  } finally {
    stopRoomLines?.();
    unhook();
    removeDir();
  }
}

type Where = { kind: 'sim'; key: 'sim'; line: string } | { kind: 'real'; key: string; line: string; context: string };

/** The cluster as the other commands choose it: --cluster sim, a named or current context, or the TUI's default. */
async function whichCluster(
  o: { sim: boolean; choice?: string; context?: string; allowContext: string[] },
  data: string,
  io: Io,
): Promise<Where> {
  if (o.sim) return { kind: 'sim', key: 'sim', line: 'Using the simulated cluster.' };
  if (o.choice !== undefined || o.context !== undefined) {
    const context = contextFlags('shell', { cluster: o.choice, context: o.context }, ['current', 'minikube']);
    const r = await resolveRealCluster({
      ...(context ? { context } : {}),
      allowContext: o.allowContext,
      env: io.env,
      cwd: io.cwd,
    });
    if (!r.ok) throw new UserFacingError(`meshwalk shell: ${r.reason}`, ExitCode.environment);
    const ctx = r.info.context;
    return { kind: 'real', key: `context:${ctx}`, line: `Using ${r.description}.`, context: ctx };
  }
  const chosen = await selectCluster({ allowContext: o.allowContext, env: io.env, cwd: io.cwd, dataDir: data });
  if (chosen.kind === 'sim') return { kind: 'sim', key: 'sim', line: chosen.line };
  return { kind: 'real', key: chosen.key, line: chosen.line, context: chosen.key.replace(/^context:/, '') };
}

type Values = ReturnType<typeof parseFlags<typeof flags>>['values'];

/** The checks that need no lesson and no cluster: each mistake is one line and exit 2. */
function checkFlags(
  values: Values,
  positionals: number,
  env: Io['env'],
): { choice: ClusterChoice | undefined; roomJoin: RoomJoin | undefined } {
  if (positionals > 1)
    throw new UserFacingError(
      `meshwalk shell: one lesson at a time, got ${positionals} (see meshwalk shell --help)`,
      ExitCode.usage,
    );
  const choice = parseClusterChoice('shell', values.cluster);
  const simOnly = values.state !== undefined || values.istio !== undefined;
  if (simOnly && (values.context !== undefined || (choice !== undefined && choice !== 'sim')))
    throw new UserFacingError(
      'meshwalk shell: --state and --istio are for the simulated cluster (see meshwalk shell --help)',
      ExitCode.usage,
    );
  const istio = values.istio === undefined ? undefined : parseIstioVersion(values.istio);
  if (istio && 'error' in istio) throw new UserFacingError(`meshwalk shell: ${istio.error}`, ExitCode.usage);
  const roomJoin = parseRoomFlags('shell', values, env);
  if (env.MESHWALK_SHELL)
    throw new UserFacingError(
      `meshwalk shell: already in a meshwalk shell (on ${env.MESHWALK_SHELL}); type exit to leave it first`,
      ExitCode.usage,
    );
  if (process.platform === 'win32')
    throw new UserFacingError(
      'meshwalk shell: not available on Windows yet; use meshwalk sim --shims DIR there',
      ExitCode.environment,
    );
  return { choice, roomJoin };
}

/** What the learner reads before the first prompt: which cluster, what is bound, where they are. */
function banner(
  line: string,
  bound: readonly string[],
  target: ShellTarget,
  work: string,
  starter: Starter | undefined,
  note: string | undefined,
  room: string | undefined,
): string {
  const { lesson, step, why } = target;
  const kept =
    starter && 'path' in starter && starter.kept ? ' (yours from before, kept; delete it to start over)' : '';
  return `${[
    `meshwalk shell: ${line}`,
    ...bound,
    `Lesson ${lesson.lesson.id}, step ${step.id} (${step.title})${why ? `: ${why}` : ''}.`,
    `Work folder, the current directory: ${work}`,
    ...(starter && 'path' in starter ? [`Starting manifest: ${starter.path}${kept}`] : []),
    ...(note ? [note] : []),
    ...(room ? [room] : []),
    'Type exit to go back.',
  ].join('\n')}\n`;
}
