// A lesson's `meshwalk token` on the simulated cluster runs this meshwalk in-process: cli.tsx
// hands its `main` down through `io`, and the command that selects the cluster passes it on.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { lessonFolder, recordingIo } from './run-check-fixtures.js';

const tokenLesson = `id: own
title: Own
summary: Mint a token.
istio: ["1.24"]
steps:
  - id: mint
    title: Mint a demo token
    run: meshwalk token --sub alice
    expect: {contains: "eyJ"}
`;

describe('meshwalk inside a lesson on the simulated cluster', () => {
  it('runs the same meshwalk when the lesson is run through the CLI', async () => {
    const dir = lessonFolder({ 'lessons/own.yaml': tokenLesson });
    const io = recordingIo({ MESHWALK_HOME: mkdtempSync(join(tmpdir(), 'meshwalk-own-')) });
    const code = await main(['run', 'own', '--lessons', dir, '--cluster', 'sim', '--yes', '--propagation', '0'], io);
    expect({ code, out: io.out() }).toMatchObject({ code: 0, out: expect.stringContaining('passed') });
  });
});
