import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongestFirst } from './test/longest-first.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The CLI tests run the built dist/cli.js; global-setup builds it once.
    globalSetup: ['test/global-setup.ts'],
    // Worker processes rather than threads: the tests start about 700 processes (kubectl stand-ins,
    // the built CLI, openssl), and fork(2) copies the page tables of the process that spawns, so its
    // cost grows with that process's memory. Three threads share one process of about 1 GB, where a
    // spawn cost 25-40 ms of CPU; the largest forked worker reached 425 MB. In four pairs of full runs
    // on a 2-core machine, the forks spent 2-12 CPU-s less in the kernel.
    // Each worker imports src/ once for all the files it runs: with a fresh module graph per file,
    // importing and transforming src/ again took more CPU than most files' tests. The test files keep
    // no state in modules, process.env or globals between them (vi.useFakeTimers is undone in
    // afterEach), so sharing the graph changes no result.
    pool: 'forks',
    isolate: false,
    // vitest's default is cores - 1, one worker on a 2-core machine; many files spend their time
    // waiting for a child process or a timer, so three workers keep two cores busy (with two, a
    // full run on 2 cores left about a third of the CPU idle).
    maxWorkers: Math.max(3, availableParallelism() - 1),
    sequence: { sequencer: LongestFirst },
    // vitest empties CSS imports unless told otherwise; the room dashboard's stylesheet is imported
    // as text (`?raw`) and served to the browser, so it must arrive whole.
    // The built bundle (test/support/meshwalk.ts runs its `main` in process) loads as Node loads it,
    // not through the test runner's module transform: transformed, the 12 MB of chunks took longer
    // to prepare than the commands took to run.
    server: { deps: { external: [/\/dist\//] } },
    css: { include: [/src\/room\/dashboard\/page\/.*\.css/] },
  },
});
