/**
 * A scenario (scenario.ts) as a meshwalk lesson. Pages become steps with their Markdown kept;
 * each executable code action becomes a step's command (one step per action, or one step per
 * page with `perPage`), `{{copy}}` code stays text. A page's verify script becomes that page's
 * verification (its last convertible command; exit code 0, or `contains` for `| grep`), and the
 * intro's and pages' background and foreground scripts become `setup`. What cannot be converted
 * is returned with its file and line. Pure: files are read through `read`.
 */
import { stringify } from 'yaml';
import { readPage } from './code-actions.js';
import type { Scenario, ScenarioKind, ScenarioPage } from './scenario.js';
import { convertScript, type AssetNames, type Converted } from './script-lines.js';

export type ImportNote = { file: string; line: number; message: string };

export type ImportOptions = {
  kind: ScenarioKind;
  /** The lesson id (default: from the title). */
  id?: string;
  /** One step per page instead of one per code action. Default false. */
  perPage?: boolean;
  /** The `$schema` reference for the first line. */
  schema: string;
  /** Asset file names that will be in the lesson's manifests/. */
  assets: AssetNames;
};

type StepOut = Record<string, unknown>;

export function convertScenario(
  s: Scenario,
  read: (file: string) => string | undefined,
  o: ImportOptions,
): { id: string; yaml: string; notes: ImportNote[] } {
  const notes: ImportNote[] = [];
  const note = (file: string, line: number, message: string) => notes.push({ file, line, message });
  const setup: Converted[] = [];
  const scriptOf = (file: string): Converted[] => {
    const text = read(file);
    if (text === undefined) {
      note(file, 1, 'file not found; left out');
      return [];
    }
    const r = convertScript(text, o.assets);
    for (const k of r.skipped) note(file, k.line, `not converted: \`${k.text}\` (${k.reason})`);
    return r.commands;
  };
  const steps: StepOut[] = [];
  const pages: [ScenarioPage, string][] = [
    ...(s.intro ? [[s.intro, 'intro'] as [ScenarioPage, string]] : []),
    ...s.steps.map((p, i) => [p, `step-${i + 1}`] as [ScenarioPage, string]),
    ...(s.finish ? [[s.finish, 'finish'] as [ScenarioPage, string]] : []),
  ];
  for (const [p, id] of pages) {
    for (const script of p.scripts) setup.push(...scriptOf(script));
    steps.push(...pageSteps(p, id, read, o, note, scriptOf));
  }
  const lessonId = o.id ?? slug(s.title);
  const lesson = {
    id: lessonId,
    title: s.title,
    summary:
      oneLine(s.description) ??
      `${s.title}, imported from a ${o.kind === 'katacoda' ? 'Katacoda' : 'Killercoda'} scenario.`,
    istio: ['1.24', '1.31'],
    ...(setup.length > 0
      ? {
          setup: setup.map((c) => ({
            run: c.run,
            ...(c.contains !== undefined ? { expect: { contains: c.contains } } : {}),
          })),
        }
      : {}),
    steps,
  };
  const head = [
    `# yaml-language-server: $schema=${o.schema}`,
    ...notes.map((n) => `# ${n.file}:${n.line}: ${n.message}`.replace(/[\r\n]+/g, ' ')),
  ];
  return { id: lessonId, yaml: `${head.join('\n')}\n${stringify(lesson, { lineWidth: 0 })}`, notes };
}

function pageSteps(
  p: ScenarioPage,
  id: string,
  read: (file: string) => string | undefined,
  o: ImportOptions,
  note: (file: string, line: number, message: string) => void,
  scriptOf: (file: string) => Converted[],
): StepOut[] {
  const text = p.text !== undefined ? read(p.text) : undefined;
  if (p.text !== undefined && text === undefined) note(p.text, 1, 'page not found; the step has no text');
  const page = readPage(text ?? '');
  const runs: Converted[] = [];
  for (const a of page.actions.filter((x) => x.kind === 'exec')) {
    const r = convertScript(a.code, o.assets, a.line);
    for (const k of r.skipped)
      note(p.text ?? id, k.line, `not converted: \`${k.text}\` (${k.reason}); the step text keeps it`);
    runs.push(...r.commands);
  }
  const verify = p.verify !== undefined ? scriptOf(p.verify) : [];
  const check = verify.at(-1);
  if (verify.length > 1 && p.verify)
    note(p.verify, 1, 'a verification runs one command: only the last convertible line is used');
  const verification = check && {
    verify: { run: check.run, expect: check.contains !== undefined ? { contains: check.contains } : { exitCode: 0 } },
  };
  const base = { title: p.title, ...(page.markdown ? { text: `${page.markdown}\n` } : {}) };
  const groups: Converted[][] = o.perPage || runs.length <= 1 ? [runs] : runs.map((r) => [r]);
  return groups.map((group, i) => {
    const last = i === groups.length - 1;
    const step: StepOut = {
      id: groups.length > 1 ? `${id}-${i + 1}` : id,
      ...(i === 0 ? base : { title: `${p.title} (${i + 1} of ${groups.length})` }),
    };
    if (group.length === 1) step.run = group[0]?.run;
    else if (group.length > 1) step.run = group.map((c) => c.run);
    const contains = group.length === 1 ? group[0]?.contains : undefined;
    if (contains !== undefined) step.expect = { contains };
    return last && verification ? { ...step, ...verification } : step;
  });
}

function slug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50)
      .replace(/-+$/, '') || 'imported'
  );
}

function oneLine(s: string | undefined): string | undefined {
  const t = s?.replace(/\s+/g, ' ').trim();
  return t ? t : undefined;
}
