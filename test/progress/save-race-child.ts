// One of several processes saving progress at once: waits for GO_FILE to appear (so all start
// together), then saves ROUNDS lessons of its own, one step at a time, and exits.
import { existsSync } from 'node:fs';
import { ProgressStore } from '../../src/progress/store.js';

const [path, id, rounds, go] = process.argv.slice(2);
if (!path || !id || !rounds || !go) throw new Error('usage: save-race-child.ts PATH ID ROUNDS GO_FILE');
const store = new ProgressStore(path, 'sim');
while (!existsSync(go)) await new Promise((r) => setTimeout(r, 2));
const steps = ['one', 'two', 'three'];
for (let r = 0; r < Number(rounds); r++) {
  const lesson = `lesson-${id}-${r}`;
  for (let s = 0; s < steps.length; s++) {
    store.save({
      lesson,
      done: steps.slice(0, s + 1),
      skipped: [],
      current: steps[s + 1] ?? 'three',
      finished: s === steps.length - 1,
    });
  }
}
