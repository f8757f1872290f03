import type { Locality } from '../context.js';
import type { KubeContextInfo } from '../kubeconfig.js';
import type { RealCluster } from '../real.js';
import type { Runner } from '../run-process.js';

/** How one check came out. `warn` does not fail doctor; `skip` means a check it needs did not pass. */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

/** Stable ids, in the order doctor runs and prints them (also the `--json` keys). */
export type CheckId =
  | 'kubectl'
  | 'context'
  | 'local'
  | 'minikube'
  | 'reachable'
  | 'istiod'
  | 'ingress'
  | 'injector'
  | 'istioctl';

/** One line of the checklist. */
export interface CheckResult {
  id: CheckId;
  title: string;
  status: CheckStatus;
  /** What was found, in one line (kubectl's own words when it failed). */
  detail: string;
  /** The exact command (or, where none exists, the one action) that fixes a `fail` or `warn`. */
  fix?: string;
}

/** What a check returns; the runner adds id and title. */
export type Outcome = Omit<CheckResult, 'id' | 'title'>;

/** What doctor was asked to look at. */
export interface DoctorInput {
  /** Runs commands without a pinned context (kubectl version, kubectl config view). */
  run: Runner;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The context to check. Default: kubectl's current context. */
  context?: string;
  /** Contexts allowed with `--allow-context` although not known to be local. */
  allowContext: readonly string[];
}

/** What earlier checks learned, for later ones. Filled in as the checks run. */
export interface DoctorFacts {
  kubectlVersion?: string;
  info?: KubeContextInfo;
  locality?: Locality;
  /** The cluster with the context pinned; set once the context is known and allowed. */
  cluster?: RealCluster;
  /** istiod's version, e.g. "1.24.2". */
  istioVersion?: string;
}

/** One named check. */
export interface Check {
  id: CheckId;
  title: string;
  /** Checks that must be ok (or warn) for this one to run; otherwise it is skipped. */
  needs: readonly CheckId[];
  /** A failure here leaves no usable cluster at all (doctor exits 4, not 1). */
  environment: boolean;
  run(input: DoctorInput, facts: DoctorFacts): Promise<Outcome>;
}
