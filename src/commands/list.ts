// `meshwalk list [DIR]`: the lessons, one line each. No ink, and on a warm cache no yaml or zod.
import { existsSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { Command } from './command.js';
import { parseFlags } from './args.js';
import { ExitCode, UserFacingError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { readCache, stampOf, writeCache } from './list-cache.js';

const usage = `Usage: meshwalk list [DIR] [--json]

Lists the lessons with their id, title, step count, prerequisites and Istio versions.
DIR is a folder of lesson files (default: meshwalk's own lessons/).

Flags:
  --json      print [{id, title, summary, steps, requires, istio, file}] on stdout
  -h, --help  show this help

Exit codes: 0 listed, 1 some lesson files have problems (they are left out; run meshwalk lint),
2 bad usage.`;

type Row = { id: string; title: string; summary: string; steps: number; requires: string[]; istio: string[]; file: string };
/** Absolute file paths: the cached value must not depend on the working directory. */
type Listing = { rows: Row[]; problemFiles: number };

export const command: Command = {
  usage,
  async main(argv, io) {
    const { values, positionals } = parseFlags('list', argv, { json: { type: 'boolean' } });
    if (positionals.length > 1) throw new UserFacingError('meshwalk list: give at most one folder (see meshwalk list --help)', ExitCode.usage);
    const root = packageRoot();
    const dir = positionals[0] !== undefined ? resolve(io.cwd, positionals[0]) : join(root, 'lessons');
    if (!existsSync(dir)) throw new UserFacingError(`meshwalk list: no such folder: ${positionals[0] ?? dir}`, ExitCode.usage);
    const listing = await listLessons(root, dir);
    const rows = listing.rows.map((r) => ({ ...r, file: relative(io.cwd, r.file) || r.file }));
    if (values.json) {
      io.stdout.write(`${JSON.stringify(rows)}\n`);
    } else if (rows.length === 0) {
      io.stdout.write('No lessons found.\n');
    } else {
      const table = [['ID', 'TITLE', 'STEPS', 'REQUIRES', 'ISTIO'], ...rows.map((r) => [r.id, r.title, String(r.steps), r.requires.join(', ') || '-', r.istio.join(', ')])];
      const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
      for (const row of table) io.stdout.write(`${row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')}\n`);
    }
    if (listing.problemFiles > 0) {
      const n = listing.problemFiles;
      io.stderr.write(`meshwalk list: ${n} lesson file${n === 1 ? ' has' : 's have'} problems and ${n === 1 ? 'is' : 'are'} not listed; run meshwalk lint ${relative(io.cwd, dir) || '.'}\n`);
      return ExitCode.failed;
    }
    return ExitCode.ok;
  },
};

async function listLessons(root: string, dir: string): Promise<Listing> {
  // Only a lessons/ folder is cached: its listing depends on nothing outside it.
  const stamp = basename(dir) === 'lessons' ? stampOf(dir) : undefined;
  const cached = stamp ? readCache<Listing>(root, dir, stamp) : undefined;
  if (cached) return cached;
  const { loadLessonDir } = await import('../files/lesson-files.js');
  // Manifests are lint's business: listing only needs each lesson's own file.
  const { lessons, problems } = loadLessonDir(dir, { manifests: false });
  const listing: Listing = {
    rows: lessons.map(({ lesson, file }) => ({
      id: lesson.id,
      title: lesson.title,
      summary: lesson.summary,
      steps: lesson.steps.length,
      requires: lesson.requires ?? [],
      istio: lesson.istio,
      file,
    })),
    // Count lesson files only: a referenced manifest with a problem is not a lesson left out.
    problemFiles: new Set(problems.map((p) => p.file).filter((f) => f.startsWith(dir + sep))).size,
  };
  if (stamp) writeCache(root, dir, stamp, listing);
  return listing;
}
