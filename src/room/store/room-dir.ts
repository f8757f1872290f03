import { isAbsolute, join, resolve } from 'node:path';
import { dataDir } from '../../progress/data-dir.js';

/** A room's name is a folder name: letters, digits, dashes and underscores. */
export const ROOM_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * Where a room keeps its files: `--room-dir DIR` as given (relative to the working folder), else
 * `<meshwalk data dir>/rooms/<name>` (name `default`), so one laptop can keep rooms apart.
 */
export function roomDir(o: {
  env: Record<string, string | undefined>;
  cwd: string;
  dir?: string;
  name?: string;
}): string {
  if (o.dir !== undefined) return isAbsolute(o.dir) ? o.dir : resolve(o.cwd, o.dir);
  return join(dataDir(o.env), 'rooms', o.name ?? 'default');
}

export const roomFilePath = (dir: string) => join(dir, 'room.json');
export const eventLogPath = (dir: string) => join(dir, 'events.jsonl');
export const lockPath = (dir: string) => join(dir, 'server.lock');
