// Saves progress in a tight loop until killed; prints "saving" once the first save is done.
import { ProgressStore } from '../../src/progress/store.js';

const [path] = process.argv.slice(2);
if (!path) throw new Error('usage: save-loop-child.ts PATH');
const store = new ProgressStore(path, 'sim');
const steps = Array.from({ length: 40 }, (_, i) => `step-${i}`);
for (let n = 0; ; n++) {
  store.save({
    lesson: `lesson-${n % 7}`,
    done: steps.slice(0, n % 40),
    skipped: [],
    current: steps[n % 40],
    finished: false,
  });
  if (n === 0) process.stdout.write('saving\n');
}
