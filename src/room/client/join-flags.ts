/**
 * `--room URL --code CODE [--name NAME]`: the flags that join the instructor's room, shared by
 * the TUI, `meshwalk run` and any other command that reports to a room. Bad values get one line
 * and exit 2 (usage), as every flag does.
 */
import { userInfo } from 'node:os';
import { ExitCode, UserFacingError } from '../../errors.js';
import { MAX_NAME_CHARS } from '../protocol.js';

/** The option table to spread into `parseFlags` (src/commands/args.ts). */
export const roomFlags = {
  room: { type: 'string' },
  code: { type: 'string' },
  name: { type: 'string' },
} as const;

/** What `roomFlags` parsed into. */
export interface RoomFlagValues {
  room?: string | undefined;
  code?: string | undefined;
  name?: string | undefined;
}

/** A room to join, checked. */
export interface RoomJoin {
  /** The room's base URL, always ending in `/` (`http://10.0.0.5:7470/`); no query, fragment or credentials. */
  url: string;
  /** The join code the instructor shows. */
  code: string;
  /** The name the dashboard shows (default: the OS user name). */
  name: string;
}

/** Codes are letters and digits, maybe grouped by dashes or spaces (`ABCD-1234`): what an instructor reads out. */
const CODE = /^[A-Za-z0-9][A-Za-z0-9 -]{0,31}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to find control characters
const CONTROL = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The room flags checked, or undefined when none was given. `command` names the command in
 * messages (`tui` is plain `meshwalk`). `osUser` is for tests (default: the OS user name).
 */
export function parseRoomFlags(
  command: string,
  values: RoomFlagValues,
  env: Record<string, string | undefined>,
  osUser: () => string | undefined = defaultUser(env),
): RoomJoin | undefined {
  const who = command === 'tui' ? 'meshwalk' : `meshwalk ${command}`;
  const bad = (m: string) => new UserFacingError(`${who}: ${m}`, ExitCode.usage);
  const { room, code, name } = values;
  if (room === undefined && code === undefined) {
    if (name !== undefined) throw bad('--name is the name shown in a room: give --room URL --code CODE with it');
    return undefined;
  }
  if (room === undefined) throw bad('--code needs --room URL too (the address the instructor shows)');
  if (code === undefined) throw bad('--room needs --code CODE too (the join code the instructor shows)');
  const url = roomUrl(room);
  if (typeof url !== 'string') throw bad(url.problem);
  if (!CODE.test(code.trim()))
    throw bad(`--code takes the room's join code (letters and digits like ABCD-1234, at most 32), not "${code}"`);
  let shown: string;
  if (name !== undefined) {
    shown = name.trim();
    if (shown.replace(CONTROL, '') !== shown) throw bad('--name may not contain control characters');
    if (shown === '') throw bad('--name may not be empty');
    if ([...shown].length > MAX_NAME_CHARS) throw bad(`--name takes at most ${MAX_NAME_CHARS} characters`);
  } else {
    shown = [...(osUser() ?? '').replace(CONTROL, '').trim()].slice(0, MAX_NAME_CHARS).join('');
    if (shown === '') throw bad('cannot tell your user name: give --name NAME');
  }
  return { url, code: code.trim(), name: shown };
}

/** The base URL of a room, or the problem with it. */
export function roomUrl(text: string): string | { problem: string } {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return { problem: `--room takes the room's address, like http://10.0.0.5:7470, not "${text}"` };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    return { problem: `--room takes an http:// or https:// address, not "${text}"` };
  if (u.hostname === '') return { problem: `--room needs a host name or address: "${text}"` };
  if (u.username !== '' || u.password !== '')
    return { problem: '--room takes the address alone: no user name or password in it' };
  // The dashboard's link carries the instructor's key in its fragment: never keep or send it.
  const path = u.pathname.endsWith('/') ? u.pathname : `${u.pathname}/`;
  return `${u.protocol}//${u.host}${path}`;
}

function defaultUser(env: Record<string, string | undefined>): () => string | undefined {
  return () => {
    try {
      return userInfo().username;
    } catch {
      // No passwd entry (a container running as an arbitrary uid).
      return env['USER'] ?? env['USERNAME'];
    }
  };
}
