/**
 * The simulated curl: real curl's output text and exit codes for the flags lessons use
 * (curl-args.ts), over the simulated network (transport.ts).
 */
import type { ClusterView, ProcessOrigin, ProcessResult } from '../types.js';
import { NOT_SIMULATED_EXIT } from '../types.js';
import type { Exchange, Headers, HttpRequestOut } from './http.js';
import { header } from './http.js';
import { parseCurlArgs, type CurlOptions } from '../../http/curl-args.js';
import { curlMethod } from '../../http/curl-request.js';
import { send } from './transport.js';
import type { Outgoing } from './outgoing.js';
import {
  exchangeHttpVersion,
  headerBlock,
  progressMeter,
  verboseConnect,
  verboseRequest,
  verboseResponse,
  verboseTls,
  verboseTlsFailure,
  DEFAULT_CA_FILE,
  writeOut,
} from './curl-output.js';
import { CERT_HELP } from './tls.js';
import { NotSimulated } from './not-simulated.js';
import { appContainer } from './cluster-index.js';
import { tlsFiles } from './curl-files.js';
import { meshOf } from './mesh-of.js';

const TRY_HELP = "curl: try 'curl --help' or 'curl --manual' for more information\n";

/** A program's result plus the simulated wall-clock seconds it took. */
export type TimedResult = ProcessResult & { seconds?: number };

export function runCurl(origin: ProcessOrigin, argv: readonly string[], view: ClusterView, cwd?: string): TimedResult {
  const parsed = parseCurlArgs(argv.slice(1));
  if (!parsed.ok) {
    if ('missingValue' in parsed)
      return {
        stdout: '',
        stderr: `curl: option ${parsed.missingValue}: requires parameter\n${TRY_HELP}`,
        exitCode: 2,
      };
    return {
      stdout: '',
      stderr: `meshwalk sim: curl option ${parsed.unknown} is not simulated\n`,
      exitCode: NOT_SIMULATED_EXIT,
    };
  }
  const o = parsed.options;
  if (o.urls.length === 0) return { stdout: '', stderr: `curl: no URL specified\n${TRY_HELP}`, exitCode: 2 };
  if (o.urls.length > 1)
    return {
      stdout: '',
      stderr: 'meshwalk sim: curl with more than one URL is not simulated\n',
      exitCode: NOT_SIMULATED_EXIT,
    };
  try {
    return curlOnce(origin, o, view, cwd);
  } catch (e) {
    if (e instanceof NotSimulated)
      return { stdout: '', stderr: `meshwalk sim: ${e.message}\n`, exitCode: NOT_SIMULATED_EXIT };
    throw e;
  }
}

function curlOnce(origin: ProcessOrigin, o: CurlOptions, view: ClusterView, cwd?: string): TimedResult {
  let stdout = '';
  let stderr = '';
  // Simulated seconds the transfer took (server delays, timeouts), for `time curl ...`.
  let seconds = 0;
  const fail = (code: number, message: string, extra = ''): TimedResult => {
    if (!o.silent || o.showError) stderr += `curl: (${code}) ${message}\n${extra}`;
    return { stdout, stderr, exitCode: code, seconds };
  };
  // curl reads these files only to set up TLS (lib/vtls/openssl.c): an http:// URL never opens them.
  const files = tlsFiles(o, origin, view, cwd);
  const { cacert, clientCert } = files;
  // Header dumps into files are not modeled (a pod's filesystem is not simulated).
  if (o.dumpHeader !== undefined && o.dumpHeader !== '-' && o.dumpHeader !== '/dev/null')
    throw new NotSimulated(`curl -D ${o.dumpHeader} (writing files is not simulated; use -D -)`);
  const mesh = meshOf(view);
  let urlText = o.urls[0]!;
  let redirects = 0;
  let method = curlMethod(o);
  for (;;) {
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(urlText) ? urlText : `http://${urlText}`;
    let url: URL;
    try {
      url = new URL(withScheme);
    } catch {
      return fail(3, 'URL rejected: Malformed input to a URL function');
    }
    const scheme = url.protocol.replace(':', '');
    if (scheme !== 'http' && scheme !== 'https') return fail(1, `Protocol "${scheme}" not supported`);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
    const path = `${url.pathname || '/'}${url.search}`;
    const out = { ...outgoing(o, scheme, host, port, path, method, origin), cacert, clientCert };
    // The TLS files are read once the TCP connection is up (lib/vtls/openssl.c: the client
    // certificate and key while setting up the TLS context, the CA file after the Client hello):
    // a name that does not resolve, a refused or timed-out connection fails first. A file that
    // cannot be read ends the handshake there, so the connection is tried without it.
    const unreadable = scheme === 'https' ? files.failure : undefined;
    const sent = send(
      origin,
      unreadable ? { ...out, insecure: true, hasClientCert: false, cacert: undefined, clientCert: undefined } : out,
      view,
      mesh,
    );
    for (const n of new Set(sent.notices)) stderr += `${n}\n`;
    let ex: Exchange = sent.exchange;
    const fileFailure =
      unreadable && !(ex.kind === 'failure' && [6, 7, 28].includes(ex.failure.curlCode)) ? unreadable : undefined;
    if (fileFailure) ex = { kind: 'failure', failure: fileFailure };
    // A refused or timed-out connect: curl logs its attempt, not a connection.
    const connectFailed =
      ex.kind === 'failure' &&
      (ex.failure.curlCode === 7 || (ex.failure.curlCode === 28 && ex.failure.message.startsWith('Failed to connect')));
    if (o.verbose && sent.remoteIp && (ex.kind === 'response' || ex.failure.curlCode >= 7))
      stderr += verboseConnect(host, sent.remoteIp, out.connectPort, out.connectHost, !connectFailed);
    if (o.verbose && fileFailure?.curlCode === 77) stderr += verboseTlsFailure(undefined);
    // curl gives up after --max-time seconds of a slow server.
    const limit = o.maxTime ?? Infinity;
    // A connection that never completes: --connect-timeout or --max-time ends it first
    // (lib/multi.c: "Connection timed out after N milliseconds" while still connecting).
    const connectLimit = Math.min(limit, o.connectTimeout ?? Infinity);
    if (
      ex.kind === 'failure' &&
      ex.failure.curlCode === 28 &&
      ex.failure.message.includes('after 130000 ms') &&
      connectLimit < 130
    ) {
      ex = {
        kind: 'failure',
        failure: {
          curlCode: 28,
          message: `Connection timed out after ${Math.round(connectLimit * 1000) + 1} milliseconds`,
        },
      };
    }
    if (ex.kind === 'response' && (ex.response.delaySeconds ?? 0) > limit) {
      ex = {
        kind: 'failure',
        failure: {
          curlCode: 28,
          message: `Operation timed out after ${Math.round(limit * 1000) + 1} milliseconds with 0 bytes received`,
        },
      };
    }
    if (ex.kind === 'response') seconds += ex.response.delaySeconds ?? 0;
    else if (ex.failure.curlCode === 28)
      seconds += ex.failure.message.startsWith('Connection timed out')
        ? connectLimit
        : ex.failure.message.startsWith('Operation timed out')
          ? limit
          : 130;
    const version = exchangeHttpVersion(ex);
    if (o.verbose && ex.tls)
      stderr += ex.kind === 'response' ? verboseTls(ex.tls, out.host, caFile(o)) : verboseTlsFailure(ex.tls, caFile(o));
    if (ex.kind === 'failure') {
      if (!o.silent && !o.verbose) stderr += progressMeter(0, true);
      const values = writeValues(o, ex, urlText, method, scheme, port, sent.remoteIp, redirects);
      if (o.writeOut !== undefined) {
        const w = writeOut(o.writeOut, values);
        stdout += w.stdout;
        stderr += w.stderr;
      }
      return fail(ex.failure.curlCode, ex.failure.message, ex.failure.curlCode === 60 ? `${CERT_HELP}\n` : '');
    }
    const res = ex.response;
    // Envoy and HTTP/2 send lower-case header names; the apps behind no proxy send canonical ones.
    const lowercase = version === '2' || header(res.headers, 'server')?.includes('envoy') === true;
    if (o.verbose)
      stderr += verboseRequest(version, method, path, out.request.headers) + verboseResponse(version, res, lowercase);
    // -D -/-i/-I: every response's header block, redirects included (curl writes them as they arrive).
    if (o.dumpHeader === '-') stdout += headerBlock(version, res, lowercase);
    const location = header(res.headers, 'location');
    if (o.location && location && res.status >= 300 && res.status < 400 && redirects < 50) {
      if ((o.include || o.head) && (o.output === undefined || o.output === '-'))
        stdout += headerBlock(version, res, lowercase);
      redirects++;
      urlText = new URL(location, withScheme).toString();
      if (res.status === 301 || res.status === 302 || res.status === 303)
        method = o.method ?? (o.head ? 'HEAD' : 'GET');
      continue;
    }
    const failed = (o.fail || o.failWithBody) && res.status >= 400;
    const body = method === 'HEAD' ? '' : res.body;
    let visible = '';
    if (o.include || o.head) visible += headerBlock(version, res, lowercase);
    if (!failed || o.failWithBody) visible += body;
    if (o.output === undefined || o.output === '-') stdout += visible;
    if (!o.silent && !o.verbose) stderr = progressMeter(Buffer.byteLength(body), false) + stderr;
    if (o.verbose) stderr += `{ [${Buffer.byteLength(body)} bytes data]\n* Connection #0 to host ${host} left intact\n`;
    const exitCode = failed ? 22 : 0;
    if (o.writeOut !== undefined) {
      const w = writeOut(o.writeOut, {
        ...writeValues(o, ex, urlText, method, scheme, port, sent.remoteIp, redirects),
        exitCode,
      });
      stdout += w.stdout;
      stderr += w.stderr;
    }
    if (failed) return fail(22, `The requested URL returned error: ${res.status}`);
    return { stdout, stderr, exitCode: 0, seconds };
  }
}

/** The CA file curl loads to verify the peer (none with -k). */
function caFile(o: CurlOptions): string | undefined {
  return o.insecure ? undefined : (o.cacert ?? DEFAULT_CA_FILE);
}

/** curl's request for one URL: --connect-to, --resolve, headers as curl sends them (explain shares it). */
export function outgoing(
  o: CurlOptions,
  scheme: 'http' | 'https',
  host: string,
  port: number,
  path: string,
  method: string,
  origin: ProcessOrigin,
): Outgoing {
  let connectHost = host;
  let connectPort = port;
  for (const c of o.connectTo) {
    const [h1 = '', p1 = '', h2 = '', p2 = ''] = c.split(':');
    if ((h1 === '' || h1 === host) && (p1 === '' || Number(p1) === port)) {
      if (h2) connectHost = h2;
      if (p2) connectPort = Number(p2);
      break;
    }
  }
  let resolveTo: string | undefined;
  for (const r of o.resolve) {
    const m = /^(.+?):(\d+|\*):(.+)$/.exec(r);
    if (m && m[1] === connectHost && (m[2] === '*' || Number(m[2]) === connectPort)) resolveTo = m[3]!.split(',')[0];
  }
  const defaultPort = scheme === 'https' ? 443 : 80;
  const headers: Headers = [
    ['Host', port === defaultPort ? host : `${host}:${port}`],
    ['User-Agent', o.userAgent ?? userAgent(origin)],
    ['Accept', '*/*'],
  ];
  if (o.user !== undefined) headers.push(['Authorization', `Basic ${Buffer.from(o.user).toString('base64')}`]);
  if (o.data !== undefined)
    headers.push(
      ['Content-Length', String(Buffer.byteLength(o.data))],
      ['Content-Type', 'application/x-www-form-urlencoded'],
    );
  // -b: curl sends its cookies unless a custom `Cookie:` header replaces them (lib/http.c).
  if (o.cookies.length > 0) headers.push(['Cookie', o.cookies.join('; ')]);
  for (const h of o.headers) {
    const colon = h.indexOf(':');
    const semi = h.indexOf(';');
    if (colon === -1 && semi === h.length - 1) {
      setHeader(headers, h.slice(0, -1), '');
      continue;
    }
    if (colon === -1) continue;
    const name = h.slice(0, colon).trim();
    const value = h.slice(colon + 1).trim();
    if (value === '') removeHeader(headers, name);
    else setHeader(headers, name, value);
  }
  const request: HttpRequestOut = { method, path, headers, body: o.data ?? '' };
  return {
    scheme,
    host,
    port,
    connectHost,
    connectPort,
    resolveTo,
    request,
    insecure: o.insecure,
    hasClientCert: o.cert !== undefined,
  };
}

function setHeader(h: Headers, name: string, value: string): void {
  const i = h.findIndex(([k]) => k.toLowerCase() === name.toLowerCase());
  if (i === -1) h.push([name, value]);
  else h[i] = [name, value];
}

function removeHeader(h: Headers, name: string): void {
  const i = h.findIndex(([k]) => k.toLowerCase() === name.toLowerCase());
  if (i !== -1) h.splice(i, 1);
}

function userAgent(origin: ProcessOrigin): string {
  if (origin.kind === 'pod') {
    const image = String(appContainer(origin.pod)?.image ?? '');
    const m = /curl:(\d+\.\d+\.\d+)/.exec(image);
    if (m) return `curl/${m[1]}`;
  }
  return 'curl/8.5.0';
}

function writeValues(
  o: CurlOptions,
  ex: Exchange,
  url: string,
  method: string,
  scheme: string,
  port: number,
  remoteIp: string | undefined,
  redirects: number,
) {
  const res = ex.kind === 'response' ? ex.response : undefined;
  return {
    httpCode: res?.status ?? 0,
    httpVersion: exchangeHttpVersion(ex),
    exitCode: ex.kind === 'failure' ? ex.failure.curlCode : 0,
    errorMessage: ex.kind === 'failure' ? ex.failure.message : '',
    sizeDownload: res && method !== 'HEAD' ? Buffer.byteLength(res.body) : 0,
    sizeHeader: res ? res.headers.reduce((n, [k, v]) => n + k.length + v.length + 4, 20) : 0,
    contentType: (res && header(res.headers, 'content-type')) ?? '',
    remoteIp: remoteIp ?? '',
    remotePort: port,
    url: /^[a-z]+:\/\//.test(url) ? url : `http://${url}`,
    method,
    scheme: scheme.toUpperCase(),
    numRedirects: redirects,
    headers: res?.headers ?? [],
  };
}
