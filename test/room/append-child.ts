// Run as a separate process by queue.test.ts: appends N events to the queue in DIR, one by one.
import { RoomQueue } from '../../src/room/client/queue.js';

const [dir, n, tag] = process.argv.slice(2);
const q = new RoomQueue(dir as string);
for (let i = 0; i < Number(n); i++) await q.append([{ type: 'lesson-opened', lesson: `${tag}-${i}` }], Date.now());
