/**
 * A step's starter manifest, copied into the lesson's work folder for the learner to edit: a copy,
 * because the lesson's own manifests/ may be the installed package's (read-only) or the clone's
 * (edits would show up in git). A copy already there is the learner's work and is never replaced.
 */
import { copyFileSync, constants, existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { shippedPath } from '../lesson/command-policy/paths.js';
import { packageRoot } from '../package-root.js';

export type Starter = { path: string; kept: boolean } | { problem: string };

/** Copies `starter` (a lesson manifest path) into `workDir` under its file name, unless a copy is there. */
export function stageStarter(workDir: string, lessonRoot: string, starter: string): Starter {
  const shipped = shippedPath(starter);
  const from = shipped !== undefined ? resolve(packageRoot(), shipped) : resolve(lessonRoot, starter);
  const to = join(workDir, basename(from));
  if (existsSync(to)) return { path: to, kept: true };
  try {
    copyFileSync(from, to, constants.COPYFILE_EXCL);
  } catch (err) {
    return { problem: `cannot copy the starting manifest ${starter} to ${to}: ${(err as Error).message}` };
  }
  return { path: to, kept: false };
}
