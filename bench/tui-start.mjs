// Start-up to the first TUI frame: spawns `node dist/cli.js --cluster sim` in a pseudo-terminal
// (util-linux `script`, since the TUI refuses to start without one) and times the first bytes of
// the frame on its output. MESHWALK_EXIT_AFTER_FIRST_FRAME makes the app leave right after that
// frame. Also times a bare bundled-ink hello world the same way, for comparison.
// Target: first frame under 250 ms. Build first: npm run build.
import { spawn, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { setTimeout, clearTimeout } from 'node:timers';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, process.env.MESHWALK_DIST ?? 'dist', 'cli.js');
const RUNS = Number(process.env.RUNS ?? 15);

if (!existsSync(cli)) {
  console.log('tui-start: dist/cli.js missing; run npm run build first');
  process.exit(1);
}
if (spawnSync('script', ['--version']).status !== 0) {
  console.log('tui-start: skipped (needs util-linux `script` for a pseudo-terminal)');
  process.exit(0);
}

const home = mkdtempSync(join(tmpdir(), 'meshwalk-bench-'));

/** ms from spawn to the first output containing `marker`, and to exit. */
function once(argv, marker, { exitFlag = true } = {}) {
  return new Promise((resolve, reject) => {
    const cmd = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const t0 = performance.now();
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], {
      env: {
        ...process.env,
        MESHWALK_HOME: home,
        ...(exitFlag ? { MESHWALK_EXIT_AFTER_FIRST_FRAME: '1' } : {}),
        TERM: 'xterm-256color',
        COLUMNS: '80',
        LINES: '24',
      },
      // script reports the SIGTERM that ends a run without the exit flag; that is not news.
      stdio: ['pipe', 'pipe', exitFlag ? 'inherit' : 'ignore'],
    });
    let out = '';
    let first;
    child.stdout.on('data', (d) => {
      out += d.toString();
      if (first === undefined && out.includes(marker)) {
        first = performance.now() - t0;
        if (!exitFlag) child.kill('SIGTERM'); // the app itself runs on: stop it once seen
      }
    });
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('exit', () => {
      clearTimeout(kill);
      if (first === undefined)
        reject(new Error(`no frame with ${JSON.stringify(marker)}; output: ${JSON.stringify(out.slice(0, 300))}`));
      else resolve({ first, exit: performance.now() - t0 });
    });
  });
}

async function measure(label, argv, marker, options) {
  await once(argv, marker, options); // warm the file cache
  const firsts = [];
  const exits = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await once(argv, marker, options);
    firsts.push(r.first);
    exits.push(r.exit);
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const min = (xs) => Math.min(...xs);
  console.log(
    `${label.padEnd(38)} first frame median ${med(firsts).toFixed(0)} ms (min ${min(firsts).toFixed(0)}), exit median ${med(exits).toFixed(0)} ms`,
  );
  return med(firsts);
}

try {
  // The baseline: a bundled ink hello world, measured the same way.
  const helloDir = join(root, 'node_modules', '.cache', 'meshwalk-bench-hello');
  const hello = join(helloDir, 'hello.js');
  const src = join(home, 'hello.jsx');
  writeFileSync(
    src,
    "import {render, Text} from 'ink';\nconst app = render(<Text>hello meshwalk</Text>);\nsetImmediate(() => app.unmount());\n",
  );
  const { build } = await import('esbuild');
  await build({
    entryPoints: [src],
    outdir: helloDir,
    bundle: true,
    splitting: true, // as scripts/build.mjs: ink's devtools import stays in a chunk never loaded
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    nodePaths: [join(root, 'node_modules')],
    external: ['react-devtools-core'],
    define: { 'process.env.NODE_ENV': '"production"' },
    banner: { js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);" },
    logLevel: 'error',
  });
  const base = await measure('bundled ink hello world', ['node', hello], 'hello meshwalk');
  const tui = await measure('meshwalk --cluster sim', ['node', cli, '--cluster', 'sim'], 'meshwalk');
  // The lesson list, once the cluster is chosen and the lessons and progress are read.
  await measure('meshwalk --cluster sim: lesson list', ['node', cli, '--cluster', 'sim'], 'choose a lesson', {
    exitFlag: false,
  });
  console.log(
    `first frame: ${tui.toFixed(0)} ms (target < 250 ms: ${tui < 250 ? 'met' : 'NOT met'}); ${(tui - base).toFixed(0)} ms over the ink baseline`,
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}
