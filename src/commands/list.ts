// `meshwalk list [DIR]`: the lessons, one line each. No ink, and on a warm cache no yaml or zod.
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import type { Command, FlagOptions } from './command.js';
import { parseFlags } from './args.js';
import { ExitCode, UserFacingError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { readCache, stampOf, writeCache } from '../files/package-cache.js';
import { lessonFolders, lessonsFlag, readLessonSet, shippedLessons } from './lesson-folders.js';
import type { Io } from '../io.js';

const usage = `Usage: meshwalk list [DIR] [--json] [--lessons DIR]...

Lists the lessons with their id, title, step count, prerequisites and Istio versions: those of
the --lessons folders, or meshwalk's own when none is given. \`list DIR\` is \`list --lessons DIR\`.

Flags:
  --lessons DIR  a folder of lessons (repeatable), read as every command reads it
  --json         print [{id, title, summary, steps, requires, istio, file}] on stdout
  -h, --help     show this help

Exit codes: 0 listed, 1 some lesson files have problems (they are left out; run meshwalk lint),
2 bad usage.`;

type Row = {
  id: string;
  title: string;
  summary: string;
  steps: number;
  requires: string[];
  istio: string[];
  file: string;
};
/** Absolute file paths: the cached value must not depend on the working directory. */
type Listing = { rows: Row[]; problemFiles: number };

/** The flags `main` parses (parseArgs options; `--help` is added by parseFlags). */
const flags = {
  json: { type: 'boolean' },
  ...lessonsFlag,
} as const satisfies FlagOptions;

export const command: Command = {
  usage,
  flags,
  async main(argv, io) {
    const { values, positionals } = parseFlags('list', argv, flags);
    if (positionals.length > 1)
      throw new UserFacingError('meshwalk list: give at most one folder (see meshwalk list --help)', ExitCode.usage);
    const given = [...positionals, ...(values.lessons ?? [])];
    const dirs = lessonFolders('list', given, io);
    const listing = await listLessons(dirs, io);
    const dir = dirs[0] ?? shippedLessons();
    const rows = listing.rows.map((r) => ({ ...r, file: relative(io.cwd, r.file) || r.file }));
    if (values.json) {
      io.stdout.write(`${JSON.stringify(rows)}\n`);
    } else if (rows.length === 0) {
      io.stdout.write('No lessons found.\n');
    } else {
      const table = [
        ['ID', 'TITLE', 'STEPS', 'REQUIRES', 'ISTIO'],
        ...rows.map((r) => [r.id, r.title, String(r.steps), r.requires.join(', ') || '-', r.istio.join(', ')]),
      ];
      const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
      for (const row of table)
        io.stdout.write(
          `${row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')}\n`,
        );
    }
    if (listing.problemFiles > 0) {
      const n = listing.problemFiles;
      io.stderr.write(
        `meshwalk list: ${n} lesson file${n === 1 ? ' has' : 's have'} problems and ${n === 1 ? 'is' : 'are'} not listed; run meshwalk lint ${relative(io.cwd, dir) || '.'}\n`,
      );
      return ExitCode.failed;
    }
    return ExitCode.ok;
  },
};

async function listLessons(dirs: readonly string[], io: Io): Promise<Listing> {
  // The listing depends on the folders' YAML files and on meshwalk's own lessons (requires).
  const root = packageRoot();
  const key = [shippedLessons(), ...dirs].join('\n');
  const stampOne = (d: string) => (statSync(d).isDirectory() ? stampOf(d) : `${d}\t${statSync(d).mtimeMs}`);
  const stamp = [shippedLessons(), ...dirs].map(stampOne).join('\n');
  const cached = readCache<Listing>(root, key, stamp);
  if (cached) return cached;
  // Manifests are lint's business: listing only needs each lesson's own file.
  const { own, problems } = await readLessonSet('list', dirs, io, { manifests: false });
  const listed = new Set(own.map((l) => l.file));
  const folders = dirs.length > 0 ? dirs : [shippedLessons()];
  const listing: Listing = {
    rows: own.map(({ lesson, file }) => ({
      id: lesson.id,
      title: lesson.title,
      summary: lesson.summary,
      steps: lesson.steps.length,
      requires: lesson.requires ?? [],
      istio: lesson.istio,
      file,
    })),
    // Count lesson files only: a referenced manifest with a problem is not a lesson left out.
    problemFiles: new Set(
      problems.map((p) => p.file).filter((f) => !listed.has(f) && folders.some((d) => f.startsWith(d))),
    ).size,
  };
  writeCache(root, key, stamp, listing);
  return listing;
}
