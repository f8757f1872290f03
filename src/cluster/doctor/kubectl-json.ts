import type { Cluster } from '../port.js';
import { lastLine } from '../kubectl-failure.js';

export type GetResult<T> = { kind: 'found'; object: T } | { kind: 'not-found' } | { kind: 'error'; message: string };

/** `kubectl get … -o json` where NotFound is an answer, not an error. */
export async function getJson<T>(cluster: Cluster, args: readonly string[]): Promise<GetResult<T>> {
  const r = await cluster.run(['kubectl', 'get', ...args, '-o', 'json'], { timeoutMs: 20_000 });
  if (r.exitCode !== 0) {
    if (/\(NotFound\)|not found/.test(r.stderr)) return { kind: 'not-found' };
    return { kind: 'error', message: lastLine(r.stderr) ?? `kubectl exited with code ${r.exitCode}` };
  }
  try {
    return { kind: 'found', object: JSON.parse(r.stdout) as T };
  } catch {
    return { kind: 'error', message: 'kubectl printed something that is not JSON' };
  }
}

/** The install command for the demo profile, pinned to the context. */
export function installIstio(context: string): string {
  return `istioctl install --context ${context} --set profile=demo -y`;
}
