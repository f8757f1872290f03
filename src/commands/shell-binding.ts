/**
 * What binds `meshwalk shell` to a cluster, written into the shell's private folder:
 * - simulated: stand-in kubectl, istioctl, curl and minikube in `bin/`, put first on PATH, each
 *   running this meshwalk's own dist/cli.js with the node that runs it (never npx or PATH's
 *   meshwalk, so it works from any folder and runs the same version as the workshop);
 * - real: a kubeconfig holding only the chosen context, as KUBECONFIG. kubectl, istioctl and
 *   curl are the learner's own.
 * In both, `meshwalk` in `bin/` runs this same meshwalk the same way (`TOKEN=$(meshwalk token
 * ...)` works in a clone, where no meshwalk is on PATH). Every other program (cat, openssl, grep,
 * jq, ...) is the learner's own.
 */
import { accessSync, chmodSync, constants, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ownCommand } from '../cluster/own-command.js';
import { writePinnedKubeconfig } from '../cluster/pinned-kubeconfig.js';
import type { Runner } from '../cluster/run-process.js';
import { shQuote, writeShims } from '../sim/shims.js';
import type { Binding } from './shell-startup.js';

export type Bound = { ok: true; binding: Binding; lines: string[] } | { ok: false; reason: string };

/** The simulated cluster in `stateDir`, through stand-ins in `<dir>/bin`. */
export function bindSim(dir: string, o: { stateDir: string; istio?: string; path: string | undefined }): Bound {
  const bin = ownMeshwalk(dir);
  const [node, cli] = ownCommand();
  writeShims(bin, { node, cli: realpathSync(cli), stateDir: o.stateDir, ...(o.istio ? { istio: o.istio } : {}) });
  const curl = findOnPath('curl', o.path);
  const realCurl = `command -p curl${curl ? ` (or ${curl})` : ''}`;
  return {
    ok: true,
    binding: { label: 'sim', pathFirst: bin },
    lines: [
      `kubectl, istioctl, minikube and curl here reach it (kept in ${o.stateDir}).`,
      `curl calls services as your machine would (minikube ip, NodePorts); your own curl: ${realCurl}.`,
      MESHWALK_LINE,
    ],
  };
}

/** The real kube context `context`, pinned through a one-context kubeconfig in `<dir>/kubeconfig`. */
export async function bindReal(dir: string, context: string, run: Runner): Promise<Bound> {
  const file = join(dir, 'kubeconfig');
  const pinned = await writePinnedKubeconfig(run, context, file);
  if (!pinned.ok) return pinned;
  return {
    ok: true,
    binding: { label: context, kubeconfig: file, pathFirst: ownMeshwalk(dir) },
    lines: [
      `kubectl and istioctl here reach kube context "${context}" only: KUBECONFIG is a private copy of that one context.`,
      'curl and every other program are your own; your kubeconfig is not changed.',
      MESHWALK_LINE,
    ],
  };
}

const MESHWALK_LINE = 'meshwalk here is this same meshwalk (meshwalk token, meshwalk explain).';

/** `<dir>/bin` with a `meshwalk` that runs this meshwalk's own dist/cli.js with this node. */
function ownMeshwalk(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const file = join(bin, 'meshwalk');
  const [node, cli] = ownCommand();
  writeFileSync(file, `#!/bin/sh\nexec ${shQuote(node)} ${shQuote(realpathSync(cli))} "$@"\n`, { mode: 0o755 });
  chmodSync(file, 0o755);
  return bin;
}

/** The first executable `name` on `path`, as a shell would find it. */
export function findOnPath(name: string, path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}
