/**
 * What a client sees when a proxy or the kernel, not the application, ends a request: Envoy's
 * local replies (`server: envoy` from a sidecar, `istio-envoy` from a gateway) and curl's
 * failures for refused, timed-out, reset and closed connections and failed handshakes. The
 * stages record each one as a step of the request's path (path-trace.ts `ended`).
 */
import type { Exchange, Headers, HttpResponse, NetFailure } from './http.js';

const DATE: [string, string] = ['date', 'Thu, 01 Jan 2026 00:00:00 GMT'];

/** The client sidecar's 503 body when nothing listens on the upstream port. */
export const CONNECT_REFUSED_BODY =
  'upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure, transport failure reason: delayed connect error: Connection refused';

export const RESET: NetFailure = { curlCode: 56, message: 'Recv failure: Connection reset by peer' };
export const EMPTY_REPLY: NetFailure = { curlCode: 52, message: 'Empty reply from server' };

/** A reply made by an Envoy (`server: envoy` from a sidecar, `istio-envoy` from the gateway). */
export function envoyResponse(status: number, body: string, server: string, extra: Headers = []): HttpResponse {
  return {
    status,
    headers: [...extra, ['content-length', String(Buffer.byteLength(body))], DATE, ['server', server]],
    body,
  };
}

export function envoyExchange(status: number, body: string, server: string, extra: Headers = []): Exchange {
  return { kind: 'response', httpVersion: '1.1', response: envoyResponse(status, body, server, extra) };
}

/** The client sidecar's own 503 (no healthy upstream, refused or reset upstream connection). */
export function sidecar503(body: string): Exchange {
  return {
    kind: 'response',
    httpVersion: '1.1',
    response: {
      status: 503,
      headers: [['content-length', String(body.length)], ['content-type', 'text/plain'], DATE, ['server', 'envoy']],
      body,
    },
  };
}

export function failed(failure: NetFailure): Exchange {
  return { kind: 'failure', failure };
}

/** The peer closed the connection during curl's TLS handshake. */
export function tlsReset(host: string, port: number): NetFailure {
  return {
    curlCode: 35,
    message: `OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to ${host.split(':')[0]}:${port} `,
  };
}

/** Nothing listens: the kernel refuses (curl names the host it connected to). */
export function connectRefused(host: string, port: number): NetFailure {
  return {
    curlCode: 7,
    message: `Failed to connect to ${host} port ${port} after 0 ms: Could not connect to server`,
  };
}

/**
 * Nobody answers: curl (lib/connect.c) words the failure with the strerror of COULDNT_CONNECT and
 * only then maps the kernel's ETIMEDOUT (about 130 s of SYN retries on Linux) to exit 28.
 */
export function connectTimeout(host: string, port: number): NetFailure {
  return {
    curlCode: 28,
    message: `Failed to connect to ${host} port ${port} after 130000 ms: Could not connect to server`,
  };
}
