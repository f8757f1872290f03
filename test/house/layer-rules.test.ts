// The layer rules in eslint.config.js, each shown firing on a deliberate violation placed where
// the rule applies (lintText with a filePath under the layer), and silent at the edges that may.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ overrideConfigFile: 'eslint.config.js' });

/** The rule ids that fire on `code` as if it were the file at `path`. */
async function rulesAt(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return [...new Set((result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`))].sort();
}

describe('the pure cores (src/lesson, src/engine, src/sim/mesh, src/text, src/http) do no IO', () => {
  it.each([
    ['src/lesson/v.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"],
    ['src/lesson/v.ts', "import { Worker } from 'node:worker_threads';\nexport const w = Worker;\n"],
    ['src/engine/v.ts', "import { execa } from 'execa';\nexport const e = execa;\n"],
    ['src/engine/v.ts', "import { spawn } from 'child_process';\nexport const s = spawn;\n"],
    ['src/text/v.ts', "import { request } from 'node:http';\nexport const r = request;\n"],
    ['src/sim/mesh/v.ts', "import { Box } from 'ink';\nexport const b = Box;\n"],
    ['src/engine/v.ts', "import { useState } from 'react';\nexport const u = useState;\n"],
    ['src/engine/v.ts', "import { systemClock } from '../system-clock.js';\nexport const c = systemClock;\n"],
    ['src/lesson/v.ts', "import { readLimited } from '../files/read-limited.js';\nexport const r = readLimited;\n"],
    ['src/http/v.ts', "import { request } from 'node:https';\nexport const r = request;\n"],
  ])('%s may not import: %s', async (path, code) => {
    expect(await rulesAt(path, code)).toEqual(['no-restricted-imports']);
  });

  it('may not read the environment', async () => {
    const home = 'export const home = process.env.HOME;\n';
    expect(await rulesAt('src/lesson/v.ts', home)).toContain('no-restricted-properties');
    expect(await rulesAt('src/text/v.ts', 'export const argv = process.argv;\n')).toEqual(['no-restricted-globals']);
  });

  it('may not keep timers: the engine waits through its Clock port', async () => {
    const wait = 'export const t = () => setTimeout(() => {}, 10);\n';
    const poll = 'export const t = () => setInterval(() => {}, 10);\n';
    expect(await rulesAt('src/engine/run-effects.ts', wait)).toEqual(['no-restricted-globals']);
    expect(await rulesAt('src/sim/mesh/v.ts', poll)).toEqual(['no-restricted-globals']);
  });

  it('the mesh core reads no lesson content and nothing of the simulator around it', async () => {
    const jwks = "import j from '../../../lessons/keys/demo-jwks.json' with { type: 'json' };\nexport default j;\n";
    const net = "import { curl } from '../net/curl.js';\nexport const c = curl;\n";
    expect(await rulesAt('src/sim/mesh/v.ts', jwks)).toEqual(['no-restricted-imports']);
    expect(await rulesAt('src/sim/mesh/v.ts', net)).toEqual(['no-restricted-imports']);
    const allowed = [
      "import type { K8sObject } from '../../kube/object.js';",
      "import { assertNever } from '../../errors.js';",
      'export type O = K8sObject;',
      'export const a = assertNever;',
    ].join('\n');
    expect(await rulesAt('src/sim/mesh/v.ts', allowed)).toEqual([]);
  });
});

describe('the simulator touches the host only in its named host readers', () => {
  const readFile = "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n";

  it('refuses files elsewhere in src/sim, and processes everywhere in it', async () => {
    expect(await rulesAt('src/sim/kubectl/v.ts', readFile)).toEqual(['no-restricted-imports']);
    expect(await rulesAt('src/sim/persist.ts', readFile)).toEqual([]);
    const run = "import { execSync } from 'node:child_process';\nexport const e = execSync;\n";
    expect(await rulesAt('src/sim/persist.ts', run)).toEqual(['no-restricted-imports']);
  });
});

describe('the real adapter shares src/kube, not the simulator', () => {
  const simTypes = "import type { K8sObject } from '../sim/types.js';\nexport type O = K8sObject;\n";

  it('refuses sim imports in src/cluster but the sim adapter', async () => {
    expect(await rulesAt('src/cluster/real-view.ts', simTypes)).toEqual(['no-restricted-imports']);
    expect(await rulesAt('src/cluster/sim.ts', simTypes)).toEqual([]);
  });
});

describe('the edges may do IO', () => {
  it('src/commands reads files and the environment', async () => {
    const code = "import { readFileSync } from 'node:fs';\nexport const f = readFileSync(process.env.HOME ?? '.');\n";
    expect(await rulesAt('src/commands/v.ts', code)).toEqual([]);
  });
});
