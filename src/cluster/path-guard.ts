/**
 * The file-system half of the lesson path rule: a path the command policy let through (relative,
 * no `..`) may still lead elsewhere through a symlink, so each is resolved the way the kernel
 * will resolve it when the command opens it, and must land in the working directory (the
 * lesson's work folder) or, for `within: 'lesson'`, in the lesson manifests its `manifests`
 * link leads to.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { isInside } from '../lesson/command-policy/paths.js';
import { shippedPath } from '../lesson/command-policy/paths.js';
import { packageRoot } from '../package-root.js';
import type { PathUse } from './port.js';

/** Why one of `paths` may not be used from `cwd`, or undefined when all stay inside. */
export function pathRefusal(paths: readonly PathUse[], cwd: string): string | undefined {
  const work = real(cwd);
  const manifests = real(join(cwd, 'manifests'));
  for (const p of paths) {
    if (p.path === '-' || (p.access === 'write' && p.path === '/dev/null')) continue;
    // `meshwalk:manifests/…` must land in the installed package's manifests, and nowhere else.
    const shipped = p.within === 'lesson' && shippedPath(p.path) !== undefined;
    const inside = shipped
      ? (at: string) => isInside(at, real(join(packageRoot(), 'manifests')), sep)
      : (at: string) => isInside(at, work, sep) || (p.within === 'lesson' && isInside(at, manifests, sep));
    const area = p.within === 'work' ? "the lesson's work folder" : "the lesson's work folder or its manifests";
    const where = shipped ? "meshwalk's manifests" : area;
    const at = real(resolve(cwd, p.path));
    if (!inside(at)) return `\`${p.path}\` leads to ${at}, outside ${where}`;
    // kubectl reads a folder's files (`-f manifests/`, `-R`), opening each through its symlinks.
    const out = p.access === 'read' ? filesBelow(at).find((f) => !inside(f)) : undefined;
    if (out !== undefined) return `\`${p.path}\` holds a link to ${out}, outside ${where}`;
  }
  return undefined;
}

/** The resolved paths of everything below a folder (none for a file), at most `limit` of them. */
function filesBelow(dir: string, limit = 2000): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    let names: string[];
    try {
      if (!statSync(d).isDirectory()) return;
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      if (found.length >= limit) return;
      const at = real(join(d, name));
      found.push(at);
      if (isInside(at, d, sep)) walk(at);
    }
  };
  walk(dir);
  return found;
}

/** The path with every symlink resolved; for a file not made yet, its nearest existing folder resolved. */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(real(parent), basename(path));
  }
}
