// Runs the project's Biome lint rules (biome.jsonc) on code placed at a path in a scratch copy of the tree, so a
// test can show a layer rule firing where it applies and silent where it does not. Cases are
// collected while the test file is collected and linted together in `run` (one Biome process per
// set of distinct paths), because one Biome start costs more than linting every case.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const biome = join(projectRoot, 'node_modules/@biomejs/biome/bin/biome');

export interface LintCase {
  /** The rule names that fired (`noRestrictedImports`), sorted, once `run` has finished. */
  rules(): string[];
}

interface Pending {
  path: string;
  code: string;
  fired?: string[];
}

/** Lints one scratch tree holding `cases` (distinct paths); resolves to each path's rule names. */
async function lintTree(cases: Pending[]): Promise<Map<string, Set<string>>> {
  const root = mkdtempSync(join(tmpdir(), 'meshwalk-lint-'));
  try {
    // biome.jsonc keeps its comments on lines of their own.
    const text = readFileSync(join(projectRoot, 'biome.jsonc'), 'utf8').replace(/^\s*\/\/.*$/gm, '');
    const config = JSON.parse(text) as { vcs?: unknown; $schema?: string; overrides?: { plugins?: string[] }[] };
    // The scratch tree is not a git checkout; the rules and their file patterns stay as they are, and
    // the plugins are read from the project.
    config.vcs = { enabled: false };
    delete config.$schema;
    for (const o of config.overrides ?? []) o.plugins = o.plugins?.map((p) => join(projectRoot, p));
    writeFileSync(join(root, 'biome.json'), JSON.stringify(config));
    for (const c of cases) {
      mkdirSync(dirname(join(root, c.path)), { recursive: true });
      writeFileSync(join(root, c.path), c.code);
    }
    const args = [biome, 'lint', '--reporter=json', '--max-diagnostics=none', ...cases.map((c) => c.path)];
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.on('error', reject);
      child.on('close', () => resolve(out));
    });
    const report = JSON.parse(stdout) as { diagnostics: { category?: string; location?: { path?: string } }[] };
    const fired = new Map<string, Set<string>>(cases.map((c) => [c.path, new Set()]));
    for (const d of report.diagnostics) {
      const path = d.location?.path;
      if (path && fired.has(path)) fired.get(path)?.add((d.category ?? 'unknown').split('/').pop() ?? '');
    }
    return fired;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export class LintCases {
  private readonly pending: Pending[] = [];

  /** Registers `code` as the file at `path` (relative to the project root). */
  add(path: string, code: string): LintCase {
    const c: Pending = { path, code };
    this.pending.push(c);
    return {
      rules: () => {
        if (!c.fired) throw new Error(`lint case ${path} was read before LintCases.run`);
        return c.fired;
      },
    };
  }

  /** Lints every registered case: cases sharing a path go to separate scratch trees. */
  async run(): Promise<void> {
    const trees: Pending[][] = [];
    for (const c of this.pending) {
      const tree = trees.find((t) => !t.some((o) => o.path === c.path));
      if (tree) tree.push(c);
      else trees.push([c]);
    }
    const results = await Promise.all(trees.map(lintTree));
    trees.forEach((tree, i) => {
      for (const c of tree) c.fired = [...(results[i]?.get(c.path) ?? [])].sort();
    });
  }
}
