// The room's model is a pure core (eslint.config.js): its rules fire there, and not at its edges.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ overrideConfigFile: 'eslint.config.js' });

async function rulesAt(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return [...new Set((result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`))].sort();
}

describe('src/room/model and protocol.ts do no IO', () => {
  it.each([
    ['src/room/model/v.ts', "import { appendFile } from 'node:fs/promises';\nexport const f = appendFile;\n"],
    ['src/room/model/v.ts', "import { createServer } from 'node:http';\nexport const s = createServer;\n"],
    ['src/room/protocol.ts', "import { hostname } from 'node:os';\nexport const h = hostname;\n"],
  ])('%s may not import: %s', async (path, code) => {
    expect(await rulesAt(path, code)).toEqual(['no-restricted-imports']);
  });

  it('keeps no timers and reads no clock of its own', async () => {
    expect(await rulesAt('src/room/model/v.ts', 'export const t = () => setInterval(() => {}, 10);\n')).toEqual([
      'no-restricted-globals',
    ]);
  });

  it('the server and the store are edges', async () => {
    const io =
      "import { createServer } from 'node:http';\nimport { open } from 'node:fs/promises';\nexport const s = [createServer, open];\n";
    expect(await rulesAt('src/room/server/v.ts', io)).toEqual([]);
    expect(await rulesAt('src/room/store/v.ts', io)).toEqual([]);
  });
});
