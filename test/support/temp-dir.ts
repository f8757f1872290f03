/**
 * A fresh folder under the test run's own temp folder (TMPDIR, set by test/global-setup.ts), which
 * is removed with everything in it when the run ends: a test need not remove what it made there.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
