/**
 * kubectl's and istioctl's global flags, each with what a lesson may do with it. This is the one
 * list: the kubectl, istioctl and meshwalk checks read it, and a test compares the kubectl part
 * with what `kubectl options` prints (a recorded copy, and the live kubectl when there is one).
 *
 * - `target`: chooses the API server, the kubeconfig or the identity (kubectl's
 *   genericclioptions ConfigFlags). meshwalk pins `--context` itself; any of these would let a
 *   lesson reach or act as something else, so a lesson may never set one.
 * - `local-file`: writes on the host outside the work folder (`--cache-dir`, `--profile-output`).
 * - `allowed`: changes nothing about where or as whom (namespace, verbosity, timeouts).
 */

export type GlobalFlagUse = 'target' | 'local-file' | 'allowed';

export type GlobalFlag = { name: string; short?: string; takesValue: boolean; use: GlobalFlagUse };

/** `kubectl options` (kubectl 1.32), in its order. */
export const KUBECTL_GLOBAL_FLAGS: readonly GlobalFlag[] = [
  { name: 'as', takesValue: true, use: 'target' },
  { name: 'as-group', takesValue: true, use: 'target' },
  { name: 'as-uid', takesValue: true, use: 'target' },
  { name: 'cache-dir', takesValue: true, use: 'local-file' },
  { name: 'certificate-authority', takesValue: true, use: 'target' },
  { name: 'client-certificate', takesValue: true, use: 'target' },
  { name: 'client-key', takesValue: true, use: 'target' },
  { name: 'cluster', takesValue: true, use: 'target' },
  { name: 'context', takesValue: true, use: 'target' },
  { name: 'disable-compression', takesValue: false, use: 'allowed' },
  { name: 'insecure-skip-tls-verify', takesValue: false, use: 'target' },
  { name: 'kubeconfig', takesValue: true, use: 'target' },
  { name: 'log-flush-frequency', takesValue: true, use: 'allowed' },
  { name: 'match-server-version', takesValue: false, use: 'allowed' },
  { name: 'namespace', short: 'n', takesValue: true, use: 'allowed' },
  { name: 'password', takesValue: true, use: 'target' },
  { name: 'profile', takesValue: true, use: 'local-file' },
  { name: 'profile-output', takesValue: true, use: 'local-file' },
  { name: 'request-timeout', takesValue: true, use: 'allowed' },
  { name: 'server', short: 's', takesValue: true, use: 'target' },
  { name: 'tls-server-name', takesValue: true, use: 'target' },
  { name: 'token', takesValue: true, use: 'target' },
  { name: 'user', takesValue: true, use: 'target' },
  { name: 'username', takesValue: true, use: 'target' },
  { name: 'v', short: 'v', takesValue: true, use: 'allowed' },
  { name: 'vmodule', takesValue: true, use: 'allowed' },
  { name: 'warnings-as-errors', takesValue: false, use: 'allowed' },
];

/**
 * istioctl's root flags (istio/istio istioctl/pkg/cli/option.go `AddRootFlags`). Its `-c` is
 * `--kubeconfig`, not a container as in kubectl.
 */
export const ISTIOCTL_ROOT_FLAGS: readonly GlobalFlag[] = [
  { name: 'kubeconfig', short: 'c', takesValue: true, use: 'target' },
  { name: 'context', takesValue: true, use: 'target' },
  { name: 'as', takesValue: true, use: 'target' },
  { name: 'as-uid', takesValue: true, use: 'target' },
  { name: 'as-group', takesValue: true, use: 'target' },
  { name: 'namespace', short: 'n', takesValue: true, use: 'allowed' },
  { name: 'istioNamespace', short: 'i', takesValue: true, use: 'allowed' },
];

/** Why a flag of this use is refused, for the one-line message. */
export function refusalOf(use: GlobalFlagUse, tool: string, spelled: string): string | undefined {
  if (use === 'target') {
    const pin = `meshwalk pins ${tool} to the session's cluster, so a lesson may not set it`;
    return `\`${spelled}\` chooses which cluster ${tool} talks to or as whom; ${pin}`;
  }
  if (use === 'local-file')
    return `\`${spelled}\` makes ${tool} write files outside the lesson's work folder; a lesson may not set it`;
  return undefined;
}

/** Looks a flag up by long name or letter in one or more tables (the first match wins). */
export function findGlobal(tables: readonly (readonly GlobalFlag[])[], name: string): GlobalFlag | undefined {
  for (const t of tables) {
    const f = t.find((g) => g.name === name || g.short === name);
    if (f) return f;
  }
  return undefined;
}
