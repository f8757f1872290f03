/**
 * Files a command reads as input (`kubectl apply -f FILE`), read once per command. The simulator
 * may run a command a second time on a fresher state (persist.ts), and some inputs cannot be read
 * twice: bash's `<(...)` is a pipe named /dev/fd/63, and a pipe's bytes are gone once read (pipe(7)).
 * Reading is asynchronous so that waiting for a pipe's writer leaves the event loop free.
 */
import { readFile } from 'node:fs/promises';

/** A reader of absolute paths, each read at most once; a failed read fails the same way again. */
export function memoizedReader(): (path: string) => Promise<string> {
  const seen = new Map<string, Promise<string>>();
  return (path) => {
    let text = seen.get(path);
    if (text === undefined) {
      text = readFile(path, 'utf8');
      seen.set(path, text);
    }
    return text;
  };
}
