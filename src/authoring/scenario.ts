/**
 * A Katacoda or Killercoda scenario's index.json, read into one shape. Both put pages and scripts
 * under `details`: `intro` and `finish` pages, `steps[]` with `title`, `text`, `verify` and a
 * script run when the page opens (Killercoda `background`/`foreground`, Katacoda `courseData`/
 * `code`), and `assets` keyed by host (`client`, `host01`) listing files copied onto the machine.
 */

export type ScenarioKind = 'katacoda' | 'killercoda';

export type ScenarioPage = {
  title: string;
  /** File names relative to the scenario folder; absent when the page has none. */
  text?: string;
  verify?: string;
  scripts: string[];
};

export type Scenario = {
  title: string;
  description?: string;
  intro?: ScenarioPage;
  steps: ScenarioPage[];
  finish?: ScenarioPage;
  /** Asset file names (below `assets/`), with the target folder they were copied to. */
  assets: { file: string; target?: string }[];
};

type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Json | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;

function page(v: unknown, title: string): ScenarioPage | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const scripts = ['courseData', 'background', 'code', 'foreground']
    .map((k) => str(o[k]))
    .filter((s): s is string => s !== undefined);
  const text = str(o.text);
  const verify = str(o.verify);
  return { title: str(o.title) ?? title, ...(text ? { text } : {}), ...(verify ? { verify } : {}), scripts };
}

/** The scenario, or a one-line reason it is not one. */
export function readScenario(index: unknown): Scenario | { error: string } {
  const root = obj(index);
  const details = obj(root?.details);
  if (!root || !details)
    return { error: 'index.json has no "details" object (is this a Katacoda or Killercoda scenario?)' };
  if (!Array.isArray(details.steps) || details.steps.length === 0)
    return { error: 'index.json has no "details.steps"' };
  const steps = details.steps.map((s, i) => page(s, `Step ${i + 1}`)).filter((s): s is ScenarioPage => s !== undefined);
  const assets = Object.values(obj(details.assets) ?? {})
    .flatMap((list) => (Array.isArray(list) ? list : []))
    .map((a) => obj(a))
    .flatMap((a) => {
      const file = str(a?.file);
      const target = str(a?.target);
      return file ? [{ file, ...(target ? { target } : {}) }] : [];
    });
  const intro = page(details.intro, 'Introduction');
  const finish = page(details.finish, 'Finish');
  const description = str(root.description);
  return {
    title: str(root.title) ?? 'Imported scenario',
    ...(description ? { description } : {}),
    ...(intro ? { intro } : {}),
    steps,
    ...(finish ? { finish } : {}),
    assets,
  };
}
