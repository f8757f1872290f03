/**
 * The flags `istioctl install` and `istioctl manifest generate` share (operator/cmd/mesh/install.go
 * addInstallFlags, 1.24.0), and reading the IstioOperator files they name.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { SimContext } from '../../context.js';
import { readManifests } from '../../kubectl/manifests.js';
import type { JsonMap } from './set-path.js';

export interface InstallInputs {
  sets: string[];
  files: string[];
  skipConfirmation: boolean;
}

export type ParsedInputs = { inputs: InstallInputs } | { refuse: string; hint?: string } | { error: string };

/** Flags accepted and ignored: the simulated cluster is ready at once and is minikube's. */
const IGNORED_WITH_VALUE = new Set(['--readiness-timeout', '--context']);

export function parseInstallFlags(words: readonly string[], command: string, confirmable: boolean): ParsedInputs {
  const inputs: InstallInputs = { sets: [], files: [], skipConfirmation: false };
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    const eq = w.indexOf('=');
    const [name, inline] = w.startsWith('--') && eq > 0 ? [w.slice(0, eq), w.slice(eq + 1)] : [w, undefined];
    const value = () => inline ?? words[++i];
    if (name === '--set' || name === '-s') {
      const v = value();
      if (v === undefined) return { error: `flag needs an argument: ${name === '-s' ? "'s' in -s" : '--set'}` };
      inputs.sets.push(v);
    } else if (name === '--filename' || name === '-f') {
      const v = value();
      if (v === undefined) return { error: `flag needs an argument: ${name === '-f' ? "'f' in -f" : '--filename'}` };
      inputs.files.push(...v.split(','));
    } else if (confirmable && (name === '-y' || name === '--skip-confirmation')) inputs.skipConfirmation = true;
    else if (name === '--revision' || name === '-r')
      return {
        refuse: `${command} --revision`,
        hint: 'the simulated cluster runs one control plane, the default revision',
      };
    else if (IGNORED_WITH_VALUE.has(name)) {
      if (name === '--context' && value() !== 'minikube') return { refuse: `${command} --context other than minikube` };
      if (name === '--readiness-timeout') value();
    } else if (w.startsWith('-')) return { refuse: `${command} ${name}`, hint: '--set, -f and -y are simulated' };
    else return { error: `unknown command "${w}" for "${command}"` };
  }
  return { inputs };
}

/** Each file as one IstioOperator map (render/manifest.go MergeInputs), or istioctl's error. */
export async function readOperatorFiles(
  files: readonly string[],
  ctx: SimContext,
): Promise<{ maps: JsonMap[] } | { error: string } | { refuse: string; hint?: string }> {
  const maps: JsonMap[] = [];
  for (const [i, f] of files.entries()) {
    if (f === '-' && i !== files.length - 1)
      return { error: 'merge inputs: stdin is only allowed as the last filename' };
    const path = isAbsolute(f) ? f : join(ctx.cwd, f.trim());
    if (f !== '-' && !ctx.virtualFiles?.has(f) && !f.startsWith('samples/') && !existsSync(path)) {
      return { error: `merge inputs: open ${f.trim()}: no such file or directory` };
    }
    const read = await readManifests([f.trim()], ctx);
    if ('notSimulated' in read) return { refuse: read.notSimulated };
    if ('error' in read) return { error: `merge inputs: unable to parse file: ${read.error.replace(/^error: /, '')}` };
    if (read.manifests.length > 1)
      return { error: 'merge inputs: contains multiple IstioOperator CRs, only one per file is supported' };
    const obj = read.manifests[0]?.obj as JsonMap | undefined;
    if (obj && obj['kind'] !== undefined && obj['kind'] !== 'IstioOperator') {
      return { refuse: `istioctl -f with a ${String(obj['kind'])}`, hint: 'istioctl reads an IstioOperator there' };
    }
    if (obj) maps.push(obj);
  }
  return { maps };
}
