/**
 * The lessons themselves: their content follows the authoring rules (labels for reset, cleanup
 * that removes what the lesson creates, verifications that prove a contrast), and every one of
 * them passes `meshwalk check --cluster sim` end to end.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { Lesson, type Step } from '../../src/lesson/schema.js';
import { LESSON_ISTIO_RELEASES } from '../../src/cluster/doctor/lesson-releases.js';

const ROOT = join(import.meta.dirname, '..', '..');
const LESSONS = join(ROOT, 'lessons');
const CLI = join(ROOT, 'dist', 'cli.js');
const SCHEMA_LINE = '# yaml-language-server: $schema=../schema/lesson.schema.json';

const ORDER = [
  'into-the-mesh',
  'peer-authentication',
  'ingress-https',
  'jwt-authentication',
  'least-privilege',
  'api-migration',
];

type Loaded = { file: string; text: string; lesson: Lesson };

const lessons: Loaded[] = readdirSync(LESSONS)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((file) => {
    const text = readFileSync(join(LESSONS, file), 'utf8');
    return { file, text, lesson: Lesson.parse(parse(text)) };
  });

type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
};

function manifestObjects(path: string): K8sObject[] {
  return parseAllDocuments(readFileSync(join(ROOT, path), 'utf8'))
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

/** Every manifest path a lesson applies, by `apply:` or by `kubectl apply -f PATH`. */
function appliedManifests(l: Lesson): string[] {
  const paths: string[] = [];
  const fromLine = (line: string) => {
    const m = /kubectl apply -f (manifests\/\S+)/.exec(line);
    if (m?.[1]) paths.push(m[1]);
  };
  const fromAction = (a: NonNullable<Lesson['setup']>[number]) => {
    if ('run' in a) fromLine(a.run);
    else if (typeof a.apply === 'string') paths.push(a.apply);
    else if (a.apply.file) paths.push(a.apply.file);
  };
  (l.setup ?? []).forEach(fromAction);
  for (const s of l.steps) {
    if (s.run) (typeof s.run === 'string' ? [s.run] : s.run).forEach(fromLine);
    if (typeof s.apply === 'string') paths.push(s.apply);
    else if (s.apply?.file) paths.push(s.apply.file);
    (s.solve ?? []).forEach(fromAction);
  }
  return paths;
}

/** Lines of a lesson that are commands: setup, cleanup, vars, steps, probes and solves. */
function commandLines(l: Lesson): string[] {
  const lines: string[] = [];
  const action = (a: NonNullable<Lesson['setup']>[number]) => {
    if ('run' in a) lines.push(a.run);
  };
  (l.setup ?? []).forEach(action);
  (l.cleanup ?? []).forEach(action);
  for (const v of Object.values(l.vars ?? {})) if (typeof v !== 'string') lines.push(v.capture);
  for (const s of l.steps) {
    if (s.run) lines.push(...(typeof s.run === 'string' ? [s.run] : s.run));
    if (s.verify) lines.push(s.verify.run);
    (s.solve ?? []).forEach(action);
  }
  return lines;
}

describe('lesson content', () => {
  it('has the six lessons of the workshop, in order', () => {
    expect(lessons.map((l) => l.lesson.id)).toEqual(ORDER);
  });

  it('passes meshwalk lint', () => {
    const r = spawnSync(process.execPath, [CLI, 'lint', 'lessons'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toContain('no problems');
    expect(r.status).toBe(0);
  });

  for (const { file, text, lesson } of lessons) {
    describe(file, () => {
      it('starts with the schema line and is written for the releases doctor names (1.24 to 1.31)', () => {
        expect(text.startsWith(SCHEMA_LINE)).toBe(true);
        expect(lesson.istio).toEqual([...LESSON_ISTIO_RELEASES]);
      });

      it('requires only lessons that come before it', () => {
        for (const dep of lesson.requires ?? []) expect(ORDER.indexOf(dep)).toBeLessThan(ORDER.indexOf(lesson.id));
      });

      it('uses kubectl exec deploy/NAME with a container, never pod-name lookups', () => {
        for (const line of commandLines(lesson)) {
          expect(line).not.toMatch(/\$|\|/);
          if (line.startsWith('kubectl exec'))
            expect(line).toMatch(/^kubectl exec deploy\/[a-z-]+ -n [a-z-]+ -c [a-z-]+ -- /);
        }
      });

      it('labels what it creates so that meshwalk reset finds it, and cleans it up', () => {
        const objects = appliedManifests(lesson).flatMap(manifestObjects);
        const namespaces = objects.filter((o) => o.kind === 'Namespace');
        expect(namespaces.length).toBeGreaterThan(0);
        const cleanup = (lesson.cleanup ?? []).map((a) => ('run' in a ? a.run : '')).join('\n');
        for (const ns of namespaces) {
          expect(ns.metadata.labels?.['meshwalk.dev/lesson'], ns.metadata.name).toBe(lesson.id);
          expect(cleanup).toMatch(new RegExp(`kubectl delete namespace [a-z -]*\\b${ns.metadata.name}\\b`));
        }
        for (const o of objects.filter((o) => o.metadata.namespace === 'istio-system')) {
          expect(o.metadata.labels?.['app.kubernetes.io/managed-by'], `${o.kind}/${o.metadata.name}`).toBe('meshwalk');
          const kind = o.kind.toLowerCase();
          const byName = `kubectl delete ${kind} ${o.metadata.name} -n istio-system --ignore-not-found`;
          const byLabel = `kubectl delete ${kind} -n istio-system -l app.kubernetes.io/managed-by=meshwalk`;
          expect(
            cleanup.includes(byName) || cleanup.includes(byLabel),
            `cleanup removes ${o.kind}/${o.metadata.name}`,
          ).toBe(true);
        }
      });

      it('proves every policy change by a request that observed something else before', () => {
        const appliedEarlier = new Set<string>();
        const filesOf = (actions: Step['solve']) =>
          (actions ?? []).flatMap((a) =>
            'apply' in a ? [typeof a.apply === 'string' ? a.apply : (a.apply.file ?? '')] : [],
          );
        for (const step of lesson.steps) {
          const solveFiles = filesOf(step.solve);
          // A check whose solve only puts back a policy an earlier step applied is a repair for
          // skip (the learner's own policy was wrong), not a policy change of its own.
          const repair =
            step.run === undefined &&
            step.apply === undefined &&
            solveFiles.length > 0 &&
            solveFiles.every((f) => appliedEarlier.has(f));
          for (const f of [...solveFiles, ...(typeof step.apply === 'string' ? [step.apply] : [])])
            appliedEarlier.add(f);
          if (repair) {
            expect(step.hints?.length ?? 0, step.id).toBeGreaterThan(0);
            continue;
          }
          const applies =
            step.apply !== undefined ||
            (step.solve ?? []).length > 0 ||
            (step.run !== undefined &&
              /kubectl (apply -f manifests\/(?!apps\/|[a-z-]+\/namespaces)|delete (peerauthentication|authorizationpolicy))/.test(
                [step.run].flat().join('\n'),
              ));
          const old = step.run !== undefined && /v1alpha1/.test([step.run].flat().join('\n'));
          if (!applies || old) continue;
          expect(step.verify, step.id).toBeDefined();
          const v = step.verify!;
          if (step.id === 'selector-typo') continue; // shows that a wrong selector changes nothing
          expect(v.run, step.id).toMatch(/curl /);
          expect(v.before, step.id).toBeDefined();
          expect(v.before, step.id).not.toEqual(v.expect);
          expect(step.hints?.length ?? 0, step.id).toBeGreaterThan(0);
        }
      });

      it('deploys only the images the lessons promise', () => {
        const allowed = new Set([
          'python:3.12-alpine',
          'curlimages/curl:8.16.0',
          'docker.io/mccutchen/go-httpbin:v2.15.0',
        ]);
        for (const o of appliedManifests(lesson).flatMap(manifestObjects)) {
          const spec = (o as unknown as { spec?: { template?: { spec?: { containers?: { image: string }[] } } } }).spec;
          for (const c of spec?.template?.spec?.containers ?? []) expect(allowed.has(c.image), c.image).toBe(true);
        }
      });
    });
  }
});

type Event = { type: string; lesson?: string; step?: string; outcome?: string; reason?: string; mismatch?: string };

describe('meshwalk check --cluster sim', () => {
  it('passes every step of every lesson', { timeout: 300_000 }, () => {
    let stdout = '';
    let status = 0;
    try {
      stdout = execFileSync(process.execPath, [CLI, 'check', '--cluster', 'sim', '--json'], {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; status?: number };
      stdout = e.stdout ?? '';
      status = e.status ?? -1;
      if (!stdout.trim()) throw new Error(`meshwalk check printed nothing (exit ${status}): ${e.stderr ?? ''}`);
    }
    const events = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Event);
    const failures = events
      .filter((e) => e.type === 'StepFailed' || (e.type === 'LessonFinished' && e.outcome !== 'passed'))
      .map((e) => `${e.lesson}/${e.step ?? '-'}: ${e.reason ?? e.outcome}`);
    expect(failures).toEqual([]);
    for (const { lesson } of lessons) {
      const passed = new Set(
        events.filter((e) => e.type === 'StepPassed' && e.lesson === lesson.id).map((e) => e.step),
      );
      expect(
        lesson.steps.map((s) => s.id).filter((id) => !passed.has(id)),
        `${lesson.id}: steps that did not pass`,
      ).toEqual([]);
      expect(
        events.some((e) => e.type === 'LessonFinished' && e.lesson === lesson.id && e.outcome === 'passed'),
        lesson.id,
      ).toBe(true);
    }
    expect(status).toBe(0);
  });
});
