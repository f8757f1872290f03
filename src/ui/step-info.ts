/**
 * The step screen's view of a step, taken from the engine's own `stepView` (vars substituted,
 * commands exactly as they will run) so the screen and `meshwalk run` cannot disagree. Lesson
 * text is untrusted: every string here is terminal-safe.
 */
import type { EngineState } from '../engine/index.js';
import { stepView } from '../engine/view.js';
import { tokenize } from '../lesson/tokenize.js';
import type { StepInfo } from './StepScreen.js';
import { terminalSafe } from '../text/terminal-safe.js';

/** A manifest the step applies: a path to read, or the YAML itself. */
export type ManifestRef = { path?: string; inline?: string };

export function stepInfo(state: EngineState, i: number): StepInfo & { manifest?: ManifestRef } {
  const v = stepView(state, i);
  if (!v) return { title: '', text: '', commands: [], hints: [], hintCount: 0, hasManifest: false };
  const manifest =
    v.commands.find((c) => c.manifest)?.manifest ??
    v.commands.map((c) => appliedFile(c.display)).find((m) => m !== undefined);
  // Made terminal-safe here, before layout, so wrapping measures what is shown.
  return {
    title: terminalSafe(v.title),
    text: terminalSafe(v.text),
    commands: v.commands.map((c) => terminalSafe(c.display)),
    ...(v.verify
      ? { probe: { display: terminalSafe(v.verify.display), expected: terminalSafe(v.verify.expected) } }
      : {}),
    hints: v.hints.map(terminalSafe),
    hintCount: v.hintsTotal,
    hasManifest: manifest !== undefined,
    ...(manifest ? { manifest } : {}),
  };
}

/**
 * The file a `kubectl apply -f FILE` (or `create -f`) command applies, so `m` can show it for
 * steps written as a `run:` line too. Standard input and URLs are not files to show.
 */
export function appliedFile(display: string): ManifestRef | undefined {
  const t = tokenize(display);
  if (!t.ok || t.argv[0] !== 'kubectl' || !t.argv.some((a) => a === 'apply' || a === 'create')) return undefined;
  for (let i = 1; i < t.argv.length; i++) {
    const a = t.argv[i] ?? '';
    const file =
      a === '-f' || a === '--filename'
        ? t.argv[i + 1]
        : a.startsWith('--filename=')
          ? a.slice(11)
          : a.startsWith('-f') && a.length > 2
            ? a.slice(2)
            : undefined;
    if (file !== undefined && file !== '-' && !/^https?:/.test(file)) return { path: file };
  }
  return undefined;
}
