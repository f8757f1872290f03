// `meshwalk lint [PATH...]`: the loader plus standalone manifests, printed as file:line:col.
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command, FlagOptions } from './command.js';
import { parseFlags } from './args.js';
import { ExitCode, UserFacingError } from '../errors.js';
import { lintFiles, yamlFiles } from '../files/lesson-files.js';
import { packageRoot } from '../package-root.js';
import { formatProblem } from '../lesson/problem.js';
import { lessonsFlag } from './lesson-folders.js';

const usage = `Usage: meshwalk lint [PATH...] [--json] [--lessons DIR]...

Checks lesson files and Kubernetes manifests and prints every problem, all of a file at once:
  FILE:LINE:COL MESSAGE [CODE]

PATH is a file or a folder, searched for *.yaml and *.yml (default: meshwalk's own lessons/
and manifests/). Files under a manifests/ folder are checked as Kubernetes objects; other YAML
files as lessons (schema, step ids, {{VAR}} references, command quoting, manifest paths,
prerequisites, size and nesting limits).

A lesson may require any lesson of meshwalk's own and apply its manifests as
meshwalk:manifests/PATH.

Flags:
  --lessons DIR  a lesson folder to check (repeatable), the same as giving DIR as a PATH
  --json         print {"files": N, "problems": [{file, line, col, code, message}]} on stdout
  -h, --help     show this help

Exit codes: 0 no problems, 1 problems found, 2 bad usage (unknown flag, missing PATH).`;

/** The flags `main` parses (parseArgs options; `--help` is added by parseFlags). */
const flags = {
  json: { type: 'boolean' },
  ...lessonsFlag,
} as const satisfies FlagOptions;

export const command: Command = {
  usage,
  flags,
  async main(argv, io) {
    const { values, positionals: named } = parseFlags('lint', argv, flags);
    const positionals = [...named, ...(values.lessons ?? [])];
    const root = packageRoot();
    const paths =
      positionals.length > 0
        ? positionals.map((p) => resolve(io.cwd, p))
        : [join(root, 'lessons'), join(root, 'manifests')].filter((p) => existsSync(p));
    for (const [i, p] of paths.entries()) {
      if (!existsSync(p))
        throw new UserFacingError(`meshwalk lint: no such file or folder: ${positionals[i] ?? p}`, ExitCode.usage);
    }
    const files = [...new Set(paths.flatMap((p) => yamlFiles(p)))];
    const { problems, checked } = lintFiles(files);
    const shown = (file: string) => relative(io.cwd, file) || file;
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify({ files: checked, problems: problems.map((p) => ({ ...p, file: shown(p.file) })) })}\n`,
      );
    } else {
      for (const p of problems) io.stdout.write(`${formatProblem(p, shown(p.file))}\n`);
    }
    const badFiles = new Set(problems.map((p) => p.file)).size;
    const noun = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    io.stderr.write(
      problems.length === 0
        ? `meshwalk lint: ${noun(checked, 'file')} checked, no problems\n`
        : `meshwalk lint: ${noun(problems.length, 'problem')} in ${noun(badFiles, 'file')} (${noun(checked, 'file')} checked)\n`,
    );
    return problems.length === 0 ? ExitCode.ok : ExitCode.failed;
  },
};
