/**
 * API server errors as values, and how kubectl prints them (kubectl's StandardErrorMessage):
 * `Error from server (Reason): message`, `Error from server: message` for webhook denials (no
 * reason), and `The Kind "name" is invalid: cause` (one cause) or a `* cause` list for Invalid.
 */
export type ApiError =
  | { reason: 'NotFound' | 'AlreadyExists' | 'BadRequest' | 'Forbidden' | 'Conflict'; message: string }
  | { reason: 'Invalid'; kind: string; group: string; name: string; causes: string[] }
  | { reason: ''; message: string };

export function isApiError(x: unknown): x is ApiError {
  return typeof x === 'object' && x !== null && 'reason' in x && !('apiVersion' in x);
}

/**
 * kubectl's stderr line(s) for an API error; `wrap` is what cmdutil.AddSourceToErr puts before the
 * server's message (`error when creating "STDIN"`). A lone Invalid error is printed from its
 * details (checkErr: `The Kind "name" is invalid: ...`, no wrap); `inList` is for one of several
 * errors (MultipleErrors -> StandardErrorMessage), where an Invalid error shows its status message,
 * `Kind.group "name" is invalid: cause` or `...: [cause, cause]`, wrapped like any other.
 */
export function formatApiError(e: ApiError, wrap?: string, inList = false): string {
  if (e.reason === 'Invalid' && inList) {
    const agg = e.causes.length === 1 ? e.causes[0] : `[${e.causes.join(', ')}]`;
    const msg = `${e.group ? `${e.kind}.${e.group}` : e.kind} "${e.name}" is invalid: ${agg}`;
    return `Error from server (Invalid): ${wrap ? `${wrap}: ${msg}` : msg}`;
  }
  if (e.reason === 'Invalid') {
    const head = `The ${e.kind} "${e.name}" is invalid`;
    return e.causes.length === 1 ? `${head}: ${e.causes[0]}` : `${head}: \n${e.causes.map((c) => `* ${c}`).join('\n')}`;
  }
  const msg = wrap ? `${wrap}: ${e.message}` : e.message;
  return e.reason ? `Error from server (${e.reason}): ${msg}` : `Error from server: ${msg}`;
}

/** A client-side error (text) or the server's error with what kubectl's AddSourceToErr puts before it. */
export type KubectlError = string | { api: ApiError; wrap: string };

/**
 * The errors of a visitor that continues on error (apply -f, create -f), as checkErr prints them:
 * a lone one as itself (client-side text with "error: ", Invalid from its details), several as
 * MultipleErrors does (no "error: ", Invalid from its status message).
 */
export function formatKubectlErrors(errors: KubectlError[]): string[] {
  const one = errors.length === 1;
  return errors.map((e) => {
    if (typeof e === 'string') return one ? `error: ${e}` : e;
    return formatApiError(e.api, one && e.api.reason === 'Invalid' ? undefined : e.wrap, !one);
  });
}
