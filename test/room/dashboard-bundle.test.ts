/**
 * The bundle serves the same page the tests load: scripts/build.mjs embeds src/room/dashboard/page
 * through the `?raw` plugin, and what that makes of assets.ts is exactly `dashboardAssets` here.
 */
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';
import { expect, test } from 'vitest';
import { rawText } from '../../scripts/raw-text.mjs';
import { dashboardAssets } from '../../src/room/dashboard/assets.js';

test('esbuild with the raw-text plugin embeds the dashboard files as vitest reads them', async () => {
  const out = await build({
    entryPoints: [new URL('../../src/room/dashboard/assets.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    plugins: [rawText],
    logLevel: 'silent',
  });
  const code = `${out.outputFiles[0]!.text}\nconsole.log(JSON.stringify(dashboardAssets));`;
  const bundled = execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  expect(JSON.parse(bundled)).toEqual(dashboardAssets);
});
