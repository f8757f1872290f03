/**
 * The part of the path rule that needs no file system: a path operand is relative, has no `..`
 * segment and is no URL, so it can only name something below the folder the command runs in
 * (the work folder, whose `manifests` link leads to the lesson's manifests). Symlinks are
 * resolved later, against the real files: by `lint` in the lesson folder, and by the cluster
 * adapter in the work folder just before the command runs.
 */
import type { PathArea, PathUse, Refusal } from './types.js';
import { refuse } from './types.js';

export type PathOptions = {
  /** `-` means standard input here (kubectl -f -). */
  stdin?: boolean;
  /** `/dev/null` is accepted as an output (curl -o /dev/null). */
  devNull?: boolean;
};

/**
 * The one reference to a file outside the lesson: `meshwalk:manifests/PATH` names a manifest
 * meshwalk ships (manifests/PATH of the installed package), so an author's lesson can deploy the
 * shipped sample apps. The work folder holds a link of that very name, so the command shown is
 * the command run. Only reads in the lesson area may use it.
 */
export const SHIPPED_PREFIX = 'meshwalk:manifests/';

/** The path below the package folder (`manifests/…`) that a `meshwalk:` reference names, if it is one. */
export function shippedPath(path: string): string | undefined {
  return path.startsWith(SHIPPED_PREFIX) ? path.slice('meshwalk:'.length) : undefined;
}

/** The path with every `{{VAR}}` as a plain name, so lint judges what is written around it. */
function literalShape(path: string): string {
  return path.replace(/\{\{[^}]*\}\}/g, 'x');
}

/** Why `path` may not be used, or undefined when it stays inside `within`. */
export function pathProblem(path: string, within: PathArea, o: PathOptions = {}): string | undefined {
  if (o.stdin && path === '-') return undefined;
  if (o.devNull && path === '/dev/null') return undefined;
  const shipped = within === 'lesson' ? shippedPath(path) : undefined;
  if (shipped !== undefined) {
    const why = pathProblem(shipped, within);
    return why && `\`${path}\` must name a file below meshwalk's manifests/: ${why}`;
  }
  const shape = literalShape(path);
  const where = within === 'work' ? "the lesson's work folder" : 'the lesson folder or its work folder';
  if (shape === '') return `an empty path; name a file in ${where}`;
  if (shape.includes('\0')) return 'a path with a NUL character';
  // A scheme (`https://`, and `file:`, which openssl's loader also opens) names no file here.
  if (/^[A-Za-z][A-Za-z0-9+.-]+:/.test(shape)) return `\`${path}\` is a URL; a lesson uses files from ${where} only`;
  if (/^(?:[/\\]|[A-Za-z]:)/.test(shape))
    return `\`${path}\` is an absolute path; a lesson uses files in ${where} only, written relative to it`;
  if (shape.startsWith('~')) return `\`${path}\` starts with \`~\`; a lesson uses files in ${where} only`;
  if (shape.split(/[/\\]/).includes('..'))
    return `\`${path}\` has a \`..\`; a lesson uses files in ${where} only, so write the path without \`..\``;
  return undefined;
}

/** A path operand as a use, or the refusal at `word`. */
export function pathUse(
  path: string,
  word: number,
  access: PathUse['access'],
  within: PathArea,
  o: PathOptions = {},
): PathUse | Refusal {
  const why = pathProblem(path, within, o);
  return why === undefined ? { path, access, within } : refuse('path-outside-lesson', word, why);
}

/** Whether `child` is `parent` or below it (both absolute and normalised, with `sep` as separator). */
export function isInside(child: string, parent: string, sep = '/'): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}
