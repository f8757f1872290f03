// `npm test`: the type check, the lint (Biome, with the layer rules), the format check (Biome) and every vitest
// suite, each of which fails the run. The three checks run one after another beside vitest rather
// than before it: the suite spends part of its time waiting on the processes its tests start, and
// the checks fill that time. Each check's output is held and printed once it ends, so it does not
// interleave with vitest's. Flags after `--` go to vitest (`npm test -- test/sim`).
import { spawn } from 'node:child_process';
import { fileURLToPath, URL } from 'node:url';

/** A dev dependency's own entry script (the packages' `exports` do not all expose their bin). */
const bin = (pkg, file) => fileURLToPath(new URL(`../node_modules/${pkg}/${file}`, import.meta.url));
const cache = 'node_modules/.cache';

const checks = [
  // A larger young generation (V8's semi-space is 16 MB at most by default) means fewer scavenges:
  // tsc took 14 CPU-s instead of 16 on a 2-core machine. (The test runner showed no difference.)
  [
    'tsc',
    [
      '--max-semi-space-size=32',
      bin('typescript', 'bin/tsc'),
      '--noEmit',
      '--incremental',
      '--tsBuildInfoFile',
      `${cache}/tsc/tsbuildinfo`,
    ],
  ],
  // Biome lints the tree (the rules and the layer rules in biome.jsonc) in about a second; ESLint with
  // typescript-eslint took 11 s and 16 CPU-s on a 2-core machine, most of it parsing.
  ['lint', [bin('@biomejs/biome', 'bin/biome'), 'lint', '--max-diagnostics=20', '.']],
  // Biome formats as Prettier does (printWidth 120, single quotes, trailing commas) in a fraction of
  // the time: a whole-tree check takes under a second where Prettier took twenty on a 2-core machine.
  ['format', [bin('@biomejs/biome', 'bin/biome'), 'format', '--max-diagnostics=20', '.']],
];

// Node reads and parses every certificate in NODE_EXTRA_CA_CERTS when it starts, before any script
// runs (node::crypto::UseExtraCaCerts): with a system bundle of 144 certificates that doubled the
// CPU of a bare `node -e 0` (0.10 s instead of 0.05 on a 2-core machine), and a run starts about
// 280 node processes. Nothing under test makes a TLS connection, so the run does without it.
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;

/** Runs node with `args`; resolves to its exit code and what it printed (or inherits the terminal). */
function run(args, captured) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env, stdio: captured ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (captured) {
      child.stdout.on('data', (c) => (output += c));
      child.stderr.on('data', (c) => (output += c));
    }
    child.on('error', (err) => resolve({ code: 1, output: `${err.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

async function runChecks() {
  const failed = [];
  for (const [name, args] of checks) {
    const started = Date.now();
    const { code, output } = await run(args, true);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (code === 0) {
      process.stdout.write(`check ${name}: passed (${seconds} s)\n`);
    } else {
      failed.push(name);
      process.stdout.write(`check ${name}: FAILED (exit ${code}, ${seconds} s)\n${output}`);
    }
  }
  return failed;
}

const vitestArgs = [bin('vitest', 'vitest.mjs'), 'run', ...process.argv.slice(2)];
const [failedChecks, tests] = await Promise.all([runChecks(), run(vitestArgs, false)]);
if (failedChecks.length > 0) process.stdout.write(`npm test: failed: ${failedChecks.join(', ')}\n`);
process.exitCode = failedChecks.length > 0 || tests.code !== 0 ? 1 : 0;
