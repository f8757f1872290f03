// `meshwalk room`: the instructor's room server, and the subcommands that steer it. No ink.
import type { Command } from './command.js';
import { parseFlags } from './args.js';
import { lessonsFlag, readLessonSet } from './lesson-folders.js';
import { unwritableReason } from './output-file.js';
import { isLoopback, joinUrls } from './room-addresses.js';
import { callRoom, existingRoom } from './room-client-call.js';
import { statusText } from './room-status.js';
import { assertNever, ExitCode, UserFacingError } from '../errors.js';
import type { Io } from '../io.js';
import { DEFAULT_ROOM_PORT, type RoomState } from '../room/protocol.js';
import type { LessonInfo } from '../room/model/room-state.js';
import { DEFAULT_STUCK_RULE } from '../room/model/stuck-rule.js';
import { ROOM_NAME, roomDir } from '../room/store/room-dir.js';
import { terminalSafeWriter } from '../text/terminal-safe.js';
import { resolve } from 'node:path';

const usage = `Usage: meshwalk room [--port N] [--host ADDR] [--stuck-minutes N] [--stuck-failures N]
                     [--name NAME] [--room-dir DIR] [--lessons DIR]...
       meshwalk room pace on|off | unlock LESSON | lock LESSON | broadcast TEXT
       meshwalk room suggest-reset PARTICIPANT | status | key
       meshwalk room export --csv|--json [--out FILE]

Runs a workshop room on this laptop: participants' meshwalk (TUI, run, shell) report their steps
to it, a dashboard page shows the room live, and the subcommands steer it. It prints the line
participants type and the dashboard's URL, opens nothing by itself, and stops with Ctrl-C.

Flags:
  --port N            port to listen on (default ${DEFAULT_ROOM_PORT}; 0 = any free port)
  --host ADDR         address to listen on (default 127.0.0.1: this machine only). Use 0.0.0.0
                      for a room on the local network; the join line then names this machine's
                      addresses
  --stuck-minutes N   a participant is stuck after more than N minutes on one step (default
                      ${DEFAULT_STUCK_RULE.minutes}; 1 to 1440)
  --stuck-failures N  ... or after N failed attempts at it (default ${DEFAULT_STUCK_RULE.failures}; 1 to 1000)
  --name NAME         which room, to keep several apart: <data>/rooms/NAME/ (default: default);
                      the subcommands take it too
  --room-dir DIR      keep the room's files in DIR instead (the subcommands take it too)
  --lessons DIR       also read the lessons in DIR (repeatable), for their titles and steps
  --csv, --json       export: the format
  --out FILE          export: write to FILE instead of standard output
  -h, --help          show this help

Subcommands (they talk to the running server with the key kept in the room's file):
  pace on|off              instructor-paced: participants may open only unlocked lessons
  unlock LESSON, lock LESSON
                           open or close one lesson in an instructor-paced room
  broadcast TEXT           one line shown in every participant's footer
  suggest-reset PARTICIPANT  suggest meshwalk reset to one participant (name or id)
  status                   who is where, who is stuck, how many passed each step
  key                      print the dashboard key (and URL) again
  export                   every stored event, read from the room's files (the server may be stopped)

Who can do what:
  the join code    anyone who reaches the address and has it can join under any name; each
                   participant's token then only adds that participant's own events and reads
                   the steering (pace, unlocked lessons, broadcasts, a reset suggested to them).
                   Wrong codes are rate-limited per address
  the key          steers the room and reads everything: names, events, failure lines. The
                   dashboard URL carries it after #, which browsers never send; keep it to yourself
  the address      on 127.0.0.1 (the default) only this machine can reach the room; with a
                   network address (--host 0.0.0.0) anyone on that network can, over plain
                   HTTP that others there can read
What is sent: the name a participant types and their step events (lesson and step ids, started,
passed, failed, skipped, attempts, time taken, the one line saying why a step failed, hints and
why? used; meshwalk shell sends only the step it opens on). Never commands, their output,
manifests, tokens or keys.
What is stored where: <data>/rooms/NAME/ (or --room-dir), where <data> is $MESHWALK_HOME, else
~/.local/share/meshwalk ($XDG_DATA_HOME/meshwalk), ~/Library/Application Support/meshwalk on
macOS, %LOCALAPPDATA%\\meshwalk on Windows: room.json (join code, dashboard key, each
participant's name with a hash of its token, steering; readable by you only) and events.jsonl
(every event, appended). Delete the folder to forget the room. A participant's token and queued
events stay in their own <data>/rooms-joined/.

Exit codes: 0 stopped (Ctrl-C or SIGTERM; everything acknowledged is on disk) or done, 1 the server
refused the request, 2 bad usage, 4 the room cannot be used (port in use, no room yet, no server
running, its files unreadable).`;

const flags = {
  port: { type: 'string' },
  host: { type: 'string' },
  'stuck-minutes': { type: 'string' },
  'stuck-failures': { type: 'string' },
  name: { type: 'string' },
  'room-dir': { type: 'string' },
  csv: { type: 'boolean' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  ...lessonsFlag,
} as const;

/** What may follow `meshwalk room`; none serves the room. */
export const subcommands = ['pace', 'unlock', 'lock', 'broadcast', 'suggest-reset', 'status', 'key', 'export'] as const;
type Subcommand = (typeof subcommands)[number];
const isSubcommand = (word: string): word is Subcommand => (subcommands as readonly string[]).includes(word);

const fail = (message: string) =>
  new UserFacingError(`meshwalk room: ${message} (see meshwalk room --help)`, ExitCode.usage);

export const command: Command = {
  usage,
  flags,
  async main(argv, io) {
    const { values, positionals } = parseFlags('room', argv, flags);
    // Everything but the export's data is meshwalk's own text: made terminal-safe.
    const out = terminalSafeWriter(io.stdout);
    if (values.name !== undefined && !ROOM_NAME.test(values.name))
      throw fail('--name takes letters, digits, dashes and underscores');
    const dir = roomDir({ env: io.env, cwd: io.cwd, dir: values['room-dir'], name: values.name });
    const [word, ...args] = positionals;
    if (word === undefined) return serve(values, dir, io);
    if (!isSubcommand(word)) throw fail(`unknown subcommand '${word}' (one of: ${subcommands.join(', ')})`);
    const sub: Subcommand = word;
    const arity = (n: number, what: string) => {
      if (args.length !== n) throw fail(`room ${sub} takes ${what}`);
    };
    switch (sub) {
      case 'key': {
        arity(0, 'no arguments');
        const file = await existingRoom(dir);
        out.write(`${file.key}\n`);
        if (file.url) out.write(`Dashboard: ${file.url}/#key=${file.key}\n`);
        return ExitCode.ok;
      }
      case 'status': {
        arity(0, 'no arguments');
        const file = await existingRoom(dir);
        out.write(statusText((await callRoom(file, '/api/state')) as RoomState, file.url ?? ''));
        return ExitCode.ok;
      }
      case 'pace': {
        if (args.length !== 1 || (args[0] !== 'on' && args[0] !== 'off')) throw fail('room pace takes on or off');
        await callRoom(await existingRoom(dir), '/api/steer', { action: 'pace', paced: args[0] === 'on' });
        out.write(
          args[0] === 'on' ? 'Instructor-paced: participants may open only unlocked lessons.\n' : 'Self-paced.\n',
        );
        return ExitCode.ok;
      }
      case 'unlock':
      case 'lock': {
        arity(1, 'one lesson id');
        await callRoom(await existingRoom(dir), '/api/steer', { action: sub, lesson: args[0] });
        out.write(`${sub === 'unlock' ? 'Unlocked' : 'Locked'} ${args[0]}.\n`);
        return ExitCode.ok;
      }
      case 'broadcast': {
        if (args.length === 0) throw fail('room broadcast takes the text to show');
        await callRoom(await existingRoom(dir), '/api/steer', { action: 'broadcast', text: args.join(' ') });
        out.write('Sent.\n');
        return ExitCode.ok;
      }
      case 'suggest-reset': {
        arity(1, "one participant's name or id");
        await callRoom(await existingRoom(dir), '/api/steer', { action: 'suggest-reset', participant: args[0] });
        out.write(`Suggested meshwalk reset to ${args[0]}.\n`);
        return ExitCode.ok;
      }
      case 'export':
        arity(0, 'no arguments, only --csv or --json and --out FILE');
        return exportCommand(values, dir, io);
      default:
        return assertNever(sub, 'room subcommand');
    }
  },
};

type Values = ReturnType<typeof parseFlags<typeof flags>>['values'];

function wholeNumber(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw fail(`--${flag} takes a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

async function serve(values: Values, dir: string, io: Io): Promise<number> {
  const out = terminalSafeWriter(io.stdout);
  const err = terminalSafeWriter(io.stderr);
  const port = wholeNumber('port', values.port, 0, 65535) ?? DEFAULT_ROOM_PORT;
  const host = values.host ?? '127.0.0.1';
  const stuck = {
    minutes: wholeNumber('stuck-minutes', values['stuck-minutes'], 1, 24 * 60) ?? DEFAULT_STUCK_RULE.minutes,
    failures: wholeNumber('stuck-failures', values['stuck-failures'], 1, 1000) ?? DEFAULT_STUCK_RULE.failures,
  };
  const lessons = await roomLessons(values.lessons, io);
  const { startRoomServer } = await import('../room/server.js');
  const server = await startRoomServer({
    host,
    port,
    dir,
    stuck,
    lessons,
    warn: (l) => err.write(`${l}\n`),
    joined: (name, n) => out.write(`meshwalk room: ${name} joined (${n} in the room)\n`),
  });
  // Listening for the signals before saying how to send one.
  const stopped = stopSignal();
  if (!isLoopback(host))
    err.write(
      `meshwalk room: warning: listening on ${host}: anyone on that network who has the code can join, over plain HTTP\n`,
    );
  out.write(`meshwalk room: listening on ${server.url} (room files in ${dir})\n`);
  out.write(`Participants join with:\n`);
  for (const url of joinUrls(host, server.port)) out.write(`  npx meshwalk --room ${url} --code ${server.code}\n`);
  if (server.created)
    out.write(
      `Dashboard (keep it to yourself: its key steers the room; meshwalk room key shows it again):\n  ${server.url}/#key=${server.key}\n`,
    );
  else out.write(`Dashboard: ${server.url}/#key=… (meshwalk room key prints the URL with the key)\n`);
  out.write(`Stop with Ctrl-C.\n`);
  await stopped;
  await server.close();
  out.write('meshwalk room: stopped; everything acknowledged is saved.\n');
  return ExitCode.ok;
}

/**
 * Resolves on the first Ctrl-C or SIGTERM; a second one while closing exits at once. The
 * listeners stay: a library's exit hook (signal-exit) re-sends a signal nobody else listens to.
 */
function stopSignal(): Promise<void> {
  return new Promise((done) => {
    let stopping = false;
    const onSignal = () => {
      if (stopping) process.exit(ExitCode.interrupted);
      stopping = true;
      done();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** Titles and steps of the lessons meshwalk loads (its own and --lessons), for the dashboard. */
async function roomLessons(dirs: readonly string[] | undefined, io: Io): Promise<LessonInfo[]> {
  const { lessons } = await readLessonSet('room', dirs, io, { manifests: false });
  return lessons.map(({ lesson }) => ({
    id: lesson.id,
    title: lesson.title,
    steps: lesson.steps.map((s) => ({ id: s.id, title: s.title })),
  }));
}

async function exportCommand(values: Values, dir: string, io: Io): Promise<number> {
  if (Boolean(values.csv) === Boolean(values.json)) throw fail('room export takes one of --csv or --json');
  const file = await existingRoom(dir);
  const format = values.csv ? 'csv' : 'json';
  const { exportRoom } = await import('../room/store/export-room.js');
  const names = new Map(file.participants.map((p) => [p.id, p.name]));
  if (values.out === undefined) {
    // The data as it is (CSV's CR LF included): names and reasons were made plain when stored.
    await exportRoom(dir, names, format, (t) => io.stdout.write(t));
    return ExitCode.ok;
  }
  const path = resolve(io.cwd, values.out);
  const why = unwritableReason(path);
  if (why) throw new UserFacingError(`meshwalk room: cannot write ${values.out}: ${why}`, ExitCode.environment);
  const parts: string[] = [];
  const read = await exportRoom(dir, names, format, (t) => parts.push(t));
  const { writeFileAtomic } = await import('../files/atomic-write.js');
  writeFileAtomic(path, parts.join(''));
  terminalSafeWriter(io.stderr).write(
    `meshwalk room: wrote ${read.events} event${read.events === 1 ? '' : 's'} to ${values.out}\n`,
  );
  return ExitCode.ok;
}
