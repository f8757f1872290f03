// `meshwalk new lesson ID [--dir DIR]`: a lesson folder that passes lint and check at once.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command, FlagOptions } from './command.js';
import { parseFlags } from './args.js';
import { scaffoldLesson } from '../authoring/scaffold.js';
import { ExitCode, UserFacingError } from '../errors.js';
import { packageRoot } from '../package-root.js';

const usage = `Usage: meshwalk new lesson ID [--dir DIR]

Writes a lesson folder to start from: DIR/ID.yaml and DIR/manifests/. The lesson deploys
meshwalk's books API and sleep client, then denies every request with one policy, verified by a
curl that gets 200 before the step and 403 after. It passes \`meshwalk lint DIR\` and
\`meshwalk check --lessons DIR --cluster sim\` as written; open it with \`meshwalk --lessons DIR\`.
Its first line points editors at the installed lesson schema.

Flags:
  --dir DIR   the folder to write (default: ./ID); it must be empty or not exist
  -h, --help  show this help

Exit codes: 0 written, 2 bad usage (not a lesson id, folder not empty).`;

/** The flags `main` parses (parseArgs options; `--help` is added by parseFlags). */
const flags = {
  dir: { type: 'string' },
} as const satisfies FlagOptions;

export const command: Command = {
  usage,
  flags,
  async main(argv, io) {
    const { values, positionals } = parseFlags('new', argv, flags);
    const [what, id, ...extra] = positionals;
    if (what !== 'lesson' || id === undefined || extra.length > 0)
      throw new UserFacingError(
        'meshwalk new: write `meshwalk new lesson ID` (see meshwalk new --help)',
        ExitCode.usage,
      );
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id) || id.length > 63) {
      throw new UserFacingError(
        `meshwalk new: "${id}" is not a lesson id: lowercase words joined by dashes, like strict-mtls`,
        ExitCode.usage,
      );
    }
    const dir = resolve(io.cwd, values.dir ?? id);
    if (existsSync(dir) && readdirSync(dir).length > 0)
      throw new UserFacingError(`meshwalk new: ${values.dir ?? id} is not empty; give another --dir`, ExitCode.usage);
    const schema = join(packageRoot(), 'schema', 'lesson.schema.json');
    for (const [path, text] of Object.entries(scaffoldLesson({ id, schema }))) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const shown = relative(io.cwd, dir) || '.';
    io.stdout.write(
      `Wrote ${shown}/${id}.yaml and ${shown}/manifests/.\n` +
        `Next: meshwalk lint ${shown}; meshwalk check --lessons ${shown} --cluster sim; meshwalk --lessons ${shown}\n`,
    );
    return ExitCode.ok;
  },
};
