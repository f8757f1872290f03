/**
 * The bits of shell syntax istio.io's pages put in commands, for `meshwalk sim` only (lesson
 * commands never contain shell syntax). A learner copying a page's command through a tool that
 * splits words like Python's shlex.split (no shell) hands us tokens that still hold:
 *
 *   $(kubectl get pod -l app=sleep -o jsonpath={.items..metadata.name})   command substitution,
 *       possibly inside a larger word; run against the same cluster, replaced by its stdout with
 *       trailing newlines stripped, as bash does. One word, as the pages quote it ("$(...)").
 *   `...`                      the old spelling of the same
 *   <(istioctl kube-inject -f samples/httpbin/httpbin.yaml)   process substitution, split over
 *       several tokens; becomes /dev/fd/63 (62, ...) whose content is the command's stdout.
 *   $VAR, ${VAR}               unknowable here: refused (exit 3) naming the variable, except in the
 *                              SCRIPT of `kubectl exec … -- sh -c SCRIPT`, which the pod's shell expands
 *   2>&1 (last word)           stderr merged after stdout
 *   A | B                      a pipeline of simulated programs (kubectl, istioctl, minikube, curl):
 *                              A's stdout is B's stdin (`istioctl kube-inject -f x | kubectl apply -f -`)
 *   &&, ;, >, ...              refused: the simulator runs one command
 */
import type { ProcessResult } from './types.js';

export type RunWords = (argv: string[]) => Promise<ProcessResult>;

export interface Expanded {
  argv: string[];
  /** Files made by process substitution, by the name the command sees (/dev/fd/63). */
  files: Map<string, string>;
  /** What the substituted commands printed on stderr (bash lets it through). */
  stderr: string;
  /** The command ended in `2>&1`. */
  mergeStderr: boolean;
}

/** Where istio.io's usual variables come from on a minikube cluster without a tunnel (ingress tasks). */
const nodePort = (name: string) =>
  `$(kubectl -n istio-system get service istio-ingressgateway -o jsonpath='{.spec.ports[?(@.name=="${name}")].nodePort}')`;
const VARIABLE_HINTS: Record<string, string> = {
  INGRESS_HOST: 'on minikube it is the node address: $(minikube ip)',
  INGRESS_PORT: `on minikube it is the http2 node port: ${nodePort('http2')}`,
  SECURE_INGRESS_PORT: `on minikube it is the https node port: ${nodePort('https')}`,
  TCP_INGRESS_PORT: `on minikube it is the tcp node port: ${nodePort('tcp')}`,
  GATEWAY_URL: 'it is INGRESS_HOST:INGRESS_PORT, on minikube $(minikube ip) and the http2 node port',
};

const OPERATORS = new Set(['|', '||', '&&', ';', '&', '>', '>>', '<', '<<', '<<<', '|&', '2>', '&>']);
const MAX_DEPTH = 4;

const refuse = (what: string, hint: string): ProcessResult => ({
  stdout: '',
  stderr: `meshwalk sim: ${what} is not simulated; ${hint}\n`,
  exitCode: 3,
});

/** A control operator or redirection word (`|`, `&&`, `>`, `2>/dev/null`, `&>log`). */
function isOperator(w: string): boolean {
  return OPERATORS.has(w) || /^\d*>>?(&\d+|\S+)$|^&>/.test(w);
}

/** Programs a pipeline may join: all simulated, so no part is refused after another has run. */
const PIPEABLE = new Set(['kubectl', 'istioctl', 'minikube', 'curl']);

/**
 * Splits `A | B | C` into its commands, or refuses (exit 3) when a part is not a simulated program
 * or is empty. Words inside `$(...)`/`<(...)` are not split here (they are single words, or the
 * group is rejoined by expandShell).
 */
export function splitPipeline(argv: readonly string[]): string[][] | ProcessResult {
  const parts: string[][] = [[]];
  let depth = 0;
  for (const w of argv) {
    if (w === '|' && depth === 0) parts.push([]);
    else parts[parts.length - 1]?.push(w);
    for (const c of w) depth += c === '(' ? 1 : c === ')' ? -1 : 0;
  }
  if (parts.length === 1) return parts;
  for (const p of parts) {
    const name = (p[0] ?? '').split('/').pop() ?? '';
    if (!PIPEABLE.has(name))
      return refuse(
        `a pipe into or out of \`${p[0] ?? ''}\``,
        'only kubectl, istioctl, minikube and curl can be piped together here; run the other tool for real on the output',
      );
  }
  return parts;
}

/** Whether any word needs expanding (the common case is a fast no); with `literal`, only words it marks count. */
export function hasShellSyntax(argv: readonly string[], literal?: readonly boolean[]): boolean {
  const syntax = (w: string) =>
    w.includes('$') || w.includes('`') || w.startsWith('<(') || w.startsWith('>(') || isOperator(w);
  return argv.some((w, i) => (literal?.[i] ?? true) && (syntax(w) || w === '2>&1'));
}

/**
 * Expands the words. `literal` (a lesson command's): only words it marks true are expanded;
 * the others hold substituted values and pass through as they are, never joined to a group.
 */
export async function expandShell(
  argv: readonly string[],
  run: RunWords,
  depth = 0,
  literal?: readonly boolean[],
): Promise<Expanded | ProcessResult> {
  const out: Expanded = { argv: [], files: new Map(), stderr: '', mergeStderr: false };
  if (depth > MAX_DEPTH) return refuse('command substitution nested this deep', 'write the inner command out');
  let words = [...argv];
  const written = (i: number) => literal?.[i] ?? true;
  if (words.length > 1 && words[words.length - 1] === '2>&1' && written(words.length - 1)) {
    out.mergeStderr = true;
    words = words.slice(0, -1);
  }
  let fd = 63;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if (!written(i)) {
      out.argv.push(w);
      continue;
    }
    if (isOperator(w)) {
      return refuse(`the shell syntax \`${w}\``, 'meshwalk sim runs one command; run the parts one by one');
    }
    if (w.startsWith('>(')) return refuse('process substitution >(...)', 'write the output to a file instead');
    if (w.startsWith('<(')) {
      const group = takeGroup(words, i, written);
      if (!group) return refuse(`\`${w}\` without its closing parenthesis`, 'quote the command as the page prints it');
      i = group.end;
      const r = await substitute(group.inner, run, depth, out);
      if ('exitCode' in r) return r;
      const name = `/dev/fd/${fd--}`;
      out.files.set(name, r.text);
      out.argv.push(name);
      continue;
    }
    if (isContainerScript(words, i)) {
      out.argv.push(w);
      continue;
    }
    // Unquoted on the page, `$(kubectl get pod ...)` reaches us split into several words: rejoin them.
    let word = w;
    while (unclosed(word) && i + 1 < words.length && written(i + 1)) word += ` ${quoteWord(words[++i] ?? '')}`;
    const r = await expandWord(word, run, depth, out);
    if (typeof r !== 'string') return r;
    out.argv.push(r);
  }
  return out;
}

/**
 * The SCRIPT of `kubectl exec … -- sh -c SCRIPT`: it is the container's shell that expands its
 * `$VAR` and `$(…)`, inside the pod (the pages single-quote it for that reason).
 */
function isContainerScript(words: readonly string[], i: number): boolean {
  const dash = words.indexOf('--');
  return (
    dash !== -1 &&
    i === dash + 3 &&
    words[0]?.split('/').pop() === 'kubectl' &&
    words.includes('exec') &&
    /^(\/bin\/|\/usr\/bin\/)?(sh|ash|bash|dash)$/.test(words[dash + 1] ?? '') &&
    words[dash + 2] === '-c'
  );
}

/** Tokens i..end of a `<(...)` group, the parentheses balanced; inner is the command's words. */
function takeGroup(
  words: readonly string[],
  i: number,
  written: (i: number) => boolean,
): { inner: string[]; end: number } | undefined {
  let depth = 0;
  for (let j = i; j < words.length && written(j); j++) {
    const t = words[j] ?? '';
    for (const c of t) depth += c === '(' ? 1 : c === ')' ? -1 : 0;
    if (depth <= 0) {
      if (!t.endsWith(')')) return undefined;
      if (j === i) return { inner: shlexSplit(t.slice(2, -1)), end: j };
      const mid = words.slice(i + 1, j);
      const first = (words[i] ?? '').slice(2);
      const last = t.slice(0, -1);
      return { inner: [...(first ? [first] : []), ...mid, ...(last ? [last] : [])], end: j };
    }
  }
  return undefined;
}

/** Runs a substituted command: its stdout, or the refusal that stops the whole command. */
async function substitute(
  inner: string[],
  run: RunWords,
  depth: number,
  acc: Expanded,
): Promise<{ text: string } | ProcessResult> {
  if (inner.length === 0) return { text: '' };
  const e = await expandShell(inner, run, depth + 1);
  if ('exitCode' in e) return e;
  if (e.files.size > 0) return refuse('process substitution inside a substitution', 'run the inner command first');
  const r = await run(e.argv);
  acc.stderr += e.stderr + r.stderr;
  // What the substitution cannot model, the whole command cannot: never run it on a guess.
  if (r.exitCode === 3 && r.stderr.startsWith('meshwalk sim:')) return { ...r, stderr: acc.stderr };
  return { text: e.mergeStderr ? r.stdout + r.stderr : r.stdout };
}

/** Expands $(...), `...` and refuses $VAR inside one word. */
async function expandWord(w: string, run: RunWords, depth: number, acc: Expanded): Promise<string | ProcessResult> {
  if (!w.includes('$') && !w.includes('`')) return w;
  let out = '';
  for (let i = 0; i < w.length; i++) {
    const c = w[i] ?? '';
    const n = w[i + 1] ?? '';
    if (c === '`' || (c === '$' && n === '(')) {
      if (c === '$' && w[i + 2] === '(') return refuse('arithmetic $((...))', 'compute the value yourself');
      const start = c === '`' ? i + 1 : i + 2;
      const end = c === '`' ? w.indexOf('`', start) : closingParen(w, start);
      if (end === -1)
        return refuse(
          `\`${w}\` without its closing ${c === '`' ? 'backquote' : 'parenthesis'}`,
          'quote the command as the page prints it',
        );
      const r = await substitute(shlexSplit(w.slice(start, end)), run, depth, acc);
      if ('exitCode' in r) return r;
      out += r.text.replace(/\n+$/, '');
      i = end;
      continue;
    }
    if (c === '$') {
      const v = /^\{([^}]*)\}|^([A-Za-z_][A-Za-z0-9_]*|[0-9?$!#@*-])/.exec(w.slice(i + 1));
      if (v) {
        const name = (v[1] ?? v[2] ?? '').replace(/[:#%/^,].*$/, '');
        return refuse(
          `the shell variable $${name}`,
          `the simulator cannot know its value: put the value in the command (${VARIABLE_HINTS[name] ?? `e.g. run \`echo $${name}\` in your shell`})`,
        );
      }
    }
    out += c;
  }
  return out;
}

/** Whether a `$(` in the word has no closing parenthesis yet. */
function unclosed(w: string): boolean {
  for (let i = w.indexOf('$('); i !== -1; i = w.indexOf('$(', i + 2)) if (closingParen(w, i + 2) === -1) return true;
  return false;
}

/** A word quoted to survive re-splitting; in the word holding the closing `)`, the part before it. */
function quoteWord(t: string): string {
  let depth = 0;
  let end = t.length;
  for (let i = 0; i < t.length; i++) {
    depth += t[i] === '(' ? 1 : t[i] === ')' ? -1 : 0;
    if (depth < 0) {
      end = i;
      break;
    }
  }
  const head = t.slice(0, end);
  return (/[\s'"\\()]/.test(head) ? `"${head.replace(/["\\$`]/g, '\\$&')}"` : head) + t.slice(end);
}

/** Index of the `)` closing a `$(` whose content starts at `start`, skipping quoted text; -1 if none. */
function closingParen(s: string, start: number): number {
  let depth = 1;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (c === "'") {
      const end = s.indexOf(c, i + 1);
      if (end === -1) return -1;
      i = end;
    } else if (c === '"') {
      for (i++; i < s.length && s[i] !== '"'; i++) if (s[i] === '\\') i++;
      if (i >= s.length) return -1;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** POSIX word splitting as Python's shlex.split does it (quotes, backslashes; no expansion). */
export function shlexSplit(s: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      cur += s.slice(i + 1, end === -1 ? s.length : end);
      i = end === -1 ? s.length : end;
      inWord = true;
    } else if (c === '"') {
      inWord = true;
      for (i++; i < s.length && s[i] !== '"'; i++) {
        if (s[i] === '\\' && i + 1 < s.length && '\\"$`\n'.includes(s[i + 1] ?? '')) i++;
        cur += s[i];
      }
    } else if (c === '\\') {
      cur += s[++i] ?? '';
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}
