/**
 * A command line of istio.io's pages that combines simulated commands with the learner's own text
 * tools, as meshwalk sim receives it in words: `A | grep hello && echo ok || echo rejected`.
 * The and-or list (`&&`, `||`, `;`) is evaluated by exit status as POSIX sh does (XCU 2.9.3), and
 * pipeline stages run in order, each reading the previous one's stdout. Stages of kubectl, istioctl,
 * minikube and curl run on the simulated cluster; the text tools (grep, head, wc, echo, …) are pure
 * functions of their input, so they run here exactly as they would on the learner's machine.
 * A line without these operators is left to the single-command path (undefined).
 */
import type { ProcessResult } from './types.js';
import { NOT_SIMULATED_EXIT } from './types.js';
import { PodFiles } from './shell/pod-files.js';
import type { ShellProgram } from './shell/program.js';
import { echo, printf } from './shell/programs/echo-printf.js';
import { grep } from './shell/programs/grep.js';
import { test } from './shell/programs/test.js';
import { cat, cut, head, seq, sort, tail, tr, uniq, wc } from './shell/programs/text.js';

/** Runs one simulated stage (kubectl, istioctl, …) with the given stdin (undefined: the line's own). */
export type RunStage = (argv: string[], stdin: string | undefined) => Promise<ProcessResult>;

const TEXT_TOOLS: Readonly<Record<string, ShellProgram>> = {
  grep,
  egrep: grep,
  fgrep: grep,
  head,
  tail,
  wc,
  sort,
  uniq,
  cut,
  tr,
  cat,
  seq,
  printf,
  test,
  '[': test,
  echo: echo('bash'),
  true: () => ({ stdout: '', stderr: '', exitCode: 0 }),
  false: () => ({ stdout: '', stderr: '', exitCode: 1 }),
};

type Item = { op: '&&' | '||' | ';' | undefined; stages: string[][] };

/** Splits at top-level `&&`, `||`, `;` and `|` words; a `$(…)` split over words keeps its operators. */
function items(argv: readonly string[]): Item[] {
  const out: Item[] = [{ op: undefined, stages: [[]] }];
  let depth = 0;
  for (const w of argv) {
    const last = out[out.length - 1]!;
    if (depth === 0 && (w === '&&' || w === '||' || w === ';')) out.push({ op: w, stages: [[]] });
    else if (depth === 0 && w === '|') last.stages.push([]);
    else last.stages[last.stages.length - 1]!.push(w);
    for (const c of w) depth += c === '(' ? 1 : c === ')' ? -1 : 0;
  }
  return out;
}

const isText = (stage: readonly string[]) => (stage[0] ?? '') in TEXT_TOOLS;
/** Programs the simulated cluster runs (simulator.ts programFor); a `$(…)` stage is expanded there. */
const SIMULATED = new Set(['kubectl', 'istioctl', 'minikube', 'curl']);
const known = (stage: readonly string[]) => isText(stage) || SIMULATED.has((stage[0] ?? '').split('/').pop() ?? '');

export async function runHostLine(argv: readonly string[], run: RunStage): Promise<ProcessResult | undefined> {
  const list = items(argv);
  // `A;` ends with an empty command, which sh allows after `;` only.
  const last = list.at(-1);
  if (list.length > 1 && last?.op === ';' && last.stages.length === 1 && last.stages[0]!.length === 0) list.pop();
  const composite = list.length > 1 || list.some((i) => i.stages.length > 1 && i.stages.some(isText));
  // An empty command elsewhere is a syntax error: the single-command path refuses the line.
  if (!composite || list.some((i) => i.stages.some((st) => st.length === 0))) return undefined;
  // Refused before anything runs, so no part of the line changes the cluster on a guess.
  const other = list.flatMap((i) => i.stages).find((st) => !known(st));
  if (other) {
    const tools = Object.keys(TEXT_TOOLS).join(', ');
    return {
      stdout: '',
      stderr:
        `meshwalk sim: \`${other[0]}\` on a command line is not simulated; lines can join ` +
        `kubectl, istioctl, minikube and curl with ${tools}\n`,
      exitCode: NOT_SIMULATED_EXIT,
    };
  }
  let stdout = '';
  let stderr = '';
  let status = 0;
  for (const item of list) {
    if ((item.op === '&&' && status !== 0) || (item.op === '||' && status === 0)) continue;
    let input: string | undefined;
    for (const stage of item.stages) {
      const r = isText(stage) ? await text(stage, input ?? '') : await run(stage, input);
      stderr += r.stderr;
      // What one stage cannot model, the line cannot: never run the rest on a guess.
      if (r.exitCode === NOT_SIMULATED_EXIT && r.stderr.startsWith('meshwalk sim:')) {
        return { stdout, stderr, exitCode: r.exitCode };
      }
      input = r.stdout;
      status = r.exitCode;
    }
    stdout += input ?? '';
  }
  return { stdout, stderr, exitCode: status };
}

async function text(argv: string[], stdin: string): Promise<ProcessResult> {
  let left = stdin;
  const readStdin = () => {
    const t = left;
    left = '';
    return t;
  };
  // Their file operands are the learner's files, which the simulator does not read.
  const files = new PodFiles({}, []);
  const r = await TEXT_TOOLS[argv[0]!]!({ argv, readStdin, env: new Map(), files, cwd: '/' });
  return r.stderr.startsWith('meshwalk sim: reading ')
    ? { ...r, stderr: `meshwalk sim: ${argv[0]} on files of your machine is not simulated; run it for real\n` }
    : r;
}
