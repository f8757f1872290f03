/**
 * security.CheckValidPathTemplate (pkg/config/security/security.go, 1.22.0-1.31.0-rc.0), run by istiod's
 * validation on `paths` and `notPaths`: a template operator after `{**}`, a `{` or `}` outside `{*}` and
 * `{**}`, or (in a path that uses templates) a segment that is not RFC 3986 pchar is rejected. The message
 * shows the path with its leading and trailing slashes trimmed, as Istio's loop does.
 */

const ONE = '{*}';
const ANY = '{**}';
const LITERAL = /^[a-zA-Z0-9\-._~%!$&'()+,;:@=]+$/;

/** The first error for `key` ("Paths" or "NotPaths"), or undefined. */
export function pathTemplateError(key: string, paths: readonly string[]): string | undefined {
  for (const raw of paths) {
    const template = raw.includes(ONE) || raw.includes(ANY);
    const path = raw.replace(/^\/+|\/+$/g, '');
    const head = `invalid or unsupported path ${path}, found in ${key}`;
    let any = false;
    for (const glob of path.split('/')) {
      if (glob === ONE && !any) continue;
      if (glob === ANY && !any) {
        any = true;
        continue;
      }
      if ((glob === ANY || glob === ONE) && any) {
        return `${head}. {**} is not the last operator`;
      }
      if (/[{}]/.test(glob)) {
        return `${head}. Contains '{' or '}' beyond a supported path template`;
      }
      if (template && !LITERAL.test(glob)) {
        return `${head}. Contains segment ${glob} with invalid string literal`;
      }
    }
  }
  return undefined;
}
