/**
 * httpbin, in the three images Istio's samples used (samples/httpbin/httpbin.yaml at each release tag): kennethreitz/httpbin
 * and kong/httpbin (Python; header values as strings) and mccutchen/go-httpbin (header values as
 * JSON arrays). Endpoints: /ip /headers /get /post /put /patch /delete /anything /status/N
 * /delay/N /user-agent /uuid; other paths 404, wrong methods 405.
 */
import type { HttpResponse } from '../http.js';
import { ephemeralPort, fakeUuid } from '../http.js';
import { canonical, json, text, type App, type AppRequest } from './app.js';

export type HttpbinFlavor = 'python' | 'go';

const TEAPOT = `
    -=[ teapot ]=-

       _...._
     .'  _ _ \`.
    | ."\` ^ \`". _,
    \\_;\`"---"\`|//
      |       ;/
      \\_     _/
        \`"""\`
`;

const CORS: [string, string][] = [
  ['access-control-allow-origin', '*'],
  ['access-control-allow-credentials', 'true'],
];

/**
 * `image`: go-httpbin before v2.18.2 reports the peer as Go's RemoteAddr, `ip:port`
 * (httpbin/helpers.go getClientIP; v2.18.2 "fix: `/ip` should not include port number" splits
 * the port off). Istio's samples use v2.15.0.
 */
export function httpbin(flavor: HttpbinFlavor, ports: readonly number[], image = ''): App {
  const opts: Options = { flavor, peerWithPort: flavor === 'go' && goBefore2182(image) };
  return { name: flavor === 'go' ? 'go-httpbin' : 'httpbin', ports, handle: (req) => handle(opts, req) };
}

interface Options {
  flavor: HttpbinFlavor;
  peerWithPort: boolean;
}

/** A tag older than v2.18.2; no tag (latest) or a digest is newer. */
function goBefore2182(image: string): boolean {
  const m = /:v?(\d+)\.(\d+)\.(\d+)$/.exec(image.split('@')[0] ?? '');
  if (!m) return false;
  const [maj, min, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return maj < 2 || (maj === 2 && (min < 18 || (min === 18 && patch < 2)));
}

/**
 * The Python httpbin hides these from /headers, /get and every echo unless the query has
 * `show_env` (httpbin/helpers.py ENV_HEADERS and get_headers(hide_env=True): the headers a
 * hosting proxy adds). go-httpbin hides none by default (httpbin/helpers.go getRequestHeaders:
 * only its -exclude-headers option removes any).
 */
const ENV_HEADERS = new Set([
  'X-Varnish',
  'X-Request-Start',
  'X-Heroku-Queue-Depth',
  'X-Real-Ip',
  'X-Forwarded-Proto',
  'X-Forwarded-Protocol',
  'X-Forwarded-Ssl',
  'X-Heroku-Queue-Wait-Time',
  'X-Forwarded-For',
  'X-Heroku-Dynos-In-Use',
  'X-Forwarded-Port',
  'X-Request-Id',
  'Via',
  'Total-Route-Time',
  'Connect-Time',
]);

function query(req: AppRequest): URLSearchParams {
  const q = req.path.indexOf('?');
  return new URLSearchParams(q === -1 ? '' : req.path.slice(q + 1));
}

function headerObject(flavor: HttpbinFlavor, req: AppRequest): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const hideEnv = flavor === 'python' && !query(req).has('show_env');
  for (const [k, v] of req.headers) {
    const name = canonical(k);
    if (hideEnv && ENV_HEADERS.has(name)) continue;
    if (flavor === 'go') out[name] = [...((out[name] as string[] | undefined) ?? []), v];
    else out[name] = out[name] === undefined ? v : `${out[name] as string},${v}`;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function requestHeader(req: AppRequest, name: string): string | undefined {
  return req.headers.find(([k]) => k.toLowerCase() === name)?.[1];
}

/**
 * The client address httpbin reports. Python: the X-Forwarded-For header as sent, else the peer
 * (helpers.py get_dict, core.py view_origin). Go: Fly-Client-IP, CF-Connecting-IP,
 * Fastly-Client-IP, True-Client-IP, then the first X-Forwarded-For entry, else the peer
 * (helpers.go getClientIP).
 */
function origin(o: Options, req: AppRequest): string {
  const xff = requestHeader(req, 'x-forwarded-for');
  if (o.flavor === 'python') return xff ?? req.clientIp;
  for (const h of ['fly-client-ip', 'cf-connecting-ip', 'fastly-client-ip', 'true-client-ip']) {
    const v = requestHeader(req, h);
    if (v) return v;
  }
  if (xff) return xff.split(',')[0]!.trim();
  return o.peerWithPort
    ? `${req.clientIp}:${ephemeralPort(`${req.clientIp} ${req.method} ${req.path}`)}`
    : req.clientIp;
}

/**
 * The scheme of the URL httpbin echoes: X-Forwarded-Proto, else X-Forwarded-Protocol, else https
 * when X-Forwarded-Ssl is `on`, else the connection's (helpers.py get_url, helpers.go getURL).
 */
function urlScheme(req: AppRequest): string {
  const proto = requestHeader(req, 'x-forwarded-proto') || requestHeader(req, 'x-forwarded-protocol');
  if (proto) return proto;
  if (requestHeader(req, 'x-forwarded-ssl') === 'on') return 'https';
  return req.scheme;
}

function echo(o: Options, req: AppRequest, withBody: boolean): Record<string, unknown> {
  const { flavor } = o;
  const args: Record<string, string | string[]> = {};
  // Go: every value in an array (url.Values). Python: one value as a string, several as a list
  // (helpers.py semiflatten).
  for (const [k, v] of query(req)) {
    const had = args[k];
    args[k] =
      flavor === 'go' || had !== undefined ? [...(had === undefined ? [] : Array.isArray(had) ? had : [had]), v] : v;
  }
  const host = requestHeader(req, 'host') ?? '';
  const out: Record<string, unknown> = {
    args,
    headers: headerObject(flavor, req),
    origin: origin(o, req),
    url: `${urlScheme(req)}://${host}${req.path}`,
  };
  if (flavor === 'go') out['method'] = req.method;
  if (withBody) {
    const type = req.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
    const form: Record<string, string> = {};
    if (type.startsWith('application/x-www-form-urlencoded'))
      for (const [k, v] of new URLSearchParams(req.body)) form[k] = v;
    let parsed: unknown = null;
    if (type.startsWith('application/json')) {
      try {
        parsed = JSON.parse(req.body);
      } catch {
        parsed = null;
      }
    }
    Object.assign(out, {
      data: type.startsWith('application/x-www-form-urlencoded') ? '' : req.body,
      files: {},
      form,
      json: parsed,
    });
  }
  return out;
}

function handle(o: Options, req: AppRequest): HttpResponse {
  const { flavor } = o;
  const path = req.path.split('?')[0] ?? '/';
  const m = req.method.toUpperCase();
  const getLike = m === 'GET' || m === 'HEAD';
  const notAllowed = (): HttpResponse =>
    flavor === 'go'
      ? text(405, 'Method Not Allowed\n')
      : text(
          405,
          '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n',
          'text/html',
        );
  const withCors = (r: HttpResponse): HttpResponse => ({
    ...r,
    headers: [...r.headers.slice(0, 1), ...CORS, ...r.headers.slice(1)],
  });
  if (path === '/ip') return getLike ? withCors(json(200, { origin: origin(o, req) })) : notAllowed();
  if (path === '/headers') return getLike ? withCors(json(200, { headers: headerObject(flavor, req) })) : notAllowed();
  if (path === '/user-agent')
    return withCors(
      json(200, { 'user-agent': req.headers.find(([k]) => k.toLowerCase() === 'user-agent')?.[1] ?? '' }),
    );
  if (path === '/uuid') return withCors(json(200, { uuid: fakeUuid(req.path + JSON.stringify(req.headers)) }));
  if (path === '/get') return getLike ? withCors(json(200, echo(o, req, false))) : notAllowed();
  for (const verb of ['post', 'put', 'patch', 'delete'] as const)
    if (path === `/${verb}`) return m === verb.toUpperCase() ? withCors(json(200, echo(o, req, true))) : notAllowed();
  if (path === '/anything' || path.startsWith('/anything/'))
    return withCors(json(200, { ...echo(o, req, true), method: m }));
  const status = /^\/status\/(\d{3})$/.exec(path);
  if (status) return statusReply(flavor, Number(status[1]));
  const delay = /^\/delay\/(\d+(?:\.\d+)?)$/.exec(path);
  if (delay) return { ...withCors(json(200, echo(o, req, !getLike))), delaySeconds: Math.min(Number(delay[1]), 10) };
  if (path === '/' && getLike)
    return text(
      200,
      flavor === 'go'
        ? '<!DOCTYPE html>\n<html><head><title>go-httpbin</title></head><body>go-httpbin</body></html>\n'
        : '<!DOCTYPE html>\n<html><head><title>httpbin.org</title></head><body>httpbin.org</body></html>\n',
      'text/html; charset=utf-8',
    );
  return flavor === 'go'
    ? text(404, '404 page not found\n')
    : text(
        404,
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server.  If you entered the URL manually please check your spelling and try again.</p>\n',
        'text/html',
      );
}

function statusReply(flavor: HttpbinFlavor, code: number): HttpResponse {
  if (code === 418) {
    const r = text(418, TEAPOT, 'text/plain', [['x-more-info', 'http://tools.ietf.org/html/rfc2324']]);
    return { ...r, headers: [...CORS, ...r.headers] };
  }
  if (code === 401)
    return {
      status: 401,
      headers: [...CORS, ['www-authenticate', 'Basic realm="Fake Realm"'], ['content-length', '0']],
      body: '',
    };
  if (code >= 300 && code < 400 && code !== 304)
    return { status: code, headers: [...CORS, ['location', '/redirect/1'], ['content-length', '0']], body: '' };
  void flavor;
  return {
    status: code,
    headers: [...CORS, ['content-type', 'text/html; charset=utf-8'], ['content-length', '0']],
    body: '',
  };
}
