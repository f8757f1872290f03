/**
 * A kubeconfig that holds one context and nothing else, for a shell bound to the cluster the
 * workshop uses. It is kubectl's own answer to `kubectl config view --minify --flatten --context
 * NAME` (so KUBECONFIG's merge rules are kubectl's, and `--flatten` embeds the certificate files so
 * the copy stands alone). With KUBECONFIG pointing at it, `kubectl config use-context OTHER` has
 * nothing to switch to, and the learner's own kubeconfig is never written.
 */
import { writeFileSync } from 'node:fs';
import { lastLine } from './kubectl-failure.js';
import { CommandError } from './port.js';
import type { Runner } from './run-process.js';

export type PinResult = { ok: true } | { ok: false; reason: string };

interface Config {
  'current-context'?: string;
  contexts?: { name?: string }[];
}

/**
 * Writes the one-context kubeconfig of `context` to `file` (created, mode 0600: with `--flatten`
 * it holds the credentials). Refuses output that names any other context.
 */
export async function writePinnedKubeconfig(run: Runner, context: string, file: string): Promise<PinResult> {
  const argv = ['kubectl', 'config', 'view', '--minify', '--flatten', '--context', context, '-o', 'json'];
  let r;
  try {
    r = await run(argv, { timeoutMs: 10_000 });
  } catch (err) {
    if (err instanceof CommandError) return { ok: false, reason: err.message };
    throw err;
  }
  if (r.exitCode !== 0)
    return {
      ok: false,
      reason: `cannot copy kube context "${context}": ${lastLine(r.stderr) ?? `exit ${r.exitCode}`}`,
    };
  let cfg: Config;
  try {
    cfg = JSON.parse(r.stdout) as Config;
  } catch {
    return { ok: false, reason: `cannot copy kube context "${context}": kubectl config view printed no JSON` };
  }
  const names = (cfg.contexts ?? []).map((c) => c.name);
  if (names.length !== 1 || names[0] !== context)
    return {
      ok: false,
      reason: `cannot copy kube context "${context}": kubectl config view --minify gave the contexts ${names.join(', ') || '(none)'}`,
    };
  cfg['current-context'] = context;
  writeFileSync(file, `${JSON.stringify(cfg, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return { ok: true };
}
