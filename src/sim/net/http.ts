/** HTTP as the simulated network carries it between curl, proxies and the application models. */

/** Header list in order; names as written by the sender. */
export type Headers = [name: string, value: string][];

export interface HttpRequestOut {
  method: string;
  /** Path with query. */
  path: string;
  /** Header list as the app (or proxy) receives it; includes Host. */
  headers: Headers;
  body: string;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
  /** The server speaks HTTP/1.0 (Python http.server); proxies answer 1.1 regardless. */
  http10?: boolean;
  /** Simulated seconds the server took (httpbin /delay/N). */
  delaySeconds?: number;
}

/** How the connection ended when no HTTP response came back: curl's exit code and message. */
export interface NetFailure {
  curlCode: 6 | 7 | 28 | 35 | 52 | 56 | 58 | 60 | 77;
  message: string;
}

export type Exchange =
  | { kind: 'response'; response: HttpResponse; httpVersion: '1.1' | '2'; tls?: TlsInfo }
  | { kind: 'failure'; failure: NetFailure; tls?: TlsInfo };

/** What curl -v shows about the server certificate. */
export interface TlsInfo {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  subjectAltName?: string;
  /** Verification result text when not verified ("self-signed certificate"). */
  verifyError?: string;
  alpn: 'h2' | 'http/1.1';
  /** The server asked for a client certificate (tls.mode MUTUAL): curl -v shows Request CERT. */
  clientCertRequested?: boolean;
  /** curl had a client certificate to send (--cert). */
  clientCertSent?: boolean;
  /** The server sent an alert after the handshake (curl -v: `TLS alert`). */
  alert?: boolean;
}

export function header(h: Headers, name: string): string | undefined {
  const n = name.toLowerCase();
  return h.find(([k]) => k.toLowerCase() === n)?.[1];
}

export const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  418: "I'm a teapot",
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function statusText(code: number): string {
  return STATUS_TEXT[code] ?? '';
}

/** A small deterministic hex digest (FNV-1a based) for request ids and XFCC hashes: same input, same id. */
export function fakeHex(input: string, length: number): string {
  let out = '';
  let h = 0x811c9dc5;
  for (let round = 0; out.length < length; round++) {
    for (let i = 0; i < input.length; i++) h = Math.imul(h ^ input.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ round, 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

/** A stable ephemeral port (Linux's default range 32768-60999) for a connection the simulator does not track. */
export function ephemeralPort(seed: string): number {
  return 32768 + (parseInt(fakeHex(seed, 4), 16) % 28000);
}

let requestSeq = 0;

/**
 * Envoy's x-request-id: a fresh UUID for every request. Drawn from the cluster clock and
 * the request's place in this process, so it differs between requests yet is the same run after
 * run when a test pins the clock.
 */
export function requestId(now: number, input: string): string {
  return fakeUuid(`${input} ${now} ${requestSeq++}`);
}

/** An HTTP `date:` header value for the cluster clock (ms since the epoch). */
export function httpDate(now: number): string {
  return new Date(now).toUTCString();
}

export function fakeUuid(input: string): string {
  const h = fakeHex(input, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
