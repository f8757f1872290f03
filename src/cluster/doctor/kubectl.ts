import { CommandError } from '../port.js';
import type { Check } from './types.js';
import { lastLine } from '../kubectl-failure.js';

/** kubectl on PATH, and its client version. Nothing else can be checked without it. */
export const kubectlCheck: Check = {
  id: 'kubectl',
  title: 'kubectl',
  needs: [],
  environment: true,
  async run(input, facts) {
    try {
      const r = await input.run(['kubectl', 'version', '--client', '-o', 'json'], { timeoutMs: 10_000 });
      if (r.exitCode !== 0) {
        return {
          status: 'fail',
          detail: `kubectl version --client failed: ${lastLine(r.stderr) ?? `exit ${r.exitCode}`}`,
          fix: 'reinstall kubectl: https://kubernetes.io/docs/tasks/tools/',
        };
      }
      const version = parseClientVersion(r.stdout);
      if (version) facts.kubectlVersion = version;
      return { status: 'ok', detail: `kubectl ${version ?? '(version unknown)'}` };
    } catch (err) {
      if (!(err instanceof CommandError)) throw err;
      return {
        status: 'fail',
        detail: err.message,
        fix: 'install kubectl from https://kubernetes.io/docs/tasks/tools/ (or use --cluster sim)',
      };
    }
  },
};

function parseClientVersion(json: string): string | undefined {
  try {
    return (JSON.parse(json) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion;
  } catch {
    return undefined;
  }
}
