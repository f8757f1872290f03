/**
 * Each lesson's commands run in its own work directory, `<data dir>/work/<lesson-id>/`, holding a
 * link `manifests` -> the package's (or the lesson folder's) manifests/. So
 * `kubectl apply -f manifests/x.yaml` is shown and runs exactly as written, and files a lesson
 * makes (tls.key, tls.crt) land there, not in the learner's clone.
 */
import { lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { packageRoot } from '../package-root.js';

export function workDirOf(dataDir: string, lessonId: string): string {
  return join(dataDir, 'work', lessonId);
}

/**
 * Creates the work directory with its `manifests` link, and a `meshwalk:manifests` link to the
 * installed package's manifests, which `meshwalk:manifests/PATH` references open (both links
 * re-pointed if they lead elsewhere). Windows allows no `:` in a name: there the second is skipped.
 */
export function prepareWorkDir(dataDir: string, lessonId: string, lessonRoot: string): string {
  const dir = workDirOf(dataDir, lessonId);
  mkdirSync(dir, { recursive: true });
  if (process.platform !== 'win32') linkTo(join(dir, 'meshwalk:manifests'), join(packageRoot(), 'manifests'));
  linkTo(join(dir, 'manifests'), resolve(lessonRoot, 'manifests'));
  return dir;
}

function linkTo(link: string, target: string): void {
  const dir = dirname(link);
  let existing: string | undefined;
  try {
    const st = lstatSync(link);
    // A real folder someone put there is theirs: leave it.
    if (!st.isSymbolicLink()) return;
    existing = readlinkSync(link);
  } catch {
    existing = undefined;
  }
  if (existing !== undefined && resolve(dir, existing) === target) return;
  if (existing !== undefined) rmSync(link, { force: true });
  // Junctions need no privilege on Windows; elsewhere the type is ignored.
  symlinkSync(target, link, process.platform === 'win32' ? 'junction' : 'dir');
}
