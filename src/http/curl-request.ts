/**
 * One request as curl makes it, and who makes it: the thing `meshwalk explain` decides on. The
 * simulated curl sends the same options (curl-args.ts), `meshwalk explain` builds them from its
 * flags, and the TUI's why? from the failed probe's own curl command line, parsed once.
 */
import { defaultCurlOptions, parseCurlArgs, type CurlOptions } from './curl-args.js';

/** Who sends the request: a Deployment or Pod NAME in NAMESPACE, or the learner's machine. */
export type RequestFrom = { kind: 'workload'; namespace: string; name: string } | { kind: 'outside' };

export interface CurlRequest {
  from: RequestFrom;
  /** curl's options; `urls` holds the one URL the request goes to. */
  curl: CurlOptions;
}

/** The request of `curl ARGS` run by `from`, or why it is not one request. */
export function curlRequest(
  from: RequestFrom,
  args: readonly string[],
): { ok: true; request: CurlRequest } | { ok: false; error: string } {
  const parsed = parseCurlArgs(args);
  if (!parsed.ok)
    return {
      ok: false,
      error: 'unknown' in parsed ? `curl option ${parsed.unknown}` : `curl option ${parsed.missingValue} needs a value`,
    };
  if (parsed.options.urls.length !== 1)
    return { ok: false, error: parsed.options.urls.length ? 'curl with more than one URL' : 'curl with no URL' };
  return { ok: true, request: { from, curl: parsed.options } };
}

/** `meshwalk explain`'s flags, which are curl's (`-X`, `-H`, `--resolve`, `--connect-to`), plus `--token`. */
export interface RequestFlags {
  url: string;
  method?: string;
  headers?: readonly string[];
  /** A JWT sent as `Authorization: Bearer TOKEN`. */
  token?: string;
  resolve?: readonly string[];
  connectTo?: readonly string[];
}

/** The request `meshwalk explain --from … --to URL …` describes, as curl would make it. */
export function flagsRequest(from: RequestFrom, f: RequestFlags): CurlRequest {
  const curl = defaultCurlOptions();
  curl.urls.push(f.url);
  if (f.method !== undefined) curl.method = f.method.toUpperCase();
  curl.headers.push(...(f.headers ?? []), ...(f.token ? [`Authorization: Bearer ${f.token}`] : []));
  curl.resolve.push(...(f.resolve ?? []));
  curl.connectTo.push(...(f.connectTo ?? []));
  return { from, curl };
}

/** The method curl sends: -X, else HEAD for -I, POST with a body (-d), else GET. */
export function curlMethod(o: CurlOptions): string {
  return o.method ?? (o.head ? 'HEAD' : o.data !== undefined ? 'POST' : 'GET');
}
