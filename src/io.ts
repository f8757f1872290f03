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
}

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
