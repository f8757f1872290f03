/**
 * What a step looks like on screen, with the lesson's vars filled in: for the TUI's step view
 * and `meshwalk run`'s plain text. Pure.
 */
import { redactTokens, shownText } from './capture.js';
import {
  commandTimeout,
  hasOwnAction,
  ownActionSources,
  probeTimeout,
  renderProbe,
  renderSource,
  showArgv,
  solveSources,
} from './commands.js';
import { describeExpectation } from './expectation.js';
import type { EngineState } from './types.js';

export interface StepView {
  index: number;
  total: number;
  title: string;
  /** Markdown, vars substituted (a var not captured yet stays as `{{NAME}}`). */
  text: string;
  /** True when meshwalk runs the step's own command; false when the learner acts and meshwalk verifies. */
  ownAction: boolean;
  /** The commands `run` executes (own action), exactly as shown. */
  commands: { display: string; manifest?: { path?: string; inline?: string } }[];
  /** What `skip` would run. */
  solve: { display: string }[];
  verify?: { display: string; expected: string; before?: string };
  /** The hints shown so far. */
  hints: string[];
  hintsTotal: number;
}

export function stepView(state: EngineState, index: number = state.current): StepView | undefined {
  const step = state.lesson.steps[index];
  const st = state.steps[index];
  if (!step || !st) return undefined;
  const vars = state.vars;
  const show = (src: Parameters<typeof renderSource>[0]) => {
    const r = renderSource(src, vars, showArgv(state.options, commandTimeout(state.options)));
    return r.ok
      ? { display: r.spec.display, ...(r.spec.manifest ? { manifest: shownManifest(r.spec.manifest) } : {}) }
      : { display: placeholder(src) };
  };
  const probe = step.verify
    ? renderProbe(step.verify, vars, showArgv(state.options, probeTimeout(step.verify)))
    : undefined;
  return {
    index,
    total: state.lesson.steps.length,
    title: shownText(step.title, vars),
    text: shownText(step.text ?? '', vars),
    ownAction: hasOwnAction(step),
    commands: ownActionSources(step).map(show),
    solve: solveSources(step).map((s) => ({ display: show(s).display })),
    ...(step.verify
      ? {
          verify: {
            display: probe?.ok ? probe.spec.display : step.verify.run,
            // A check that must hold several times in a row says so, so the wait is no surprise.
            expected: `${describeExpectation(step.verify.expect)}${(step.verify.settle ?? 1) > 1 ? `, ${step.verify.settle} times in a row` : ''}`,
            ...(step.verify.before ? { before: describeExpectation(step.verify.before) } : {}),
          },
        }
      : {}),
    hints: (step.hints ?? []).slice(0, st.hintsShown).map((h) => shownText(h, vars)),
    hintsTotal: step.hints?.length ?? 0,
  };
}

function placeholder(src: Parameters<typeof renderSource>[0]): string {
  if (src.kind === 'apply')
    return typeof src.apply === 'string'
      ? `kubectl apply -f ${src.apply}`
      : `kubectl apply -f ${src.apply.file ?? '-'}`;
  return src.line;
}

/** An inline manifest is shown with its vars filled in, so a token in it is cut short. */
function shownManifest(m: { path?: string; inline?: string }): { path?: string; inline?: string } {
  return m.inline !== undefined ? { ...m, inline: redactTokens(m.inline) } : m;
}
