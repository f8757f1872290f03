/**
 * Staging lesson files: each file read and handed, as text, to the lesson model's parser, with
 * a file context that reads (and caches) the manifests the lessons of one root reference.
 */
import { realpathSync, statSync } from 'node:fs';
import { parseLessonStaged, type ParseContext, type StagedLesson } from '../lesson/parse.js';
import { readLimited } from './read-limited.js';
import { packageRoot } from '../package-root.js';

/** One lesson file read and parsed; a file that cannot be read is its one problem. */
export function stageLesson(file: string, ctx: ParseContext): StagedLesson {
  const read = readLimited(file);
  if ('problem' in read) return { problems: [read.problem], requires: [] };
  return parseLessonStaged(read.text, file, ctx);
}

/** Stages lessons in this thread, one file context (with its manifest cache) per root. */
export function stageAll(jobs: readonly { file: string; root: string; manifests?: boolean }[]): StagedLesson[] {
  const contexts = new Map<string, ParseContext>();
  return jobs.map(({ file, root, manifests = true }) => {
    if (!manifests)
      return stageLesson(file, { root, fileExists: () => true, readFile: () => undefined, skipManifests: true });
    let ctx = contexts.get(root);
    if (!ctx) contexts.set(root, (ctx = fileContext(root)));
    return stageLesson(file, ctx);
  });
}

export function fileContext(root: string): ParseContext {
  const cache = new Map<string, string | undefined>();
  return {
    root,
    shippedRoot: packageRoot(),
    fileExists: (p) => isFile(p),
    realPath: (p) => {
      try {
        return realpathSync(p);
      } catch {
        return undefined;
      }
    },
    readFile: (p) => {
      if (!cache.has(p)) {
        const r = readLimited(p);
        cache.set(p, 'text' in r ? r.text : undefined);
      }
      return cache.get(p);
    },
  };
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
