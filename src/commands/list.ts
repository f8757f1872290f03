// `meshwalk list [DIR]`: the lessons, one line each. No ink: it must start fast.
import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Command } from './command.js';
import { parseFlags } from './args.js';
import { ExitCode, UserFacingError } from '../errors.js';
import { loadLessonDir, packageRoot } from '../lesson/load-file.js';

const usage = `Usage: meshwalk list [DIR] [--json]

Lists the lessons with their id, title, step count, prerequisites and Istio versions.
DIR is a folder of lesson files (default: meshwalk's own lessons/).

Flags:
  --json      print [{id, title, summary, steps, requires, istio, file}] on stdout
  -h, --help  show this help

Exit codes: 0 listed, 1 some lesson files have problems (they are left out; run meshwalk lint),
2 bad usage.`;

export const command: Command = {
  usage,
  async main(argv, io) {
    const { values, positionals } = parseFlags('list', argv, { json: { type: 'boolean' } });
    if (positionals.length > 1) throw new UserFacingError('meshwalk list: give at most one folder (see meshwalk list --help)', ExitCode.usage);
    const dir = positionals[0] !== undefined ? resolve(io.cwd, positionals[0]) : join(packageRoot(), 'lessons');
    if (!existsSync(dir)) throw new UserFacingError(`meshwalk list: no such folder: ${positionals[0] ?? dir}`, ExitCode.usage);
    const { lessons, problems } = loadLessonDir(dir);
    const rows = lessons.map(({ lesson, file }) => ({
      id: lesson.id,
      title: lesson.title,
      summary: lesson.summary,
      steps: lesson.steps.length,
      requires: lesson.requires ?? [],
      istio: lesson.istio,
      file: relative(io.cwd, file) || file,
    }));
    if (values.json) {
      io.stdout.write(`${JSON.stringify(rows)}\n`);
    } else if (rows.length === 0) {
      io.stdout.write('No lessons found.\n');
    } else {
      const table = [['ID', 'TITLE', 'STEPS', 'REQUIRES', 'ISTIO'], ...rows.map((r) => [r.id, r.title, String(r.steps), r.requires.join(', ') || '-', r.istio.join(', ')])];
      const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
      for (const row of table) io.stdout.write(`${row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')}\n`);
    }
    if (problems.length > 0) {
      // Count lesson files only: a referenced manifest with a problem is not a lesson left out.
      const files = new Set(problems.map((p) => p.file).filter((f) => f.startsWith(dir + sep))).size;
      io.stderr.write(`meshwalk list: ${files} lesson file${files === 1 ? ' has' : 's have'} problems and ${files === 1 ? 'is' : 'are'} not listed; run meshwalk lint ${relative(io.cwd, dir) || '.'}\n`);
      return ExitCode.failed;
    }
    return ExitCode.ok;
  },
};
