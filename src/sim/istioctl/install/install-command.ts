/**
 * `istioctl install` (alias `apply`) on the simulated cluster. The cluster already runs the
 * release's default install (kube/install.ts), so an install is what istioctl does on a cluster
 * with Istio of the same release: an in-place reconfiguration, pruning what the new settings drop.
 * Before 1.8 it is refused (EARLY says why).
 */
import { Output, type SimContext, notSimulated } from '../../context.js';
import type { ProcessResult } from '../../types.js';
import { istioMinor, istioRelease } from '../../versions.js';
import { parseInstallFlags, readOperatorFiles } from './inputs.js';
import { type ResolvedInstall, resolveInstall, userOverlay } from './operator.js';
import { banner, eolWarning, progressLines, prompt } from './progress.js';
import { renderInstall } from './render.js';
import { reconcileComponents } from './reconcile.js';
import { setIstioCrds } from '../../kube/istio-crds.js';

/** The resolved install, or what to print instead (errors as istioctl's, refusals with exit 3). */
export async function resolveFromWords(
  words: readonly string[],
  ctx: SimContext,
  command: string,
  confirmable: boolean,
  out: Output,
): Promise<{ install: ResolvedInstall; skipConfirmation: boolean } | { result: ProcessResult; beforeRun?: true }> {
  const minor = istioMinor(ctx.store.data.istio) ?? 0;
  const parsed = parseInstallFlags(words, command, confirmable);
  if ('refuse' in parsed) return { result: notSimulated(parsed.refuse, parsed.hint) };
  // cobra rejects the flags before RunE runs: nothing else is printed.
  if ('error' in parsed) return { result: out.err(`Error: ${parsed.error}`).done(1), beforeRun: true };
  const files = await readOperatorFiles(parsed.inputs.files, ctx);
  if ('refuse' in files) return { result: notSimulated(files.refuse, files.hint) };
  const overlay = 'error' in files ? files : userOverlay(files.maps, parsed.inputs.sets);
  const resolved = 'error' in overlay ? overlay : resolveInstall(overlay.iop, minor);
  if ('refuse' in resolved) return { result: notSimulated(resolved.refuse, resolved.hint) };
  if ('error' in resolved) {
    // The wording is 1.24's (operator/pkg/render); older releases validated with other messages.
    if (minor < 24)
      return {
        result: notSimulated(
          `istioctl ${ctx.store.data.istio}'s error for this input`,
          `istioctl 1.24 says: ${resolved.error}`,
        ),
      };
    return { result: out.err(`Error: generate config: ${resolved.error}`).done(1) };
  }
  return { install: resolved.install, skipConfirmation: parsed.inputs.skipConfirmation };
}

/** install.go Confirm: answers are read a line at a time; end of input (or an empty line) is "no". */
function confirmed(stdin: string): { yes: boolean; asked: number } {
  const lines = stdin.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const [i, raw] of lines.entries()) {
    const answer = raw.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
    if (answer === '') return { yes: false, asked: i + 1 };
    if (answer === 'Y' || answer === 'YES') return { yes: true, asked: i + 1 };
    if (answer === 'N' || answer === 'NO') return { yes: false, asked: i + 1 };
  }
  return { yes: false, asked: lines.length + 1 };
}

/** Why releases before 1.8 are refused (manifests/profiles/default.yaml at 1.6.0 and 1.7.0). */
export const EARLY =
  'before 1.6 istioctl installed with `istioctl manifest apply`, and the 1.6-1.7 profiles install the Prometheus ' +
  '(demo: also Kiali, Grafana, tracing) addons, which the simulator does not run';

export async function istioctlInstall(words: readonly string[], ctx: SimContext): Promise<ProcessResult> {
  const out = new Output();
  const version = ctx.store.data.istio;
  const minor = istioMinor(version) ?? 0;
  if (minor < 8) return notSimulated(`istioctl install on Istio ${version}`, EARLY);
  const r = await resolveFromWords(words, ctx, 'istioctl install', true, new Output());
  // The banner comes first (install.go RunE), then the end-of-life warning, then istioctl's own errors;
  // refusals stand alone.
  const eol = eolWarning(minor, ctx.store.now);
  if ('result' in r) {
    if (r.result.exitCode === 3 || r.beforeRun) return r.result;
    return { ...r.result, stdout: eol + r.result.stdout, stderr: banner(minor) + r.result.stderr };
  }
  out.err(banner(minor));
  out.stdout += eol;
  if (!r.skipConfirmation) {
    const answer = confirmed(await ctx.readStdin());
    // Confirm writes the prompt and a space, no newline: the answer is typed on the same line.
    out.stdout += `${prompt(minor, istioRelease(version), r.install)} `.repeat(answer.asked);
    if (!answer.yes) return out.err('Cancelled.').done(1);
  }
  reconcileComponents(ctx.store, await renderInstall(version, r.install), r.install.pilot);
  // The base chart installs the CRDs; an install without it leaves existing ones in place.
  if (r.install.base) setIstioCrds(ctx.store, true);
  return out.err(progressLines(minor, r.install)).done(0);
}
