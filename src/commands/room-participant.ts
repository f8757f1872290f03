/**
 * A plain-text command in the instructor's room (`meshwalk run`, `meshwalk shell`): starting the
 * link with its problems on stderr, the wait for the room's pace, the instructor's words as
 * lines starting `Room:`, and the goodbye that says what still waits on disk.
 */
import { assertNever } from '../errors.js';
import type { Io } from '../io.js';
import type { RoomJoin } from '../room/client/join-flags.js';
import { startRoomLink, type RoomLink, type RoomLinkOptions } from '../room/client/room-link.js';
import { broadcastLine, lockedByInstructor, resetSuggestion } from '../room/steering-view.js';
import { meshwalkCommand } from '../ui/meshwalk-command.js';

/** How the room is reached (a test seam); default startRoomLink with its default timings. */
export type StartRoom = (join: RoomJoin, dataDir: string, o: RoomLinkOptions) => RoomLink;

/** How long a command waits for the room's first answer (its pace) before going on; a refusal ends the wait at once. */
export const ROOM_READY_MS = 2000;

/** Joins `join`; each new problem is one line on stderr (`meshwalk: room: …`). */
export function startRoom(join: RoomJoin, dataDir: string, io: Pick<Io, 'stderr'>, start?: StartRoom): RoomLink {
  return (start ?? startRoomLink)(join, dataDir, { onProblem: (m) => io.stderr.write(`meshwalk: room: ${m}\n`) });
}

/**
 * Waits briefly for the room's pace; false (said why, in one line) when the instructor has not
 * unlocked `lesson`. `command` names the command in that line (`run`, `shell`).
 */
export async function roomAllows(room: RoomLink, command: string, lesson: string, io: Pick<Io, 'stderr'>) {
  await room.ready(ROOM_READY_MS);
  const status = room.getStatus();
  if (!lockedByInstructor(status.steering, lesson)) return true;
  const open = status.steering?.unlocked ?? [];
  io.stderr.write(
    `meshwalk ${command}: the instructor has not unlocked ${lesson} yet${open.length > 0 ? ` (open now: ${open.join(', ')})` : ''}\n`,
  );
  return false;
}

/**
 * `room: connected (http://10.0.0.5:7470/, as ada)`: where the events go, and whether they go now.
 * Why the room does not answer was said already, in the problem's own line.
 */
export function roomStatusLine(room: RoomLink, join: RoomJoin): string {
  const where = `(${join.url}, as ${join.name})`;
  const connection = room.getStatus().connection;
  switch (connection) {
    case 'connected':
    case 'connecting':
      return `room: ${connection} ${where}`;
    case 'offline':
      return `room: offline ${where}; events wait on disk until it answers`;
    default:
      return assertNever(connection, 'room connection');
  }
}

/**
 * The instructor's broadcasts and reset suggestions, one line each starting `Room:`, once per id,
 * now and as they arrive; `commandFlags` are the cluster's flags for the suggested reset.
 * Returns the function that stops listening.
 */
export function printRoomLines(room: RoomLink, commandFlags: string, write: (line: string) => void): () => void {
  const seen = new Set<string>();
  const print = () => {
    const steering = room.getStatus().steering;
    const lines = [
      ['broadcast', broadcastLine(steering)],
      ['reset', resetSuggestion(steering, meshwalkCommand('reset', commandFlags))],
    ] as const;
    for (const [kind, line] of lines) {
      if (!line || seen.has(`${kind}:${line.id}`)) continue;
      seen.add(`${kind}:${line.id}`);
      write(`Room: ${line.text}\n`);
    }
  };
  print();
  return room.subscribe(print);
}

/** Delivers what it can for up to 2 s, and says in one line how many events wait for the next join. */
export async function closeRoom(room: RoomLink | undefined, io: Pick<Io, 'stderr'>): Promise<void> {
  const left = await room?.close();
  if (left)
    io.stderr.write(`meshwalk: room: ${left} event(s) wait on disk; they go the next time you join this room.\n`);
}
