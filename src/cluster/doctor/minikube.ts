import { CommandError } from '../port.js';
import { lastLine } from '../kubectl-failure.js';
import type { Check, Outcome } from './types.js';

/**
 * When the context is a minikube profile: minikube on PATH and the profile running.
 * `minikube status` sets exit-code bits: 1 host, 2 kubelet/apiserver, 4 kubeconfig not
 * configured; 85 means no such profile (minikube cmd/minikube/cmd/status.go).
 */
export const minikubeCheck: Check = {
  id: 'minikube',
  title: 'minikube',
  needs: ['local'],
  environment: true,
  async run(_input, facts) {
    const info = facts.info!;
    if (!facts.locality?.local || facts.locality.product !== 'minikube') {
      return {
        status: 'skip',
        detail: `not a minikube context (${facts.locality?.local ? facts.locality.product : 'not local'})`,
      };
    }
    const profile = info.context;
    const start = profile === 'minikube' ? 'minikube start' : `minikube start -p ${profile}`;
    let r;
    try {
      r = await facts.cluster!.run(['minikube', 'status', '-o', 'json'], { timeoutMs: 20_000 });
    } catch (err) {
      if (!(err instanceof CommandError)) throw err;
      // The cluster may still answer; only starting it and `minikube ip`/`tunnel` need the binary.
      return {
        status: 'warn',
        detail: `${err.message} (needed to start the cluster and reach the ingress)`,
        fix: 'install minikube from https://minikube.sigs.k8s.io/docs/start/',
      };
    }
    return statusOutcome(r.exitCode, r.stdout, r.stderr, profile, start);
  },
};

function statusOutcome(code: number, stdout: string, stderr: string, profile: string, start: string): Outcome {
  if (code === 0)
    return {
      status: 'ok',
      detail: `profile "${profile}" is running (${summary(stdout) ?? 'host, kubelet and apiserver running'})`,
    };
  if (code === 85) {
    return {
      status: 'fail',
      detail: `no minikube profile "${profile}" (${lastLine(stdout + '\n' + stderr) ?? 'minikube status exit 85'})`,
      fix: `${start} --cpus=4 --memory=8192`,
    };
  }
  if (code > 0 && code < 8) {
    const down = [code & 1 ? 'host' : '', code & 2 ? 'kubelet/apiserver' : '', code & 4 ? 'kubeconfig' : ''].filter(
      Boolean,
    );
    if (code === 4) {
      return {
        status: 'fail',
        detail: `profile "${profile}" runs but its kubeconfig entry is stale (minikube status exit 4)`,
        fix: `minikube update-context -p ${profile}`,
      };
    }
    return {
      status: 'fail',
      detail: `profile "${profile}" is not running: ${down.join(', ')} stopped (minikube status exit ${code}${summary(stdout) ? `; ${summary(stdout)}` : ''})`,
      fix: start,
    };
  }
  return {
    status: 'fail',
    detail: `minikube status failed (exit ${code}): ${lastLine(stderr) ?? lastLine(stdout) ?? 'no output'}`,
    fix: `minikube status -p ${profile}   (read its advice), then ${start}`,
  };
}

/** "host Running, kubelet Stopped, apiserver Stopped" from `minikube status -o json`. */
function summary(stdout: string): string | undefined {
  try {
    const s = JSON.parse(stdout) as Record<string, unknown>;
    const one = Array.isArray(s) ? (s[0] as Record<string, unknown>) : s;
    const parts = [
      ['host', one.Host],
      ['kubelet', one.Kubelet],
      ['apiserver', one.APIServer],
    ]
      .filter(([, v]) => typeof v === 'string')
      .map(([k, v]) => `${k} ${String(v)}`);
    return parts.length ? parts.join(', ') : undefined;
  } catch {
    return undefined;
  }
}
