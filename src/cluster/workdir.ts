/**
 * Each lesson's commands run in its own work directory, `<data dir>/work/<lesson-id>/`, holding a
 * link `manifests` -> the package's (or the lesson folder's) manifests/. So
 * `kubectl apply -f manifests/x.yaml` is shown and runs exactly as written, and files a lesson
 * makes (tls.key, tls.crt) land there, not in the learner's clone.
 */
import { lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function workDirOf(dataDir: string, lessonId: string): string {
  return join(dataDir, 'work', lessonId);
}

/** Creates the work directory and its `manifests` link (re-pointed if it leads elsewhere). */
export function prepareWorkDir(dataDir: string, lessonId: string, lessonRoot: string): string {
  const dir = workDirOf(dataDir, lessonId);
  mkdirSync(dir, { recursive: true });
  const link = join(dir, 'manifests');
  const target = resolve(lessonRoot, 'manifests');
  let existing: string | undefined;
  try {
    const st = lstatSync(link);
    // A real folder someone put there is theirs: leave it.
    if (!st.isSymbolicLink()) return dir;
    existing = readlinkSync(link);
  } catch {
    existing = undefined;
  }
  if (existing !== undefined && resolve(dir, existing) === target) return dir;
  if (existing !== undefined) rmSync(link, { force: true });
  // Junctions need no privilege on Windows; elsewhere the type is ignored.
  symlinkSync(target, link, process.platform === 'win32' ? 'junction' : 'dir');
  return dir;
}
