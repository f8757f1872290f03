// `meshwalk import katacoda|killercoda DIR [--out DIR]`: a scenario folder as a lesson folder.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { Command, FlagOptions } from './command.js';
import { parseFlags } from './args.js';
import { convertScenario } from '../authoring/convert-scenario.js';
import { readScenario, type ScenarioKind } from '../authoring/scenario.js';
import { ExitCode, UserFacingError } from '../errors.js';
import { isInside } from '../lesson/command-policy/paths.js';
import { LESSON_SCHEMA_ID } from '../lesson/json-schema.js';
import { formatProblem } from '../lesson/problem.js';

const usage = `Usage: meshwalk import katacoda|killercoda DIR [--out DIR] [--id ID] [--step-per-page]

Converts a Katacoda or Killercoda scenario folder (index.json, the pages it names, verify and
background scripts, assets/) into a lesson folder: OUT/ID.yaml with OUT/manifests/.
- Each page becomes a step, its Markdown kept. Each \`cmd\`{{execute}} / {{exec}} code action
  becomes a step command: one step per action (--step-per-page: one step per page). {{copy}}
  code stays text.
- A page's verify script becomes its verification: its command must exit 0 (\`CMD | grep TEXT\`
  becomes \`contains: TEXT\`). Background and foreground scripts become the lesson's setup.
- Assets are copied into manifests/, and \`~/x.yaml\` or \`/root/x.yaml\` become manifests/x.yaml.
meshwalk runs no shell, so only lines that are one allowed command convert. Every other line
is listed as FILE:LINE, here and as a comment at the top of the lesson. The lesson is then linted.

Flags:
  --out DIR         the lesson folder to write (default: ./ID); it must be empty or not exist
  --id ID           the lesson id (default: made from the scenario title)
  --step-per-page   one step per page, running its commands in order
  -h, --help        show this help

Exit codes: 0 imported and lint is clean, 1 imported with lint problems (listed),
2 bad usage or not a scenario folder.`;

/** The flags `main` parses (parseArgs options; `--help` is added by parseFlags). */
const flags = {
  out: { type: 'string' },
  id: { type: 'string' },
  'step-per-page': { type: 'boolean' },
} as const satisfies FlagOptions;

export const command: Command = {
  usage,
  flags,
  async main(argv, io) {
    const { values, positionals } = parseFlags('import', argv, flags);
    const [kind, from, ...extra] = positionals;
    if ((kind !== 'katacoda' && kind !== 'killercoda') || from === undefined || extra.length > 0) {
      throw new UserFacingError(
        'meshwalk import: write `meshwalk import katacoda|killercoda DIR` (see meshwalk import --help)',
        ExitCode.usage,
      );
    }
    const dir = resolve(io.cwd, from);
    const read = reader(dir);
    const index = read('index.json');
    if (index === undefined) throw new UserFacingError(`meshwalk import: no index.json in ${from}`, ExitCode.usage);
    let json: unknown;
    try {
      json = JSON.parse(index);
    } catch (err) {
      throw new UserFacingError(
        `meshwalk import: ${from}/index.json is not JSON (${(err as Error).message})`,
        ExitCode.usage,
      );
    }
    const scenario = readScenario(json);
    if ('error' in scenario) throw new UserFacingError(`meshwalk import: ${from}: ${scenario.error}`, ExitCode.usage);
    const assets = assetFiles(
      dir,
      scenario.assets.map((a) => a.file),
    );
    const converted = convertScenario(scenario, read, {
      kind: kind as ScenarioKind,
      ...(values.id !== undefined ? { id: values.id } : {}),
      perPage: values['step-per-page'] ?? false,
      schema: LESSON_SCHEMA_ID,
      assets: new Set(assets.map((a) => basename(a))),
    });
    const out = resolve(io.cwd, values.out ?? converted.id);
    if (existsSync(out) && readdirSync(out).length > 0)
      throw new UserFacingError(
        `meshwalk import: ${values.out ?? converted.id} is not empty; give another --out`,
        ExitCode.usage,
      );
    mkdirSync(join(out, 'manifests'), { recursive: true });
    for (const a of assets) copyFileSync(a, join(out, 'manifests', basename(a)));
    const lessonFile = join(out, `${converted.id}.yaml`);
    writeFileSync(lessonFile, converted.yaml);
    const shown = (f: string) => relative(io.cwd, f) || f;
    const copied = `${assets.length} asset${assets.length === 1 ? '' : 's'}`;
    io.stdout.write(`Wrote ${shown(lessonFile)} (${copied} in ${shown(join(out, 'manifests'))}).\n`);
    // The name as index.json gives it, not normalised: `../x.md` must read as the name that was refused.
    const named = (file: string) => `${from.replace(/[/\\]+$/, '')}/${file}`;
    for (const n of converted.notes) io.stdout.write(`${named(n.file)}:${n.line}: ${n.message}\n`);
    const { lintFiles, yamlFiles } = await import('../files/lesson-files.js');
    const { problems } = lintFiles(yamlFiles(out));
    for (const p of problems) io.stdout.write(`${formatProblem(p, shown(p.file))}\n`);
    const lint = problems.length === 0 ? 'no problems' : `${problems.length} problem(s)`;
    io.stderr.write(`meshwalk import: ${converted.notes.length} line(s) to convert by hand; lint: ${lint}\n`);
    return problems.length === 0 ? ExitCode.ok : ExitCode.failed;
  },
};

/** Reads a file of the scenario by the name index.json gives, never outside the folder. */
function reader(dir: string): (file: string) => string | undefined {
  const root = realpathSync(dir);
  return (file) => {
    try {
      const path = realpathSync(resolve(root, file));
      if (!isInside(path, root, sep) || !statSync(path).isFile() || statSync(path).size > 256 * 1024) return undefined;
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
}

/** The asset files named in index.json (`*` for all), found in the scenario's assets/ folder. */
function assetFiles(dir: string, names: readonly string[]): string[] {
  const assets = join(dir, 'assets');
  if (!existsSync(assets)) return [];
  const root = realpathSync(assets);
  const all = readdirSync(root).filter((n) => statSync(join(root, n)).isFile());
  const wanted = names.some((n) => n === '*' || n.includes('*'))
    ? all
    : names.map((n) => basename(n)).filter((n) => all.includes(n));
  return [...new Set(wanted)].map((n) => join(root, n)).filter((p) => isInside(realpathSync(p), root, sep));
}
