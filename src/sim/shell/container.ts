/**
 * What `kubectl exec POD -- PROGRAM …` runs inside a container: `sh -c SCRIPT` (and bash where the
 * image has it) through the simulated shell, and the image's own programs by name. curl, wget and
 * `time` stay with the simulated network's runProcess, as before. Every exec starts from the
 * image: files written by one exec are gone in the next, which matches what a container restart
 * would do but not a running container; scripts in one exec see their own files.
 */
import type { ClusterView, ProcessOrigin, ProcessResult, RunProcess } from '../types.js';
import { notSimulated } from '../context.js';
import { containers } from '../net/cluster-index.js';
import { installed, notFound } from '../net/index.js';
import { runNc } from '../net/nc.js';
import type { Dialect } from './errors.js';
import { BUSYBOX_UNSIMULATED, PATH, shellFor, userlandOf, type Userland } from './images.js';
import { runScript } from './interpreter.js';
import { podEnv } from './pod-env.js';
import type { PodFiles } from './pod-files.js';
import { containerFiles } from './container-files.js';
import type { Lookup, ShellProgram } from './program.js';
import { echo, printf } from './programs/echo-printf.js';
import { grep } from './programs/grep.js';
import { busyboxLs, date, env, hostname, ls, sleep } from './programs/system.js';
import { test } from './programs/test.js';
import { cat, cut, head, seq, sort, tail, tr, uniq, wc } from './programs/text.js';

export interface ContainerExec {
  origin: Extract<ProcessOrigin, { kind: 'pod' }>;
  argv: readonly string[];
  stdin: string;
  view: ClusterView;
  runProcess: RunProcess;
}

const KNOWN_IMAGES =
  'the simulator knows the programs of BusyBox images (busybox, alpine, curlimages/curl) ' + 'and Debian/Ubuntu ones';

/** Programs the simulated network runs (src/sim/net): reached through runProcess. */
const NETWORK = new Set(['curl', 'wget', 'time']);

const TEXT: Readonly<Record<string, ShellProgram>> = {
  cat,
  head,
  tail,
  wc,
  tr,
  cut,
  sort,
  uniq,
  seq,
  grep,
  egrep: grep,
  fgrep: grep,
  env,
  printenv: env,
  sleep,
  ls,
  printf,
  test,
  '[': test,
  echo: echo('ash'),
  true: () => ({ stdout: '', stderr: '', exitCode: 0 }),
  false: () => ({ stdout: '', stderr: '', exitCode: 1 }),
};

/** The names the README lists, for refusals. */
export const SIMULATED_PROGRAMS = [...Object.keys(TEXT), 'hostname', 'date', 'nc', 'curl', 'wget', 'sh'].sort();

/** A result, or undefined when runProcess should run the program (curl, wget, time, distroless images). */
export async function runInContainer(x: ContainerExec): Promise<ProcessResult | undefined> {
  const name = x.argv[0] ?? '';
  const base = name.split('/').pop() ?? '';
  const image = String(containers(x.origin.pod).find((c) => c.name === x.origin.container)?.image ?? '');
  const userland = userlandOf(image);
  if (userland === 'none' || NETWORK.has(base)) return undefined;
  if (userland === undefined) {
    if (['sh', 'bash', 'ash', 'dash'].includes(base) || TEXT[base] || base === 'nc') {
      return notSimulated(`running \`${name}\` in the image ${image}`, KNOWN_IMAGES);
    }
    return undefined;
  }
  const { pod } = x.origin;
  const { env: vars, unknown } = podEnv(pod, x.origin.container, x.view, userland);
  const files = containerFiles(pod, x.origin.container, x.view, ['/tmp', vars['HOME'] ?? userland.home]);
  const lookup: Lookup = (cmd) => {
    const b = cmd.split('/').pop() ?? '';
    const dir = cmd.includes('/') ? cmd.slice(0, cmd.lastIndexOf('/')) : undefined;
    if (dir !== undefined && !PATH.split(':').includes(dir)) {
      return { refuse: `running ${cmd} inside a pod is not simulated` };
    }
    const program = programFor(b, userland, { x, image, lookup, files, vars, unknown });
    if (program) return program;
    if (userland.kind === 'busybox' && userland.minimal && !BUSYBOX_UNSIMULATED.has(b)) return { missing: true };
    return { refuse: `\`${b}\` inside a pod is not simulated; the pods' shell runs ${SIMULATED_PROGRAMS.join(', ')}` };
  };
  const found = lookup(name);
  if (typeof found !== 'function') {
    return 'missing' in found ? notFound(name) : { stdout: '', stderr: `meshwalk sim: ${found.refuse}\n`, exitCode: 3 };
  }
  return found({ argv: x.argv, readStdin: once(x.stdin), env: new Map(Object.entries(vars)), files, cwd: '/' });
}

/** Standard input that the first reader takes whole. */
function once(text: string): () => string {
  let left = text;
  return () => {
    const t = left;
    left = '';
    return t;
  };
}

interface Scope {
  x: ContainerExec;
  image: string;
  lookup: Lookup;
  files: PodFiles;
  vars: Record<string, string>;
  unknown: Record<string, string>;
}

/** The program a name runs in this image, or undefined when the image has none by that name. */
function programFor(name: string, userland: Userland, s: Scope): ShellProgram | { missing: true } | undefined {
  if (name === 'ls' && userland.kind === 'busybox') return busyboxLs;
  const text = TEXT[name];
  if (text) return text;
  const { origin, view } = s.x;
  switch (name) {
    case 'hostname':
      return hostname(origin.pod.metadata.name);
    case 'date':
      return date(view.now());
    case 'nc':
      // Debian's and Ubuntu's base images ship no netcat; BusyBox's nc is the 1.10-compatible one.
      if (userland.kind !== 'busybox') return { missing: true };
      return (io) => runNc(origin, io.argv, io.readStdin, view);
    case 'curl':
    case 'wget':
    case 'time':
      // bash's `time` is a reserved word with its own report; only BusyBox's time applet is simulated.
      if (name === 'time' && userland.kind !== 'busybox') return undefined;
      if (!installed(s.image, name)) return { missing: true };
      return (io) =>
        s.x.runProcess(origin, io.argv, io.readStdin(), view) ?? notSimulated(`\`${io.argv.join(' ')}\` inside a pod`);
    default: {
      const dialect = shellFor(userland, name);
      if (dialect) return (io) => shell(dialect, io.argv, io.readStdin, s, io.env);
      if (['sh', 'ash', 'bash', 'dash'].includes(name)) return { missing: true };
      return undefined;
    }
  }
}

/** `sh -c SCRIPT [NAME [ARG…]]`, or `sh` reading its script from stdin. */
async function shell(
  dialect: Dialect,
  argv: readonly string[],
  readStdin: () => string,
  s: Scope,
  env: ReadonlyMap<string, string>,
): Promise<ProcessResult> {
  const [, first, script, arg0, ...rest] = argv;
  // ash: bb_msg_requires_arg; dash reports at line 0; bash names the option.
  const missing = {
    ash: 'sh: -c requires an argument',
    dash: 'sh: 0: -c requires an argument',
    bash: 'bash: -c: option requires an argument',
  };
  let src: string;
  let stdin = '';
  if (first === '-c') {
    if (script === undefined) return { stdout: '', stderr: `${missing[dialect]}\n`, exitCode: 2 };
    src = script;
    stdin = readStdin();
  } else if (first === undefined) src = readStdin();
  else return notSimulated(`${argv[0]} ${first}`, "the pods' shell runs `sh -c SCRIPT` and a script on stdin");
  const builtins = { echo: echo(dialect), printf, test, '[': test };
  const config = {
    dialect,
    builtins,
    lookup: s.lookup,
    files: s.files,
    env: Object.fromEntries(env),
    unknown: s.unknown,
    arg0: arg0 ?? argv[0]!,
    args: rest,
    cwd: '/',
  };
  return runScript(src, config, stdin);
}
