/**
 * The step screen's view of a step, taken from the engine's own `stepView` (vars substituted,
 * commands exactly as they will run) so the screen and `meshwalk run` cannot disagree.
 */
import type { EngineState } from '../engine/index.js';
import { stepView } from '../engine/view.js';
import type { StepInfo } from './StepScreen.js';

/** A manifest the step applies: a path to read, or the YAML itself. */
export type ManifestRef = { path?: string; inline?: string };

export function stepInfo(state: EngineState, i: number): StepInfo & { manifest?: ManifestRef } {
  const v = stepView(state, i);
  if (!v) return { title: '', text: '', commands: [], hints: [], hintCount: 0, hasManifest: false };
  const manifest = v.commands.find((c) => c.manifest)?.manifest;
  return {
    title: v.title,
    text: v.text,
    commands: v.commands.map((c) => c.display),
    ...(v.verify ? { probe: { display: v.verify.display, expected: v.verify.expected } } : {}),
    hints: v.hints,
    hintCount: v.hintsTotal,
    hasManifest: manifest !== undefined,
    ...(manifest ? { manifest } : {}),
  };
}
