// One of several processes running `meshwalk run` on one data folder at once: prints "ready" once
// loaded, waits for GO_FILE to appear (so all start together), then runs each lesson ID through the
// CLI's entry point in this process, one after another, and prints each run's exit code and stderr.
// The built bundle's `main`, so the child starts as fast as meshwalk itself (no TypeScript to compile).
/* global setTimeout */
import { existsSync } from 'node:fs';
import { main } from '../../dist/cli.js';

const [lessons, go, ...ids] = process.argv.slice(2);
if (!lessons || !go || ids.length === 0) throw new Error('usage: run-many-child.mjs LESSONS_DIR GO_FILE ID...');
process.stdout.write('ready\n');
while (!existsSync(go)) await new Promise((r) => setTimeout(r, 2));
const results = [];
for (const id of ids) {
  let err = '';
  const code = await main(['run', id, '--yes', '--cluster', 'sim', '--lessons', lessons], {
    stdout: { write: () => true },
    stderr: { write: (s) => ((err += s), true) },
    readStdin: async () => '',
    env: process.env,
    cwd: process.cwd(),
  });
  results.push({ code, err });
}
process.stdout.write(`${JSON.stringify(results)}\n`);
