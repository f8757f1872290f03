// The shipped lessons' stagings kept between processes (src/files/shipped-stagings.ts), seen
// through a copy of the built package whose lessons and manifests a test may change: an entry is
// used only while the lesson text and every answer its parse got are the same, and a damaged store
// is ignored and rewritten.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStagings } from '../../src/files/shipped-stagings.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const copy = mkdtempSync(join(tmpdir(), 'meshwalk-stagings-'));
const store = join(copy, 'node_modules', '.cache', 'meshwalk');

beforeAll(() => {
  for (const f of ['package.json', 'lessons', 'manifests']) cpSync(join(ROOT, f), join(copy, f), { recursive: true });
  mkdirSync(join(copy, 'dist'));
  cpSync(join(ROOT, 'dist'), join(copy, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.map') });
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

/** `meshwalk lint lessons` of the copy, run by the copy's own CLI. */
function lint() {
  const r = spawnSync(process.execPath, [join(copy, 'dist', 'cli.js'), 'lint', 'lessons'], {
    cwd: copy,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

type Kept = { stamp: string; value: Record<string, { asked: unknown; result: { lesson?: { id: string } } }> };
const kept = (): Kept => {
  const files = readdirSync(store).filter((n) => n.endsWith('.json'));
  const all = files.map((n) => JSON.parse(readFileSync(join(store, n), 'utf8')) as Kept);
  const found = all.find((k) => Object.keys(k.value).some((key) => key.startsWith('lesson\t')));
  if (!found) throw new Error(`no stagings among ${files.join(', ')}`);
  return found;
};

describe('stagings of the shipped lessons, kept between processes', () => {
  it('are kept by the first process, one per lesson, and give the same verdict to the next', () => {
    const first = lint();
    expect(first).toEqual({ code: 0, out: 'meshwalk lint: 6 files checked, no problems\n' });
    const ids = Object.values(kept().value).map((s) => s.result.lesson?.id);
    expect(ids).toHaveLength(6);
    expect(ids).toContain('into-the-mesh');
    expect(lint()).toEqual(first);
  });

  it('are parsed again when a manifest a lesson reads changes, or is gone', () => {
    const manifest = join(copy, 'manifests', 'apps', 'sleep-nosa.yaml');
    const text = readFileSync(manifest, 'utf8');
    try {
      writeFileSync(manifest, 'kind: [\n');
      const broken = lint();
      expect(broken.code).toBe(1);
      expect(broken.out).toContain('manifests/apps/sleep-nosa.yaml:2:1 ');
      rmSync(manifest);
      const missing = lint();
      expect(missing.code).toBe(1);
      expect(missing.out).toMatch(
        /^lessons\/01-into-the-mesh\.yaml:\d+:\d+ `manifests\/apps\/sleep-nosa\.yaml` does not exist;.*\[manifest-missing\]$/m,
      );
    } finally {
      writeFileSync(manifest, text);
    }
  });

  it('are parsed again when the lesson text changes, and pass again once both are restored', () => {
    const lesson = join(copy, 'lessons', '01-into-the-mesh.yaml');
    const text = readFileSync(lesson, 'utf8');
    try {
      writeFileSync(lesson, text.replace(/^title: /m, 'colour: red\ntitle: '));
      const changed = lint();
      expect(changed.code).toBe(1);
      expect(changed.out).toMatch(/^lessons\/01-into-the-mesh\.yaml:\d+:1 .*colour/m);
    } finally {
      writeFileSync(lesson, text);
    }
    expect(lint().code).toBe(0);
  });

  it('are ignored when the store is damaged, and written again', () => {
    const { stamp, value } = kept();
    const file = readdirSync(store)
      .map((n) => join(store, n))
      .find((p) => readFileSync(p, 'utf8').includes('"lesson\\t')) as string;
    const damaged = Object.fromEntries(Object.entries(value).map(([k, s]) => [k, { ...s, asked: 'not a list' }]));
    writeFileSync(file, JSON.stringify({ stamp, value: damaged }));
    expect(lint()).toEqual({ code: 0, out: 'meshwalk lint: 6 files checked, no problems\n' });
    const rewritten = Object.values(kept().value);
    expect(rewritten).toHaveLength(6);
    expect(rewritten.every((s) => Array.isArray(s.asked))).toBe(true);
  });

  it('are not kept when meshwalk runs from source: its code has no content hash to name it by', () => {
    expect(readStagings()).toEqual({});
  });

  // The store is stamped with the content hash of the chunk holding shipped-stagings.ts. A chunk's
  // text names the chunks it imports by their hashes, so that hash changes with the parser only while
  // the parser is in the chunk or among the chunks it imports, however deep.
  it('are stamped by a chunk that holds or imports the lesson parser, so a parser change renames it', () => {
    const dir = join(ROOT, 'dist', 'chunks');
    const text = (name: string) => readFileSync(join(dir, name), 'utf8');
    const chunks = readdirSync(dir).filter((n) => n.endsWith('.js'));
    const holding = (module: string) => chunks.filter((n) => text(n).includes(`\n// ${module}\n`));
    const [stamped] = holding('src/files/shipped-stagings.ts');
    expect(stamped).toMatch(/-[A-Z0-9]{8}\.js$/);
    const reached = new Set<string>();
    const visit = (name: string) => {
      if (reached.has(name)) return;
      reached.add(name);
      for (const [, next] of text(name).matchAll(/(?:from|import) "\.\/([^"]+\.js)"/g)) visit(next as string);
    };
    visit(stamped as string);
    expect(holding('src/lesson/parse.ts').some((n) => reached.has(n))).toBe(true);
  });
});
