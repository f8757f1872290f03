/**
 * The files `istioctl analyze` reads (istioctl/pkg/analyze/analyze.go gatherFiles): `-` is stdin, a directory
 * gives its .json/.yaml/.yml files in lexical order (sub-directories too when walking recursively), any other
 * file is skipped with a note on stderr. A `samples/...` path not on disk is the release's embedded sample, as
 * for kubectl -f.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, isAbsolute, join } from 'node:path';
import type { Output, SimContext } from '../../context.js';
import type { ProcessResult } from '../../types.js';
import { readSample, samplePath } from '../../samples/index.js';

const EXTENSIONS = ['.json', '.yaml', '.yml'];

/** The files read, named as istioctl names them, or the result to exit with (a path that does not exist). */
export type Gathered = { files: { name: string; text: string }[] } | { result: ProcessResult };

export async function gatherFiles(
  args: readonly string[],
  ctx: SimContext,
  recursive: boolean,
  out: Output,
): Promise<Gathered> {
  const files: { name: string; text: string }[] = [];
  const skip = (name: string) => {
    out.err(`Skipping file ${name}, recognized file extensions are: [${EXTENSIONS.join(' ')}]`);
  };
  for (const arg of args) {
    if (arg === '-') {
      files.push({ name: '-', text: await ctx.readStdin() });
      continue;
    }
    const virtual = ctx.virtualFiles?.get(arg);
    if (virtual !== undefined) {
      if (EXTENSIONS.includes(extname(arg))) files.push({ name: arg, text: virtual });
      else skip(arg);
      continue;
    }
    const path = isAbsolute(arg) ? arg : join(ctx.cwd, arg);
    let dir: boolean;
    try {
      dir = statSync(path).isDirectory();
    } catch {
      const sample = samplePath(arg);
      const text = sample === undefined ? undefined : await readSample(sample, ctx.store.data.istio);
      if (text === undefined) return { result: out.err(`Error: stat ${arg}: no such file or directory`).done(1) };
      files.push({ name: arg, text });
      continue;
    }
    if (!dir) {
      if (EXTENSIONS.includes(extname(arg))) files.push({ name: arg, text: readFileSync(path, 'utf8') });
      else skip(arg);
      continue;
    }
    // filepath.Walk: lexical order, paths shown joined onto the argument.
    const walk = (full: string, shown: string, top: boolean) => {
      if (statSync(full).isDirectory()) {
        if (!top && !recursive) return;
        for (const name of readdirSync(full).sort()) walk(join(full, name), join(shown, name), false);
      } else if (EXTENSIONS.includes(extname(shown))) files.push({ name: shown, text: readFileSync(full, 'utf8') });
      else skip(shown);
    };
    walk(path, arg, true);
  }
  return { files };
}
