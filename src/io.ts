/**
 * What a command may touch of the outside world. Commands take an `Io` instead of using
 * `process` directly so tests can run them in-process and read what they printed.
 */
export interface Io {
  stdout: { write(chunk: string): unknown; isTTY?: boolean; columns?: number; rows?: number };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  /** Standard input, read whole when a command needs it (e.g. `kubectl apply -f -`). */
  readStdin(): Promise<string>;
  env: Record<string, string | undefined>;
  cwd: string;
  /**
   * meshwalk itself, run in this process: cli.tsx's `main` puts itself here, so a lesson's
   * `meshwalk token` on the simulated cluster runs this very meshwalk. Default: none, and the
   * simulated cluster refuses `meshwalk`, saying so.
   */
  meshwalk?: RunMeshwalk;
}

/** Runs meshwalk with `argv` (without node and the script) on `io`; returns the exit code. */
export type RunMeshwalk = (argv: string[], io: Io) => Promise<number>;

/** The `Io` of the running process. */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    async readStdin() {
      if (process.stdin.isTTY) return '';
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    cwd: process.cwd(),
  };
}
