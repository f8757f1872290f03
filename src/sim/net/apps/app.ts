/** An application model: what a container image answers on its port. */
import type { Headers, HttpResponse } from '../http.js';

export interface AppRequest {
  method: string;
  /** Path with query. */
  path: string;
  /** Headers as the app receives them (after the proxies). */
  headers: Headers;
  body: string;
  /** Client address as the app sees it (127.0.0.6 behind a sidecar). */
  clientIp: string;
  /** URL scheme the client used (for httpbin's `url`). */
  scheme: 'http' | 'https';
  /**
   * An HTTP GET the application itself makes from its pod (Bookinfo's productpage calls details
   * and reviews), through the pod's sidecar like any outbound call. undefined: no response.
   */
  call?: (url: string, headers?: Headers) => HttpResponse | undefined;
}

export interface App {
  /** What the model is, for notices and explain. */
  name: string;
  /** Ports the app listens on. */
  ports: readonly number[];
  /** Set when the image is unknown and the model is a guess (a one-line notice is printed). */
  guessed?: string;
  handle(req: AppRequest): HttpResponse;
  /** Ports where the app itself terminates TLS (nginx `listen 443 ssl`), with the PEM chain it serves. */
  tls?: Readonly<Record<number, string>>;
  /**
   * For servers that speak raw TCP (nc's peers): what the server writes back, given all the client
   * sent before half-closing its side, after which the server closes. Absent: the app speaks HTTP only.
   */
  tcp?(input: string): string;
}

export function json(status: number, body: unknown, extra: Headers = []): HttpResponse {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  return {
    status,
    headers: [['content-type', 'application/json'], ...extra, ['content-length', String(Buffer.byteLength(text))]],
    body: text,
  };
}

export function text(
  status: number,
  body: string,
  type = 'text/plain; charset=utf-8',
  extra: Headers = [],
): HttpResponse {
  return {
    status,
    headers: [['content-type', type], ...extra, ['content-length', String(Buffer.byteLength(body))]],
    body,
  };
}

/** Header-Name canonical form, as Go and Werkzeug print them. */
export function canonical(name: string): string {
  return name
    .toLowerCase()
    .split('-')
    .map((p) => (p ? p[0]!.toUpperCase() + p.slice(1) : p))
    .join('-');
}
