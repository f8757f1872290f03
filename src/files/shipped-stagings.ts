/**
 * The stagings of meshwalk's own lessons, kept between processes. Every `meshwalk shell`, `run`,
 * `check` and `room` starts by staging the shipped lessons, which took about 170 ms of a 370 ms
 * shell start (yaml, the schema, the rules). A staging is a pure function of the lesson text, the
 * answers its parse got from the file context and the parser's code, so one recorded with hashes
 * of the text and of each answer is reused by any process that finds the same text and the same
 * answers: see stage-lessons.ts, which asks every question again before it trusts an entry.
 *
 * The parser's code is named by the content hash in the bundled chunk's file name (esbuild's
 * `[hash]`, which changes with any chunk it imports, as their names are in its text). Running from
 * source (tests, tsx) there is no such name, and nothing is kept. Only files under the package's
 * own lessons/ are kept: a learner's or author's folder is staged afresh by each process.
 */
import { createHash } from 'node:crypto';
import { basename, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StagedLesson } from '../lesson/parse.js';
import { packageRoot } from '../package-root.js';
import { readCache, writeCache } from './package-cache.js';

/** A question a parse asked of its file context, and the answer (a file's text as its hash). */
export type Question =
  | { kind: 'exists'; path: string; answer: boolean }
  | { kind: 'read'; path: string; answer: string | undefined }
  | { kind: 'real'; path: string; answer: string | undefined };

/** One lesson file's staging: what it was parsed from, and the result. Its key says whether manifests were skipped. */
export type Staging = {
  textHash: string;
  root: string;
  shippedRoot: string | undefined;
  asked: Question[];
  result: StagedLesson;
};

const FORMAT = 2;
const KEY = 'staged-lessons';

/** The hash a staging keeps of a text: the text itself would double the size of the store. */
export function textHash(text: string | undefined): string | undefined {
  return text === undefined ? undefined : createHash('sha256').update(text).digest('base64');
}

/** The bundled chunk's content hash, or undefined when running from source. */
function codeName(): string | undefined {
  return /-([A-Z0-9]{8})\.js$/.exec(basename(fileURLToPath(import.meta.url)))?.[1];
}

/** Where the stagings of this package's lessons are kept, or undefined when they are not kept. */
function store(): { root: string; stamp: string } | undefined {
  const code = codeName();
  if (code === undefined) return undefined;
  const root = packageRoot();
  return { root, stamp: `${FORMAT}\t${code}\t${root}` };
}

/** Whether `file` is one of the package's own lessons, whose staging is kept. */
export function isShipped(file: string): boolean {
  return file.startsWith(join(packageRoot(), 'lessons') + sep);
}

/** The kept stagings, by key; empty when none are kept or the store cannot be read. */
export function readStagings(): Record<string, Staging> {
  const at = store();
  const kept = at && readCache<Record<string, Staging>>(at.root, KEY, at.stamp);
  if (kept === null || typeof kept !== 'object') return {};
  // Written by this very code (the stamp names it), so a malformed entry means a damaged file.
  return Object.fromEntries(Object.entries(kept).filter(([, s]) => wellFormed(s)));
}

function wellFormed(s: Staging): boolean {
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.textHash === 'string' &&
    Array.isArray(s.asked) &&
    s.asked.every((q) => typeof q === 'object' && q !== null && typeof q.path === 'string') &&
    typeof s.result === 'object' &&
    s.result !== null &&
    Array.isArray(s.result.problems) &&
    Array.isArray(s.result.requires)
  );
}

/** Adds `fresh` to the kept stagings (another process may have added others meanwhile). */
export function keepStagings(fresh: Record<string, Staging>): void {
  const at = store();
  if (!at || Object.keys(fresh).length === 0) return;
  writeCache(at.root, KEY, at.stamp, { ...readStagings(), ...fresh });
}
