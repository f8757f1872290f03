// `meshwalk` / `meshwalk tui`: the workshop in the terminal. Only ink, React and the UI are loaded
// before the first frame; the cluster, lessons and progress arrive right after it.
import { createElement } from 'react';
import { render } from 'ink';
import type { Command, FlagOptions } from './command.js';
import { parseFlags, parsePropagation } from './args.js';
import { ExitCode, UserFacingError } from '../errors.js';
import type { Io } from '../io.js';
import type { Session } from '../engine/session.js';
import App, { type AppResult } from '../ui/App.js';
import { ThemeContext, themeFromEnv } from '../ui/theme.js';
import type { UiCluster, UiPorts } from '../ui/ports.js';
import type { ProgressStore } from '../progress/store.js';
import type { Lesson } from '../lesson/schema.js';
import { lessonFolders, lessonsFlag, readLessonSet } from './lesson-folders.js';
import { clusterFlags } from '../ui/meshwalk-command.js';
import { parseRoomFlags, roomFlags, type RoomJoin } from '../room/client/join-flags.js';
import type { RoomLink } from '../room/client/room-link.js';

const usage = `Usage: meshwalk [tui] [--cluster sim|current|minikube] [--lesson ID] [--plain]
                     [--propagation MS] [--allow-context NAME]... [--lessons DIR]...
                     [--room URL --code CODE [--name NAME]]

Opens the workshop: pick a lesson, read each step, run it, and watch meshwalk verify it.

Flags:
  --cluster sim|current|minikube
                       where commands run. Default: the current kube context when it is
                       local and answers, otherwise the simulated cluster (the screen says which)
  --lesson ID          open this lesson at once (where you left it)
  --lessons DIR        also offer the lessons in DIR (repeatable), read as every command reads it
  --plain              linear text with status words: no boxes, colours or redrawing (for
                       screen readers and logs; also on when INK_SCREEN_READER=true)
  --propagation MS     simulated cluster only: how long a change takes to take effect.
                       Default 1500
  --allow-context NAME use this kube context although it does not look local (repeatable)
  --room URL           join the instructor's room at URL and report your progress (with --code)
  --code CODE          the room's join code, as the instructor shows it
  --name NAME          the name the instructor sees (default: your user name)
  -h, --help           show this help

Keys: r run (or retry), n next, p previous, h hint, s skip, m manifest, Esc cancel,
? all keys, q quit; in a room, x hides the instructor's message. Progress is saved after every step.
Colours follow NO_COLOR. Exit codes: 0 quit, 2 bad usage or no terminal, 4 no usable
cluster, 130 Ctrl-C.`;

/** How long quitting may take before meshwalk exits anyway (a command that ignores SIGTERM). */
const EXIT_DEADLINE_MS = 3000;
/** How long quitting tries to deliver the room's queued events; the rest wait on disk. Within EXIT_DEADLINE_MS. */
const ROOM_FLUSH_MS = 2000;

/** The room link, loaded only when --room is given. */
async function joinRoom(join: RoomJoin, io: Io): Promise<RoomLink> {
  const [{ startRoomLink }, { dataDir }] = await Promise.all([
    import('../room/client/room-link.js'),
    import('../progress/data-dir.js'),
  ]);
  return startRoomLink(join, dataDir(io.env));
}

/** The flags `main` parses (parseArgs options; `--help` is added by parseFlags). */
const flags = {
  cluster: { type: 'string' },
  lesson: { type: 'string' },
  plain: { type: 'boolean' },
  propagation: { type: 'string' },
  'allow-context': { type: 'string', multiple: true },
  ...lessonsFlag,
  ...roomFlags,
} as const satisfies FlagOptions;

export const command: Command = {
  usage,
  flags,
  async main(argv, io) {
    const { values, positionals } = parseFlags('tui', argv, flags);
    if (positionals.length > 0)
      throw new UserFacingError(
        `meshwalk: unexpected argument '${positionals[0]}' (see meshwalk --help)`,
        ExitCode.usage,
      );
    const choice = values.cluster;
    if (choice !== undefined && choice !== 'sim' && choice !== 'current' && choice !== 'minikube') {
      throw new UserFacingError(
        `meshwalk: --cluster must be sim, current or minikube, not '${choice}'`,
        ExitCode.usage,
      );
    }
    const propagationMs = parsePropagation('tui', values.propagation);
    const lessonDirs = lessonFolders('tui', values.lessons, io);
    const roomJoin = parseRoomFlags('tui', values, io.env);
    if (!process.stdin.isTTY) {
      throw new UserFacingError(
        'meshwalk: the workshop needs a terminal to read keys from; for pipes use `meshwalk run LESSON` (plain text)',
        ExitCode.usage,
      );
    }
    const plain = values.plain === true || io.env['INK_SCREEN_READER'] === 'true';
    // Problems show as the marker `room: offline`; stderr would draw over the screen.
    const room = roomJoin ? await joinRoom(roomJoin, io) : undefined;
    const ports = makePorts(io, {
      ...(room ? { room } : {}),
      ...(choice ? { choice } : {}),
      ...(values.lesson ? { lesson: values.lesson } : {}),
      ...(propagationMs !== undefined ? { propagationMs } : {}),
      allowContext: values['allow-context'] ?? [],
      lessonDirs,
    });
    const sessions = new Set<Session>();
    const firstFrameExit = io.env['MESHWALK_EXIT_AFTER_FIRST_FRAME'] === '1';
    let frames = 0;
    const app = render(
      createElement(
        ThemeContext.Provider,
        { value: themeFromEnv(io.env, plain) },
        createElement(App, { ports, onSession: (s: Session) => sessions.add(s) }),
      ),
      {
        stdout: io.stdout as NodeJS.WriteStream,
        // Ctrl-C goes through the keymap, so it stops running commands the same way `q` does.
        exitOnCtrlC: false,
        ...(plain ? { isScreenReaderEnabled: true } : {}),
        // For bench/tui-start.mjs: leave right after the first frame is on the screen.
        ...(firstFrameExit ? { onRender: () => void (frames++ === 0 && setImmediate(() => app.unmount())) } : {}),
      },
    );
    let result: AppResult | undefined;
    try {
      result = (await app.waitUntilExit()) as AppResult | undefined;
    } finally {
      // ink's exit only unmounts: stop every command still running, and exit even if one hangs.
      for (const s of sessions) s.dispose();
      setTimeout(() => process.exit(result?.exitCode ?? ExitCode.interrupted), EXIT_DEADLINE_MS).unref();
    }
    if (result?.message) io.stderr.write(`${result.message}\n`);
    const left = await room?.close(ROOM_FLUSH_MS);
    if (left)
      io.stderr.write(`meshwalk: room: ${left} event(s) wait on disk; they go the next time you join this room.\n`);
    return result?.exitCode ?? ExitCode.ok;
  },
};

interface Choices {
  /** The instructor's room (default: none). */
  room?: RoomLink;
  choice?: 'sim' | 'current' | 'minikube';
  lesson?: string;
  propagationMs?: number;
  allowContext: string[];
  /** `--lessons` folders, absolute (default: none). */
  lessonDirs: string[];
}

/** Everything the TUI reaches for, loaded lazily so the first frame does not wait for it. */
function makePorts(io: Io, c: Choices): UiPorts {
  const dataDirP = import('../progress/data-dir.js').then((m) => m.dataDir(io.env));
  const roots = new Map<string, string>();
  // Progress is kept per cluster, so it is read once the cluster is known.
  let selected: Promise<{ key: string; cluster: UiCluster }> | undefined;
  const select = () =>
    (selected ??= (async () => {
      const [{ selectCluster }, { prepareWorkDir }, dataDir] = await Promise.all([
        import('../cluster/select.js'),
        import('../cluster/workdir.js'),
        dataDirP,
      ]);
      const chosen = await selectCluster({
        ...(c.choice ? { choice: c.choice } : {}),
        allowContext: c.allowContext,
        env: io.env,
        cwd: io.cwd,
        dataDir,
        ...(c.propagationMs !== undefined ? { propagationMs: c.propagationMs } : {}),
        ...(io.meshwalk ? { meshwalk: io.meshwalk } : {}),
      });
      const cluster: UiCluster = {
        label: chosen.kind === 'sim' ? 'simulated cluster' : chosen.key.replace(/^context:/, ''),
        line: chosen.line,
        forLesson: (lesson) => chosen.forWorkDir(prepareWorkDir(dataDir, lesson.id, roots.get(lesson.id) ?? io.cwd)),
        // The simulator answers in microseconds: poll it often so a change shows up at once.
        ...(chosen.kind === 'sim' ? { engine: { maxIntervalMs: 200 } } : {}),
        commandFlags: clusterFlags(chosen.key, c.allowContext),
      };
      return { key: chosen.key, cluster };
    })());
  let notice: string | undefined;
  let store: Promise<ProgressStore> | undefined;
  const progress = () =>
    (store ??= (async () => {
      const [{ ProgressStore, progressPath }, dir, { key }] = await Promise.all([
        import('../progress/store.js'),
        dataDirP,
        select(),
      ]);
      return new ProgressStore(progressPath(dir), key, (m) => (notice = m));
    })());
  return {
    ...(c.room ? { room: c.room } : {}),
    ...(c.lesson ? { startLesson: c.lesson } : {}),
    selectCluster: async () => (await select()).cluster,
    async loadLessons() {
      // Parsing lessons loads yaml and zod (~300 ms cold); a warm start reads the cached result,
      // keyed by every lesson and manifest file's size and mtime (the same cache as `list`).
      const [{ packageRoot }, cache, { join }] = await Promise.all([
        import('../package-root.js'),
        import('../files/package-cache.js'),
        import('node:path'),
      ]);
      const root = packageRoot();
      const dir = join(root, 'lessons');
      const key = [`${dir}#tui`, ...c.lessonDirs].join('\n');
      const stamp = [dir, join(root, 'manifests'), ...c.lessonDirs].map((d) => cache.stampOf(d)).join('\n');
      type Cached = { lessons: { lesson: Lesson; root: string }[]; problems: string[] };
      let loaded = cache.readCache<Cached>(root, key, stamp);
      if (!loaded) {
        const r = await readLessonSet('tui', c.lessonDirs, io);
        loaded = {
          lessons: r.lessons.map((l) => ({ lesson: l.lesson, root: l.root })),
          problems: r.problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`),
        };
        cache.writeCache(root, key, stamp, loaded);
      }
      for (const l of loaded.lessons) roots.set(l.lesson.id, l.root);
      return { lessons: loaded.lessons.map((l) => l.lesson), problems: loaded.problems };
    },
    async readProgress() {
      const all = (await progress()).all();
      const byLesson = Object.fromEntries(
        Object.entries(all).map(([id, p]) => [
          id,
          {
            lesson: id,
            done: p.done,
            skipped: p.skipped,
            ...(p.current ? { current: p.current } : {}),
            finished: p.finishedAt !== undefined,
          },
        ]),
      );
      // The lesson saved last: the list's cursor starts on it (or on the next one, when it is done).
      const last = Object.entries(all).sort(([, a], [, b]) => b.updatedAt.localeCompare(a.updatedAt))[0]?.[0];
      return { byLesson, ...(last !== undefined ? { last } : {}), ...(notice ? { warning: notice } : {}) };
    },
    async saveProgress(p) {
      (await progress()).save(p);
    },
    async explain(state) {
      const [{ probeRequest, probeArgv, probeMoment }, { key }, dir, { join }] = await Promise.all([
        import('../ui/probe-request.js'),
        select(),
        dataDirP,
        import('node:path'),
      ]);
      const argv = probeArgv(state);
      const request = argv ? probeRequest(argv) : undefined;
      if (!request) return undefined;
      const { explainOn } = await import('./explain.js');
      // On the simulated cluster, the request the last attempt made, as the sidecars saw it then.
      const at = probeMoment(state);
      const where =
        key === 'sim'
          ? { state: join(dir, 'sim'), ...(at !== undefined ? { at: Math.round(at) } : {}) }
          : { cluster: 'current' as const };
      try {
        const r = await explainOn(request, where, io);
        return r.ok ? r.text : r.error;
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
    },
    async decodeTokens(tokens) {
      const [{ command: token }, { key }, dir, { join }] = await Promise.all([
        import('./token.js'),
        select(),
        dataDirP,
        import('node:path'),
      ]);
      // Against the cluster the lesson runs on, as `meshwalk token --decode` would be.
      const where = key === 'sim' ? ['--state', join(dir, 'sim')] : ['--cluster', 'current'];
      const reports: string[] = [];
      for (const t of tokens) {
        let out = '';
        let err = '';
        const captured: Io = {
          ...io,
          stdout: { write: (x: string) => (out += x) },
          stderr: { write: (x: string) => (err += x) },
        };
        try {
          await token.main(['--decode', t.value, ...where], captured);
        } catch (e) {
          err += e instanceof Error ? e.message : String(e);
        }
        reports.push(`$${t.name}\n${`${out}${err}`.trimEnd()}`);
      }
      return reports.length > 0 ? reports.join('\n\n') : undefined;
    },
    async readManifest(lesson, path) {
      const [{ readFile }, { resolve }, { shippedPath }, { packageRoot }] = await Promise.all([
        import('node:fs/promises'),
        import('node:path'),
        import('../lesson/command-policy/paths.js'),
        import('../package-root.js'),
      ]);
      // `meshwalk:manifests/…` is a manifest meshwalk ships, wherever the lesson is.
      const shipped = shippedPath(path);
      const file =
        shipped !== undefined ? resolve(packageRoot(), shipped) : resolve(roots.get(lesson.id) ?? io.cwd, path);
      return readFile(file, 'utf8');
    },
  };
}
