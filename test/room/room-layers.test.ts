// The room's model is a pure core (biome.jsonc): its rules fire there, and not at its edges.
import { beforeAll, describe, expect, it } from 'vitest';
import { LintCases } from '../house/lint-cases.js';

const cases = new LintCases();
beforeAll(() => cases.run(), 60_000);

describe('src/room/model and protocol.ts do no IO', () => {
  const imports = [
    ['src/room/model/v.ts', "import { appendFile } from 'node:fs/promises';\nexport const f = appendFile;\n"],
    ['src/room/model/v.ts', "import { createServer } from 'node:http';\nexport const s = createServer;\n"],
    ['src/room/protocol.ts', "import { hostname } from 'node:os';\nexport const h = hostname;\n"],
  ].map(([path, code]) => [path, code, cases.add(path as string, code as string)] as const);

  it.each(imports)('%s may not import: %s', (_path, _code, lint) => {
    expect(lint.rules()).toEqual(['noRestrictedImports']);
  });

  const poll = cases.add('src/room/model/v.ts', 'export const t = () => setInterval(() => {}, 10);\n');
  it('keeps no timers and reads no clock of its own', () => {
    expect(poll.rules()).toEqual(['noRestrictedGlobals']);
  });

  const io =
    "import { createServer } from 'node:http';\nimport { open } from 'node:fs/promises';\nexport const s = [createServer, open];\n";
  const server = cases.add('src/room/server/v.ts', io);
  const store = cases.add('src/room/store/v.ts', io);
  it('the server and the store are edges', () => {
    expect(server.rules()).toEqual([]);
    expect(store.rules()).toEqual([]);
  });
});
