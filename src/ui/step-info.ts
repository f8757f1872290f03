/**
 * What the step screen shows of a step before and while it runs: its text and commands with the
 * lesson's vars substituted, exactly as the engine will run them (the engine's own renderers).
 */
import type { EngineState } from '../engine/index.js';
import { ownActionSources, renderProbe, renderSource } from '../engine/commands.js';
import { describeExpectation } from '../engine/expectation.js';
import { renderText } from '../lesson/render.js';
import type { StepInfo } from './StepScreen.js';

/** A manifest the step applies: a path to read, or the YAML itself. */
export type ManifestRef = { path?: string; inline?: string };

export function stepInfo(state: EngineState, i: number): StepInfo & { manifest?: ManifestRef } {
  const def = state.lesson.steps[i];
  const step = state.steps[i];
  if (!def || !step) return { title: '', text: '', commands: [], hints: [], hintCount: 0, hasManifest: false };
  const vars = state.vars;
  // Before a captured var exists, show the text with the {{NAME}} still in it.
  const text = safe(() => renderText(def.text ?? '', vars), def.text ?? '');
  const title = safe(() => renderText(def.title, vars), def.title);
  let manifest: ManifestRef | undefined;
  const commands = ownActionSources(def).map((source) => {
    const r = renderSource(source, vars);
    if (!r.ok) return source.kind === 'apply' ? `kubectl apply (${r.message})` : 'line' in source ? source.line : r.message;
    if (r.spec.manifest) manifest ??= r.spec.manifest;
    return r.spec.display;
  });
  let probe: StepInfo['probe'];
  if (def.verify) {
    const r = renderProbe(def.verify, vars);
    probe = { display: r.ok ? r.spec.display : def.verify.run, expected: describeExpectation(def.verify.expect) };
  }
  const hints = (def.hints ?? []).slice(0, step.hintsShown).map((h) => safe(() => renderText(h, vars), h));
  return {
    title,
    text,
    commands,
    ...(probe ? { probe } : {}),
    hints,
    hintCount: def.hints?.length ?? 0,
    hasManifest: manifest !== undefined,
    ...(manifest ? { manifest } : {}),
  };
}

function safe(f: () => string, fallback: string): string {
  try {
    return f();
  } catch {
    return fallback;
  }
}
