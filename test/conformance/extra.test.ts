/**
 * Replays the extra cases (test/conformance/extra/: scenarios from istio.io task pages and Istio
 * sources beyond the shared conformance set) with run.py's rules as `meshwalk sim --state TMP
 * [--istio X] -- ARGV` (--istio on the first step only) through the CLI's entry point in this
 * process; conformance.test.ts keeps the end-to-end subset through the built CLI.
 * One test per case; the judging and case loading are conformance's own (cases.ts).
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempDir } from '../support/temp-dir.js';
import { inProcess, loadCases, replay } from './cases.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const stateDir = () => tempDir('mwextra-');

describe('extra conformance (istio.io tasks) through meshwalk sim (in process)', () => {
  for (const c of loadCases(join(ROOT, 'test/conformance/extra'))) {
    test(c.file, { timeout: 120_000 }, async () => {
      expect(c.source, 'every case names its source').toBeTruthy();
      expect(await replay(c, inProcess(), stateDir())).toBeUndefined();
    });
  }
});
