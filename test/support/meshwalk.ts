/**
 * meshwalk run in this test's process through the built CLI's entry point (`main` of dist/cli.js),
 * with the same result a spawned `node dist/cli.js` gives: exit code, stdout and stderr. A node
 * start and the bundle's load cost more than most commands themselves, so tests of what a command
 * prints run here; tests of the process itself (signals, pipes, a TTY, the bundle) still spawn it.
 * Commands take the environment, the working directory and stdin from their `Io` only, so a run
 * here sees exactly what the spawned process would.
 */
import type { main as Main } from '../../src/cli.js';

// The bundle global-setup built, loaded natively once per worker (vitest.config.ts externalizes
// dist/): the same commands cost about a fifth more CPU through the test runner's module transform.
const dist = new URL('../../dist/cli.js', import.meta.url).href;
const { main } = (await import(dist)) as { main: typeof Main };

export interface MeshwalkRun {
  status: number;
  stdout: string;
  stderr: string;
}

export interface MeshwalkOptions {
  cwd?: string;
  /** The whole environment of the run (default: this process's). */
  env?: Record<string, string | undefined>;
  /** Standard input, read whole (default: none). */
  input?: string;
}

export async function meshwalk(args: readonly string[], o: MeshwalkOptions = {}): Promise<MeshwalkRun> {
  let stdout = '';
  let stderr = '';
  const status = await main([...args], {
    stdout: { write: (c: string) => void (stdout += c) },
    stderr: { write: (c: string) => void (stderr += c) },
    readStdin: async () => o.input ?? '',
    env: { ...(o.env ?? process.env) },
    cwd: o.cwd ?? process.cwd(),
  });
  return { status, stdout, stderr };
}
