/**
 * `room.json`: what makes a room the same room after a restart: its join code, the instructor's
 * key (kept so `meshwalk room key` can print it again; the file is 0600), every participant with
 * the SHA-256 of its token (a copied file does not hand out working tokens), the steering, and
 * where the server last listened (for `meshwalk room pace` and friends). Written atomically.
 */
import { readFile } from 'node:fs/promises';
import { ExitCode, UserFacingError } from '../../errors.js';
import { writeFileAtomicAsync } from '../../files/atomic-write.js';
import { describeFsError } from '../../progress/progress-error.js';
import { oneLine } from '../model/clean-text.js';
import { isRecord } from '../model/validation.js';
import { MAX_NAME_CHARS } from '../protocol.js';
import type { RoomSteering } from '../model/steering.js';
import { roomFilePath } from './room-dir.js';

export interface ParticipantEntry {
  id: string;
  name: string;
  /** SHA-256 of the bearer token, hex. */
  tokenHash: string;
  joinedAt: number;
}

export interface RoomFile {
  version: 1;
  code: string;
  key: string;
  createdAt: number;
  participants: ParticipantEntry[];
  steering: RoomSteering;
  /** The URL the server last listened at, reachable from this machine. */
  url?: string;
}

/** The room file in `dir`, or undefined when there is none yet. A broken one is refused, never replaced. */
export async function readRoomFile(dir: string): Promise<RoomFile | undefined> {
  const path = roomFilePath(dir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserFacingError(`meshwalk room: ${describeFsError('read', path, err)}`, ExitCode.environment);
  }
  const file = parseRoomFile(text);
  if (file === undefined)
    throw new UserFacingError(
      `meshwalk room: ${path} is not a room file meshwalk can read; move it aside to start a new room there`,
      ExitCode.environment,
    );
  return file;
}

export async function writeRoomFile(dir: string, file: RoomFile): Promise<void> {
  await writeFileAtomicAsync(roomFilePath(dir), `${JSON.stringify(file, null, 2)}\n`);
}

function parseRoomFile(text: string): RoomFile | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(raw) || raw.version !== 1) return undefined;
  const { code, key, createdAt, participants, steering, url } = raw;
  if (typeof code !== 'string' || typeof key !== 'string' || typeof createdAt !== 'number') return undefined;
  if (!Array.isArray(participants) || !participants.every(isParticipant)) return undefined;
  if (!isSteering(steering)) return undefined;
  // Names were made plain when they joined; a hand-edited file is made plain again.
  const plain = participants.map((p) => ({ ...p, name: oneLine(p.name, MAX_NAME_CHARS) }));
  return {
    version: 1,
    code,
    key,
    createdAt,
    participants: plain,
    steering,
    ...(typeof url === 'string' ? { url } : {}),
  };
}

function isParticipant(p: unknown): p is ParticipantEntry {
  return (
    isRecord(p) &&
    typeof p.id === 'string' &&
    typeof p.name === 'string' &&
    typeof p.tokenHash === 'string' &&
    typeof p.joinedAt === 'number'
  );
}

function isSteering(s: unknown): s is RoomSteering {
  return (
    isRecord(s) &&
    typeof s.paced === 'boolean' &&
    Array.isArray(s.unlocked) &&
    s.unlocked.every((l) => typeof l === 'string') &&
    isRecord(s.resets) &&
    typeof s.nextId === 'number'
  );
}
