import { execFileSync } from 'node:child_process';

/** Builds dist/ once so CLI tests exercise the same bundle `npx meshwalk` runs. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
