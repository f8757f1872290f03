/**
 * Staging lesson files: each file read and handed, as text, to the lesson model's parser, with
 * a file context that reads (and caches) the manifests the lessons of one root reference.
 */
import { realpathSync, statSync } from 'node:fs';
import { parseLessonStaged, type ParseContext, type StagedLesson } from '../lesson/parse.js';
import { readLimited } from './read-limited.js';
import { packageRoot } from '../package-root.js';
import { rememberRecent } from '../recent.js';
import { isShipped, keepStagings, readStagings, textHash, type Question, type Staging } from './shipped-stagings.js';

/** One lesson file read and parsed; a file that cannot be read is its one problem. */
function stageLesson(file: string, ctx: ParseContext, fresh: Record<string, Staging>): StagedLesson {
  const read = readLimited(file);
  if ('problem' in read) return { problems: [read.problem], requires: [] };
  const key = `${ctx.skipManifests === true ? 'listing' : 'lesson'}\t${file}`;
  const hash = textHash(read.text) as string;
  const shipped = isShipped(file);
  if (shipped) kept ??= readStagings();
  const seen = staged.get(key) ?? (shipped ? kept?.[key] : undefined);
  if (seen && seen.textHash === hash && sameContext(seen, ctx) && seen.asked.every((q) => ask(ctx, q) === q.answer)) {
    if (!staged.has(key)) remember(key, seen);
    return seen.result;
  }
  const asked: Question[] = [];
  const recording: ParseContext = {
    ...ctx,
    fileExists: (path) => record(asked, { kind: 'exists', path, answer: ctx.fileExists(path) }).answer,
    readFile: (path) => {
      const text = ctx.readFile(path);
      asked.push({ kind: 'read', path, answer: textHash(text) });
      return text;
    },
    ...(ctx.realPath
      ? { realPath: (path: string) => record(asked, { kind: 'real', path, answer: ctx.realPath?.(path) }).answer }
      : {}),
  };
  const result = parseLessonStaged(read.text, file, recording);
  const staging: Staging = {
    textHash: hash,
    root: ctx.root,
    shippedRoot: ctx.shippedRoot,
    asked,
    result,
  };
  remember(key, staging);
  if (shipped) fresh[key] = staging;
  return result;
}

/**
 * The last staging of each lesson file in this process, with every question its parse asked of
 * the file context (does this manifest exist, what does it hold, where does this link lead) and
 * the answer. Parsing is a pure function of the text and those answers, so the same text and the
 * same answers now give the same result without parsing again: the TUI reloading its lessons, or
 * `check` and `lint` run again in one process. Nothing is assumed from times or sizes. The
 * package's own lessons are also kept between processes (shipped-stagings.ts), checked the same way.
 */
const staged = new Map<string, Staging>();
/** Enough for every lesson a session loads; a test run loads many folders, so the oldest go. */
const REMEMBERED = 500;
/** The stagings other processes kept, read on first use. */
let kept: Record<string, Staging> | undefined;

const remember = (key: string, s: Staging) => rememberRecent(staged, key, s, REMEMBERED);

function record<Q extends Question>(asked: Question[], q: Q): Q {
  asked.push(q);
  return q;
}

function sameContext(s: Staging, ctx: ParseContext): boolean {
  return s.root === ctx.root && s.shippedRoot === ctx.shippedRoot;
}

function ask(ctx: ParseContext, q: Question): boolean | string | undefined {
  if (q.kind === 'exists') return ctx.fileExists(q.path);
  if (q.kind === 'read') return textHash(ctx.readFile(q.path));
  return ctx.realPath?.(q.path);
}

/** Stages lessons in this thread, one file context (with its manifest cache) per root. */
export function stageAll(jobs: readonly { file: string; root: string; manifests?: boolean }[]): StagedLesson[] {
  const contexts = new Map<string, ParseContext>();
  const fresh: Record<string, Staging> = {};
  const results = jobs.map(({ file, root, manifests = true }) => {
    if (!manifests)
      return stageLesson(file, { root, fileExists: () => true, readFile: () => undefined, skipManifests: true }, fresh);
    let ctx = contexts.get(root);
    if (!ctx) contexts.set(root, (ctx = fileContext(root)));
    return stageLesson(file, ctx, fresh);
  });
  keepStagings(fresh);
  return results;
}

function fileContext(root: string): ParseContext {
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
