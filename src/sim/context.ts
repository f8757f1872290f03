/** What a simulated program (kubectl, istioctl, minikube, a host program) runs with. */
import type { ClusterView, ProcessResult, RunProcess } from './types.js';
import type { Store } from './kube/store.js';

export interface SimContext {
  store: Store;
  /** The learner's working directory: `-f FILE` and `--cert=FILE` are relative to it. */
  cwd: string;
  /** Standard input, read only when a program asks (apply -f -, exec -i). */
  readStdin(): Promise<string>;
  /** An input file by absolute path, read once per command (input-files.ts). Default: read it from disk. */
  readFile?(path: string): Promise<string>;
  /** How far the data plane lags behind the API server (ms). */
  propagationMs: number;
  runProcess: RunProcess;
  /** The data plane's view of the cluster now (Istio config lagging by propagationMs). */
  view(): ClusterView;
  /** Files that exist only for this command: `<(istioctl kube-inject ...)` becomes /dev/fd/63, as bash names it. */
  virtualFiles?: ReadonlyMap<string, string>;
}

export type Program = (argv: readonly string[], ctx: SimContext) => Promise<ProcessResult>;

/** Collects a program's output lines. */
export class Output {
  stdout = '';
  stderr = '';
  out(text: string): this {
    this.stdout += text.endsWith('\n') || text === '' ? text : `${text}\n`;
    return this;
  }
  err(text: string): this {
    this.stderr += text.endsWith('\n') || text === '' ? text : `${text}\n`;
    return this;
  }
  done(exitCode: number): ProcessResult {
    return { stdout: this.stdout, stderr: this.stderr, exitCode };
  }
}

/** The refusal every interpreter uses for what it cannot model (exit 3). */
export function notSimulated(what: string, hint = ''): ProcessResult {
  return { stdout: '', stderr: `meshwalk sim: ${what} is not simulated${hint ? `; ${hint}` : ''}\n`, exitCode: 3 };
}
