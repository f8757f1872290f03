/**
 * The simulator's in-process entry point, shared by `meshwalk sim` and the engine's sim adapter:
 *
 *   runSimCommand(argv, options): Promise<ProcessResult>
 *
 *   argv     the command as words, e.g. ['kubectl', 'get', 'pods', '-n', 'foo'] (never a shell string)
 *   options  stateDir       directory of the persisted cluster (created, with Istio installed, on first use)
 *            istio?         Istio version "1.Y" for a new cluster (default NEWEST_ISTIO, 1.31); must match an existing one
 *            propagationMs? delay before the data plane sees Istio config changes; remembered in the state (default 0)
 *            stdin?         the command's standard input, as text or a function read only when the command needs it
 *            cwd?           directory `-f FILE`/`--cert FILE` are relative to (default process.cwd())
 *            now?           the clock in ms since the epoch (default Date.now(); tests pin it)
 *            runProcess?    the simulated network (default src/sim/net's runProcess)
 *
 * Resolves to what the program printed and its exit code: the real tool's code, 3 when the
 * simulator cannot model the command (never pretending), 4 when the state is unusable, 2 on a bad
 * --istio. Only a command that changed something rewrites the state file (atomically; concurrent
 * commands, in this process or others, act as if run one after another: persist.ts).
 */
import type { ProcessResult, RunProcess } from './types.js';
import type { Program, SimContext } from './context.js';
import { NEWEST_ISTIO, parseIstioVersion } from './versions.js';
import { MAX_PROPAGATION_MS, Store } from './kube/store.js';
import { installCluster } from './kube/install.js';
import { clusterView } from './kube/view.js';
import { type Attempt, type LoadResult, LockTimeout, updateState } from './persist.js';
import { memoizedReader } from './input-files.js';
import { runProcess as netRunProcess } from './net/index.js';
import { kubectl } from './kubectl/index.js';
import { host, istioctl, minikube } from './programs.js';
import { expandShell, hasShellSyntax, splitPipeline } from './shell-words.js';
import { runHostLine } from './host-line.js';
import { meshText, needsYaml } from './proxy/mesh-settings.js';
import { loadYaml } from './yaml-lib.js';

export interface SimOptions {
  stateDir: string;
  istio?: string;
  propagationMs?: number;
  stdin?: string | (() => Promise<string>);
  cwd?: string;
  now?: number;
  runProcess?: RunProcess;
  /** Per argv word, whether shell syntax in it may be expanded (a lesson's own words); default all. */
  literal?: readonly boolean[];
}

const fail = (exitCode: number, message: string): ProcessResult => ({
  stdout: '',
  stderr: `meshwalk sim: ${message}\n`,
  exitCode,
});

function programFor(name: string): Program {
  const base = name.split(/[\\/]/).pop() ?? name;
  switch (base) {
    case 'kubectl':
      return kubectl;
    case 'istioctl':
      return istioctl;
    case 'minikube':
      return minikube;
    default:
      return host;
  }
}

/**
 * Runs one command line's words; `$(...)`, `<(...)` and the like, as istio.io's pages write them,
 * are expanded first (shell-words.ts), their inner commands running against the same cluster.
 */
async function runWords(
  argv: readonly string[],
  ctx: SimContext,
  literal?: readonly boolean[],
): Promise<ProcessResult> {
  if (!hasShellSyntax(argv, literal)) return programFor(argv[0] ?? '')(argv, ctx);
  // A value substituted into a lesson command is data: shell syntax only in the lesson's own words.
  if (literal) return runOne(argv, ctx, literal);
  // `A | grep x && echo ok || echo no`: and-or lists and the learner's text tools (host-line.ts).
  const line = await runHostLine(argv, (words, stdin) =>
    runOne(words, stdin === undefined ? ctx : { ...ctx, readStdin: async () => stdin }),
  );
  if (line) return line;
  const parts = splitPipeline(argv);
  if (!Array.isArray(parts)) return parts;
  let stderr = '';
  let last: ProcessResult = { stdout: '', stderr: '', exitCode: 0 };
  for (const [i, part] of parts.entries()) {
    // Each part of a pipeline reads the previous part's output, as bash connects them.
    const input = last.stdout;
    const partCtx: SimContext = i === 0 ? ctx : { ...ctx, readStdin: async () => input };
    last = await runOne(part, partCtx);
    stderr += last.stderr;
  }
  return { ...last, stderr };
}

async function runOne(argv: readonly string[], ctx: SimContext, literal?: readonly boolean[]): Promise<ProcessResult> {
  const inner = { ...ctx, readStdin: async () => '' };
  const e = await expandShell(argv, (words) => programFor(words[0] ?? '')(words, inner), 0, literal);
  if ('exitCode' in e) return e;
  const r = await programFor(e.argv[0] ?? '')(e.argv, e.files.size > 0 ? { ...ctx, virtualFiles: e.files } : ctx);
  return e.mergeStderr
    ? { stdout: r.stdout + r.stderr, stderr: e.stderr, exitCode: r.exitCode }
    : { ...r, stderr: e.stderr + r.stderr };
}

export async function runSimCommand(argv: readonly string[], options: SimOptions): Promise<ProcessResult> {
  if (argv.length === 0) return fail(2, 'no command given (usage: meshwalk sim --state DIR -- COMMAND [ARGS...])');
  let istio: string | undefined;
  if (options.istio !== undefined) {
    const v = parseIstioVersion(options.istio);
    if ('error' in v) return fail(2, v.error);
    istio = v.version;
  }
  const p = options.propagationMs;
  if (p !== undefined && (!Number.isFinite(p) || p < 0 || p > MAX_PROPAGATION_MS)) {
    return fail(2, `--propagation must be between 0 and ${MAX_PROPAGATION_MS} ms, got ${p}`);
  }
  const now = options.now ?? Date.now();
  // Input is read once and replayed: the command may run twice (persist.ts), and a pipe cannot be read twice.
  let stdinText: Promise<string> | undefined;
  const { stdin } = options;
  const readStdin = () => (stdinText ??= typeof stdin === 'function' ? stdin() : Promise.resolve(stdin ?? ''));
  const readFile = memoizedReader();
  const attempt = async (loaded: LoadResult): Promise<Attempt<ProcessResult>> => {
    if (loaded.kind === 'bad') return { result: fail(4, loaded.message) };
    let fresh = false;
    let data;
    if (loaded.kind === 'missing') {
      data = installCluster(istio ?? NEWEST_ISTIO, now);
      fresh = true;
    } else {
      data = loaded.data;
      if (istio !== undefined && istio !== data.istio) {
        const why =
          `the cluster in ${options.stateDir} runs Istio ${data.istio}, not ${istio};` +
          ` use another --state directory for ${istio}`;
        return { result: fail(2, why) };
      }
    }
    const store = new Store(data, Math.max(now, data.created));
    if (p !== undefined && p !== data.propagationMs) {
      data.propagationMs = p;
      store.dirty = true;
    }
    const ctx: SimContext = {
      store,
      cwd: options.cwd ?? process.cwd(),
      readStdin,
      readFile,
      propagationMs: data.propagationMs,
      runProcess: options.runProcess ?? netRunProcess,
      view: () => clusterView(store, data.propagationMs),
    };
    // The mesh config's extension providers are YAML the data plane reads synchronously.
    if (needsYaml(meshText(ctx.view()))) await loadYaml();
    const result = await runWords(argv, ctx, options.literal);
    return fresh || store.dirty ? { result, save: data } : { result };
  };
  try {
    return await updateState(options.stateDir, attempt);
  } catch (err) {
    if (err instanceof LockTimeout) return fail(4, err.message);
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EACCES' || e.code === 'EROFS' || e.code === 'ENOTDIR' || e.code === 'ENOSPC')
      return fail(4, `cannot use state directory ${options.stateDir}: ${e.message}`);
    throw err;
  }
}
