/**
 * The test files' order: the longest first, so that no long file starts near the end of a run and
 * leaves the other workers idle while it finishes. vitest orders by the durations it cached from
 * the last run, which a fresh clone (CI) does not have: there it falls back to file size, and a
 * small file that starts processes can be the longest of the run. These files were the longest of
 * a full run on a 2-core machine; the rest keep vitest's order after them.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const LONGEST = [
  'test/commands/check-releases.test.ts',
  'test/room/shell-room.test.ts',
  'test/package/packed-install.test.ts',
  'test/commands/shell-sim.test.ts',
  'test/commands/check-lessons.test.ts',
  'test/room/dashboard-page.test.ts',
  'test/conformance/conformance.test.ts',
  'test/commands/check-real-adapter.test.ts',
  'test/sim/concurrency.test.ts',
  'test/room/room-e2e.test.ts',
  'test/commands/context-safety.test.ts',
  'test/commands/doctor.test.ts',
  'test/commands/untrusted-lessons.test.ts',
  'test/commands/run-concurrent.test.ts',
  'test/commands/shell-suggested.test.tsx',
  'test/commands/shell-usage.test.ts',
];

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = LONGEST.findIndex((name) => f.moduleId.endsWith(`/${name}`));
      return i < 0 ? LONGEST.length : i;
    };
    const sorted = await super.sort(files);
    return sorted
      .map((f, i) => ({ f, i, r: rank(f) }))
      .sort((a, b) => a.r - b.r || a.i - b.i)
      .map(({ f }) => f);
  }
}
