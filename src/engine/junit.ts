/**
 * `check --junit FILE`: one testsuite per lesson, one testcase per step, from the final engine
 * states. Pure; the command writes the file.
 */
import { shownText } from './capture.js';
import type { EngineState } from './types.js';

/** `names`: each run's suite name (default: the lesson id), e.g. with the Istio version it ran on. */
export function junitXml(runs: readonly EngineState[], totalMs: number, names?: readonly string[]): string {
  const suites = runs.map((r, i) => suite(r, names?.[i] ?? r.lesson.id));
  const count = (f: (s: EngineState) => number) => runs.reduce((n, r) => n + f(r), 0);
  const tests = count((r) => r.steps.length);
  const failures = count(failuresOf);
  const skipped = count((r) => r.steps.filter((s) => s.status !== 'passed' && s.status !== 'failed').length);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="meshwalk check" tests="${tests}" failures="${failures}" skipped="${skipped}" time="${secs(totalMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function failuresOf(r: EngineState): number {
  const steps = r.steps.filter((s) => s.status === 'failed').length;
  return steps + (r.outcome === 'failed' && steps === 0 ? 1 : 0);
}

function suite(r: EngineState, name: string): string {
  const l = r.lesson;
  const cases = r.steps.map((st, i) => {
    const title = shownText(l.steps[i]?.title ?? st.id, r.vars);
    const time = st.startedAt !== undefined && st.finishedAt !== undefined ? st.finishedAt - st.startedAt : 0;
    const open = `    <testcase classname="${esc(name)}" name="${esc(`${st.id}: ${title}`)}" time="${secs(time)}"`;
    if (st.status === 'passed') return `${open}/>`;
    if (st.status === 'failed') {
      const reason = st.failure ?? 'failed';
      return `${open}>\n      <failure message="${esc(reason)}" type="${st.failedAt ?? 'verify'}">${esc(reason)}</failure>\n    </testcase>`;
    }
    return `${open}>\n      <skipped message="not run: an earlier step or the lesson setup failed"/>\n    </testcase>`;
  });
  // A setup, vars or cleanup failure is not any step's: report it as its own case.
  if (r.outcome === 'failed' && !r.steps.some((s) => s.status === 'failed')) {
    const why = r.failure ?? r.ending?.reason ?? 'the lesson failed';
    cases.push(
      `    <testcase classname="${esc(name)}" name="setup and cleanup" time="0">\n      <failure message="${esc(why)}">${esc(why)}</failure>\n    </testcase>`,
    );
  }
  const failures = failuresOf(r);
  const skipped = r.steps.filter((s) => s.status !== 'passed' && s.status !== 'failed').length;
  return [
    `  <testsuite name="${esc(name)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}">`,
    ...cases,
    '  </testsuite>',
  ].join('\n');
}

function secs(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function esc(s: string): string {
  return (
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to find control characters
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
  );
}
