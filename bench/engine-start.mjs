// Start-up of the engine's commands before they read lessons: `run --help`, `check --help`, and
// `progress --reset` on an empty home (reads and writes the progress file, no lessons).
// None of them should load zod (test/engine/no-zod.test.ts). Build first: npm run build.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = process.env.MESHWALK_CLI ?? join(root, 'dist', 'cli.js');
const runs = Number(process.env.RUNS ?? 15);
const home = mkdtempSync(join(tmpdir(), 'meshwalk-bench-'));
try {
  for (const args of [
    ['run', '--help'],
    ['check', '--help'],
    ['progress', '--reset'],
  ]) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, MESHWALK_HOME: home } });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(
      `meshwalk ${args.join(' ')}: median ${times[Math.floor(runs / 2)].toFixed(0)} ms, min ${times[0].toFixed(0)} ms over ${runs} runs`,
    );
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}
