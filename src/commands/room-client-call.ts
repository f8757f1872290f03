/**
 * The instructor's subcommands (`meshwalk room pace on`, `status`, …) talk to the running room
 * server like the dashboard does: the URL and key come from the room's file.
 */
import { ExitCode, UserFacingError } from '../errors.js';
import { readRoomFile, type RoomFile } from '../room/store/room-file.js';

/** The room in `dir`; none is one clear line (exit 4). */
export async function existingRoom(dir: string): Promise<RoomFile> {
  const file = await readRoomFile(dir);
  if (!file)
    throw new UserFacingError(
      `meshwalk room: no room in ${dir} yet; start one with meshwalk room`,
      ExitCode.environment,
    );
  return file;
}

/** Calls the running server; its refusal is one line (exit 1), no server is one line (exit 4). */
export async function callRoom(file: RoomFile, path: string, body?: unknown): Promise<unknown> {
  if (!file.url) throw notRunning('(it has never been started)');
  let res: Response;
  try {
    res = await fetch(`${file.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${file.key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    throw notRunning(`at ${file.url}`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const error = (json as { error?: unknown } | undefined)?.error;
    throw new UserFacingError(
      `meshwalk room: the server refused: ${typeof error === 'string' ? error : `HTTP ${res.status}`}`,
    );
  }
  return json;
}

const notRunning = (where: string) =>
  new UserFacingError(
    `meshwalk room: no room server answers ${where}; start it with meshwalk room (in another terminal)`,
    ExitCode.environment,
  );
