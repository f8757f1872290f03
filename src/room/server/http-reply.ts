/**
 * How every answer leaves the room server: the same security headers on each, JSON made safe to
 * sit anywhere in a page, and one-line errors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The page loads only its own files and talks only to this server; nothing may frame it. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Set on every response. No CORS headers ever: no other origin may read an answer. */
export function securityHeaders(res: ServerResponse, api: boolean): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  if (api) res.setHeader('Cache-Control', 'no-store');
}

/** JSON with `<`, `>`, `&` and the JavaScript line separators escaped: the same value, inert in HTML. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = safeJson(value);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

/** `{"error": "..."}`, plus any fields the protocol adds (409's `expected`). */
export function sendError(
  res: ServerResponse,
  status: number,
  error: string,
  o: { headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
): void {
  sendJson(res, status, { error, ...o.extra }, o.headers);
}

/** The bearer token of a request, if it carries one. */
export function bearer(req: IncomingMessage): string | undefined {
  const m = /^Bearer +([A-Za-z0-9._~+/=-]{1,512})$/.exec(req.headers.authorization ?? '');
  return m?.[1];
}
