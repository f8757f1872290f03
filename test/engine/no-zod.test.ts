// zod costs ~40 ms to load. It belongs where lessons are parsed (files/lesson-files and what it
// imports), never on the eager path of the engine, progress, the TUI or `run`/`check` before they
// read lessons: `meshwalk run --help` must not wait for it.
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ENTRIES = [
  'src/engine/index.ts',
  'src/engine/session.ts',
  'src/progress/store.ts',
  'src/commands/run.ts',
  'src/commands/check.ts',
  'src/commands/progress.ts',
  'src/commands/tui.ts',
  'src/ui/App.tsx',
];

/** The source files each entry loads eagerly: its chunk and the chunks it imports statically. */
async function eagerInputs(): Promise<Map<string, Set<string>>> {
  const r = await build({
    entryPoints: ENTRIES,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    jsx: 'automatic',
    outdir: 'out',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['react-devtools-core'],
  });
  const outputs = (r.metafile as Metafile).outputs;
  const byEntry = new Map<string, Set<string>>();
  for (const [name, out] of Object.entries(outputs)) {
    if (!out.entryPoint || !ENTRIES.includes(out.entryPoint)) continue;
    const inputs = new Set<string>();
    const seen = new Set<string>();
    const visit = (o: string) => {
      if (seen.has(o)) return;
      seen.add(o);
      const chunk = outputs[o];
      if (!chunk) return;
      for (const i of Object.keys(chunk.inputs)) inputs.add(i);
      for (const imp of chunk.imports) if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
    };
    visit(name);
    byEntry.set(out.entryPoint, inputs);
  }
  return byEntry;
}

describe('start-up imports', () => {
  it('no engine, progress, TUI, run or check module loads zod before lessons are parsed', async () => {
    const byEntry = await eagerInputs();
    expect([...byEntry.keys()].sort()).toEqual([...ENTRIES].sort());
    const offenders = [...byEntry].flatMap(([entry, inputs]) =>
      [...inputs]
        .filter((i) => i.includes('node_modules/zod/'))
        .slice(0, 1)
        .map((i) => `${entry} -> ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});
