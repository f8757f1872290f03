// The lag between the simulated cluster's behaviour changing (the propagation delay after an
// apply elapsing) and the verification noticing it. Target: under 250 ms median.
// Method: `meshwalk check --json --propagation P` over the policy lessons for several P; for each
// verification whose first attempt still saw the old behaviour, lag = the passing attempt's
// time - (start of the step's last command + P). The delays are spread so that the change falls at
// different points of the 200 ms poll cycle. Build first: npm run build.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = process.env.MESHWALK_CLI ?? join(root, 'dist', 'cli.js');
const lessons = ['peer-authentication', 'jwt-authentication', 'least-privilege'];
const propagations = (process.env.PROPAGATIONS ?? '730,890,1010,1170,1290,1450,1530,1690').split(',').map(Number);
const lags = [];
for (const p of propagations) {
  const r = spawnSync(
    process.execPath,
    [cli, 'check', '--cluster', 'sim', '--json', '--propagation', String(p), ...lessons],
    { encoding: 'utf8', env: { ...process.env, MESHWALK_HOME: join(root, '.bench-home') } },
  );
  if (r.status !== 0) {
    console.log(`check --propagation ${p} exited ${r.status}:\n${r.stderr}`);
    process.exitCode = 1;
  }
  const events = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  let lastCommandAt;
  let attempts = [];
  for (const e of events) {
    if (e.type === 'CommandStarted' && (e.purpose === 'action' || e.purpose === 'solve')) lastCommandAt = e.at;
    if (e.type === 'StepStarted') {
      lastCommandAt = undefined;
      attempts = [];
    }
    if (e.type === 'AttemptObserved' && e.phase === 'after') {
      attempts.push(e);
      if (e.verdict === 'pass' && attempts.length > 1 && lastCommandAt !== undefined)
        lags.push(e.at - (lastCommandAt + p));
    }
  }
}
lags.sort((a, b) => a - b);
const q = (f) => lags[Math.min(lags.length - 1, Math.floor(lags.length * f))];
console.log(`verification lag on the simulated cluster (propagation ${propagations.join('/')} ms, poll every 200 ms):`);
console.log(
  `  ${lags.length} verifications that had to wait: median ${q(0.5)} ms, p90 ${q(0.9)} ms, min ${lags[0]} ms, max ${lags.at(-1)} ms (target median < 250 ms)`,
);
