// `meshwalk check` over every lesson on the simulated cluster, no propagation delay.
// Target: under 3 s for five lessons. Build first: npm run build.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = process.env.MESHWALK_CLI ?? join(root, 'dist', 'cli.js');
const runs = Number(process.env.RUNS ?? 5);
const times = [];
let summary = '';
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'check', '--cluster', 'sim', '--json'], {
    encoding: 'utf8',
    env: { ...process.env, MESHWALK_HOME: join(root, '.bench-home') },
  });
  times.push(performance.now() - t0);
  if (r.status !== 0) {
    console.log(`check exited ${r.status}:\n${r.stderr}`);
    process.exitCode = 1;
  }
  const events = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const lessons = events.filter((e) => e.type === 'LessonFinished');
  const attempts = events.filter((e) => e.type === 'AttemptObserved').length;
  const commands = events.filter((e) => e.type === 'CommandStarted').length;
  summary = `${lessons.length} lessons (${lessons.filter((l) => l.outcome === 'passed').length} passed), ${lessons.reduce((n, l) => n + l.total, 0)} steps, ${commands} commands + ${attempts} verification attempts`;
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`meshwalk check --cluster sim (all lessons, propagation 0): ${summary}`);
console.log(
  `  wall time over ${runs} runs: median ${median.toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times.at(-1).toFixed(0)} ms (target < 3000 ms for five lessons)`,
);
