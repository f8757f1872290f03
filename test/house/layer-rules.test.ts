// The layer rules in biome.jsonc, each shown firing on a deliberate violation placed where the rule
// applies (a scratch file at a path under the layer), and silent at the edges that may.
import { beforeAll, describe, expect, it } from 'vitest';
import { LintCases } from './lint-cases.js';

const cases = new LintCases();
const at = (path: string, code: string) => cases.add(path, code);
beforeAll(() => cases.run(), 60_000);

describe('the pure cores (src/lesson, src/engine, src/sim/mesh, src/text, src/http) do no IO', () => {
  const imports = [
    ['src/lesson/v.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"],
    ['src/lesson/v.ts', "import { Worker } from 'node:worker_threads';\nexport const w = Worker;\n"],
    ['src/engine/v.ts', "import { execa } from 'execa';\nexport const e = execa;\n"],
    ['src/engine/v.ts', "import { spawn } from 'child_process';\nexport const s = spawn;\n"],
    ['src/text/v.ts', "import { request } from 'node:http';\nexport const r = request;\n"],
    ['src/sim/mesh/v.ts', "import { Box } from 'ink';\nexport const b = Box;\n"],
    ['src/engine/v.ts', "import { useState } from 'react';\nexport const u = useState;\n"],
    ['src/engine/v.ts', "import { jsx } from 'react/jsx-runtime';\nexport const j = jsx;\n"],
    ['src/engine/v.ts', "import { systemClock } from '../system-clock.js';\nexport const c = systemClock;\n"],
    ['src/lesson/v.ts', "import { readLimited } from '../files/read-limited.js';\nexport const r = readLimited;\n"],
    ['src/http/v.ts', "import { request } from 'node:https';\nexport const r = request;\n"],
  ].map(([path, code]) => [path, code, at(path as string, code as string)] as const);

  it.each(imports)('%s may not import: %s', (_path, _code, lint) => {
    expect(lint.rules()).toEqual(['noRestrictedImports']);
  });

  const home = at('src/lesson/v.ts', 'export const home = process.env.HOME;\n');
  const argv = at('src/text/v.ts', 'export const argv = process.argv;\n');
  const viaGlobal = at('src/engine/v.ts', 'export const p = globalThis.process;\n');
  it('may not read the environment or the process', () => {
    expect(home.rules()).toContain('noProcessEnv');
    expect(argv.rules()).toEqual(['noRestrictedGlobals']);
    expect(viaGlobal.rules()).toEqual(['noJsRestrictedProperties']);
  });

  const wait = at('src/engine/run-effects.ts', 'export const t = () => setTimeout(() => {}, 10);\n');
  const poll = at('src/sim/mesh/v.ts', 'export const t = () => setInterval(() => {}, 10);\n');
  it('may not keep timers: the engine waits through its Clock port', () => {
    expect(wait.rules()).toEqual(['noRestrictedGlobals']);
    expect(poll.rules()).toEqual(['noRestrictedGlobals']);
  });

  const jwks = at(
    'src/sim/mesh/v.ts',
    "import j from '../../../lessons/keys/demo-jwks.json' with { type: 'json' };\nexport default j;\n",
  );
  const net = at('src/sim/mesh/v.ts', "import { curl } from '../net/curl.js';\nexport const c = curl;\n");
  const allowed = at(
    'src/sim/mesh/v.ts',
    [
      "import type { K8sObject } from '../../kube/object.js';",
      "import { assertNever } from '../../errors.js';",
      "import { parseRule } from './rule.js';",
      'export type O = K8sObject;',
      'export const a = [assertNever, parseRule];',
    ].join('\n'),
  );
  it('the mesh core reads no lesson content and nothing of the simulator around it', () => {
    expect(jwks.rules()).toEqual(['noRestrictedImports']);
    expect(net.rules()).toEqual(['noRestrictedImports']);
    expect(allowed.rules()).toEqual([]);
  });
});

describe('the simulator touches the host only in its named host readers', () => {
  const readFile = "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n";
  const elsewhere = at('src/sim/kubectl/v.ts', readFile);
  const reader = at('src/sim/persist.ts', readFile);
  const run = at('src/sim/persist.ts', "import { execSync } from 'node:child_process';\nexport const e = execSync;\n");

  it('refuses files elsewhere in src/sim, and processes everywhere in it', () => {
    expect(elsewhere.rules()).toEqual(['noRestrictedImports']);
    expect(reader.rules()).toEqual([]);
    expect(run.rules()).toEqual(['noRestrictedImports']);
  });
});

describe('the real adapter shares src/kube, not the simulator', () => {
  const simTypes = "import type { K8sObject } from '../sim/types.js';\nexport type O = K8sObject;\n";
  const real = at('src/cluster/real-view.ts', simTypes);
  const sim = at('src/cluster/sim.ts', simTypes);

  it('refuses sim imports in src/cluster but the sim adapter', () => {
    expect(real.rules()).toEqual(['noRestrictedImports']);
    expect(sim.rules()).toEqual([]);
  });
});

describe('the UI writes text through SafeText', () => {
  const inkText = at('src/ui/V.tsx', "import { Text } from 'ink';\nexport const T = Text;\n");
  const inkBox = at('src/ui/V.tsx', "import { Box } from 'ink';\nexport const B = Box;\n");

  it("refuses ink's Text in src/ui, and allows the rest of ink", () => {
    expect(inkText.rules()).toEqual(['noRestrictedImports']);
    expect(inkBox.rules()).toEqual([]);
  });
});

describe("the room dashboard's page uses browser globals and builds nodes, never markup", () => {
  const page = 'src/room/dashboard/page/v.js';
  const markup = at(page, 'export const put = (el, s) => {\n  el.innerHTML = s;\n};\n');
  const readMarkup = at(page, 'export const get = (el) => el.outerHTML;\n');
  const write = at(page, 'export const put = (s) => document.write(s);\n');
  const evalCode = at(page, 'export const run = (s) => eval(s);\n');
  const nodeGlobal = at(page, 'export const env = () => process.env;\n');
  const text = at(page, 'export const put = (el, s) => {\n  el.textContent = s;\n};\n');

  it('refuses innerHTML, eval and Node globals, and allows textContent', () => {
    expect(markup.rules()).toEqual(['plugin']);
    expect(readMarkup.rules()).toEqual(['noJsRestrictedProperties']);
    expect(write.rules()).toEqual(['noJsRestrictedProperties']);
    expect(evalCode.rules()).toEqual(['noGlobalEval']);
    expect(nodeGlobal.rules()).toEqual(['noRestrictedGlobals']);
    expect(text.rules()).toEqual([]);
  });
});

describe('the edges may do IO', () => {
  const code = "import { readFileSync } from 'node:fs';\nexport const f = readFileSync(process.env.HOME ?? '.');\n";
  const commands = at('src/commands/v.ts', code);

  it('src/commands reads files and the environment', () => {
    expect(commands.rules()).toEqual([]);
  });
});

describe('the general rules', () => {
  const unused = at('src/commands/v.ts', "import { join } from 'node:path';\nconst x = 1;\nexport const y = 2;\n");
  const underscore = at('test/v.ts', 'export const f = (_unused: number) => {\n  const _skip = 1;\n};\n');

  it('refuse unused imports and variables, but not those named with a leading underscore', () => {
    expect(unused.rules()).toEqual(['noUnusedImports', 'noUnusedVariables']);
    expect(underscore.rules()).toEqual([]);
  });
});
