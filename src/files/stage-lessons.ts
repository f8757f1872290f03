/**
 * Staging lesson files: each file read and handed, as text, to the lesson model's parser, with
 * a file context that reads (and caches) the manifests the lessons of one root reference.
 */
import { realpathSync, statSync } from 'node:fs';
import { parseLessonStaged, type ParseContext, type StagedLesson } from '../lesson/parse.js';
import { readLimited } from './read-limited.js';
import { packageRoot } from '../package-root.js';
import { rememberRecent } from '../recent.js';

/** One lesson file read and parsed; a file that cannot be read is its one problem. */
export function stageLesson(file: string, ctx: ParseContext): StagedLesson {
  const read = readLimited(file);
  if ('problem' in read) return { problems: [read.problem], requires: [] };
  const seen = staged.get(file);
  if (seen && seen.text === read.text && sameContext(seen, ctx) && seen.asked.every((q) => ask(ctx, q) === q.answer)) {
    return seen.result;
  }
  const asked: Question[] = [];
  const recording: ParseContext = {
    ...ctx,
    fileExists: (path) => record(asked, { kind: 'exists', path, answer: ctx.fileExists(path) }),
    readFile: (path) => record(asked, { kind: 'read', path, answer: ctx.readFile(path) }),
    ...(ctx.realPath
      ? { realPath: (path: string) => record(asked, { kind: 'real', path, answer: ctx.realPath?.(path) }) }
      : {}),
  };
  const result = parseLessonStaged(read.text, file, recording);
  remember(file, {
    text: read.text,
    root: ctx.root,
    shippedRoot: ctx.shippedRoot,
    skip: ctx.skipManifests === true,
    asked,
    result,
  });
  return result;
}

/**
 * The last staging of each lesson file in this process, with every question its parse asked of
 * the file context (does this manifest exist, what does it hold, where does this link lead) and
 * the answer. Parsing is a pure function of the text and those answers, so the same text and the
 * same answers now give the same result without parsing again: the TUI reloading its lessons, or
 * `check` and `lint` run again in one process. Nothing is assumed from times or sizes.
 */
type Question =
  | { kind: 'exists'; path: string; answer: boolean }
  | { kind: 'read'; path: string; answer: string | undefined }
  | { kind: 'real'; path: string; answer: string | undefined };
type Staging = {
  text: string;
  root: string;
  shippedRoot: string | undefined;
  skip: boolean;
  asked: Question[];
  result: StagedLesson;
};
const staged = new Map<string, Staging>();
/** Enough for every lesson a session loads; a test run loads many folders, so the oldest go. */
const REMEMBERED = 500;

const remember = (file: string, s: Staging) => rememberRecent(staged, file, s, REMEMBERED);

function record<A extends boolean | string | undefined>(asked: Question[], q: Question & { answer: A }): A {
  asked.push(q);
  return q.answer;
}

function sameContext(s: Staging, ctx: ParseContext): boolean {
  return s.root === ctx.root && s.shippedRoot === ctx.shippedRoot && s.skip === (ctx.skipManifests === true);
}

function ask(ctx: ParseContext, q: Question): boolean | string | undefined {
  if (q.kind === 'exists') return ctx.fileExists(q.path);
  if (q.kind === 'read') return ctx.readFile(q.path);
  return ctx.realPath?.(q.path);
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
