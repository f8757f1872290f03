import { expect } from 'vitest';

/** Waits until the last frame satisfies `pred` (or fails after `ms`), returning that frame. */
export async function frameWhere(
  lastFrame: () => string | undefined,
  pred: (frame: string) => boolean,
  ms = 8000,
): Promise<string> {
  const until = Date.now() + ms;
  for (;;) {
    const f = lastFrame() ?? '';
    if (pred(f)) {
      // ink writes a frame before React runs the effects that attach key listeners: let them run.
      await tick();
      return f;
    }
    if (Date.now() > until) {
      expect.fail(`no frame matched within ${ms} ms; last frame:\n${f}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits for a frame containing every string in `texts`. */
export function frameWith(lastFrame: () => string | undefined, ...texts: (string | RegExp)[]): Promise<string> {
  return frameWhere(lastFrame, (f) => texts.every((t) => (typeof t === 'string' ? f.includes(t) : t.test(f))));
}

/** Lets React and ink flush. */
export const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));
