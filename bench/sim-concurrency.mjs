// N `meshwalk sim` writer processes at once on one state (as several shims or terminals would
// run them), each applying M distinct objects one command at a time: the wall time of the whole
// run, per command, and whether every object landed. Run after `npm run build`:
// node bench/sim-concurrency.mjs [writers] [applies-per-writer]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URL } from 'node:url';

const cli = process.env.MESHWALK_TEST_CLI ?? new URL('../dist/cli.js', import.meta.url).pathname;
const writers = Number(process.argv[2] ?? 8);
const applies = Number(process.argv[3] ?? 20);
const state = mkdtempSync(join(tmpdir(), 'mwbench-conc-'));
const sim = (args) =>
  execFileSync(process.execPath, [cli, 'sim', '--state', state, '--', ...args], { encoding: 'utf8' });
sim(['kubectl', 'create', 'ns', 'w']);

const writer = (i) => `for j in $(seq ${applies}); do
  printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: w${i}-%s, namespace: w}\\n' "$j" |
    '${process.execPath}' '${cli}' sim --state '${state}' -- kubectl apply -f - >/dev/null || exit 1
done`;
const run = (script) =>
  new Promise((resolve) => spawn('bash', ['-c', script], { stdio: 'inherit' }).on('close', resolve));

const t = process.hrtime.bigint();
const codes = await Promise.all(Array.from({ length: writers }, (_, i) => run(writer(i))));
const ms = Number(process.hrtime.bigint() - t) / 1e6;
const listed = sim(['kubectl', 'get', 'cm', '-n', 'w', '-o', 'name']).split('\n');
const landed = listed.filter((l) => /\/w\d+-/.test(l)).length;
const total = writers * applies;
const perCommand = (ms / total).toFixed(1);
console.log(
  `${writers} writers x ${applies} applies: ${(ms / 1000).toFixed(1)} s wall, ${perCommand} ms per command` +
    ` (wall / commands), ${landed}/${total} objects present, writer exits ${[...new Set(codes)].join(',')}`,
);
rmSync(state, { recursive: true, force: true });
if (landed !== total || codes.some((c) => c !== 0)) process.exitCode = 1;
