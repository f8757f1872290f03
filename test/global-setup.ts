import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Builds dist/ once so CLI tests exercise the same bundle `npx meshwalk` runs, and gives the run a
 * temp folder of its own (TMPDIR, inherited by every worker and every process a test starts), removed
 * when the run ends: no test run leaves files behind, even a test that forgets its own cleanup or is
 * killed by a timeout.
 */
export default function setup(): () => void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'meshwalk-test-run-'));
  process.env.TMPDIR = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}
