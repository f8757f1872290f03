/**
 * Joining the room from a command's flags, for every command that reports to it (the TUI,
 * `meshwalk run`, `meshwalk shell`):
 *
 *   const { values } = parseFlags('shell', argv, { ...roomFlags, ... });
 *   const room = joinRoomFromFlags('shell', values, io);   // undefined without --room
 *   room?.onResult(resultEvent);  // or room.report({ type: 'why-used', lesson, step })
 *   await room?.close();          // before exit: delivers for up to 2 s, the rest waits on disk
 *
 * Bad flags throw a UserFacingError (one line, exit 2). The outbox lives in meshwalk's data
 * directory (MESHWALK_HOME, else the platform's), so a restart goes on where it stopped.
 */
import type { Io } from '../../io.js';
import { dataDir } from '../../progress/data-dir.js';
import { parseRoomFlags, type RoomFlagValues } from './join-flags.js';
import { startRoomLink, type RoomLink, type RoomLinkOptions } from './room-link.js';

export function joinRoomFromFlags(
  command: string,
  values: RoomFlagValues,
  io: Pick<Io, 'env'>,
  o: RoomLinkOptions = {},
): RoomLink | undefined {
  const join = parseRoomFlags(command, values, io.env);
  return join ? startRoomLink(join, dataDir(io.env), o) : undefined;
}
