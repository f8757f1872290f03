// The room server as its own process, for room-e2e.test.ts (so it can be SIGKILLed and
// restarted): `node room-server.mjs DIR PORT LESSONS.json` prints {url, port, code, key}.
import { readFileSync } from 'node:fs';
import { startRoomServer } from '../../src/room/server.js';
import type { LessonInfo } from '../../src/room/model/room-state.js';

const [dir, port, lessonsFile] = process.argv.slice(2);
const lessons = JSON.parse(readFileSync(lessonsFile as string, 'utf8')) as LessonInfo[];
const room = await startRoomServer({ dir: dir as string, port: Number(port), lessons, warn: () => undefined });
process.stdout.write(`${JSON.stringify({ url: room.url, port: room.port, code: room.code, key: room.key })}\n`);
