/**
 * A TLS handshake with a server inside a pod (nginx's `listen 443 ssl`), reached directly, through
 * the pod's sidecar as opaque TCP, or through a PASSTHROUGH Gateway: the app's own certificate,
 * verified by curl as any other (tls.ts). An app that speaks no TLS on the port answers the
 * ClientHello in plaintext HTTP, which OpenSSL reports as "wrong version number" (curl 35).
 */
import type { App } from './apps/index.js';
import type { NetFailure, TlsInfo } from './http.js';
import { certFailure, parsePem, tlsInfo, verifyServerCert } from './tls.js';
import { NotSimulated } from './not-simulated.js';

/** What curl brings to a handshake. */
export interface TlsClient {
  sni: string | undefined;
  /** The name curl checks the certificate against. */
  checkHost: string;
  insecure: boolean;
  cacert: string | undefined;
}

export type AppHandshake = { ok: true; tls: TlsInfo } | { ok: false; failure: NetFailure; tls?: TlsInfo };

export const WRONG_VERSION: NetFailure = {
  curlCode: 35,
  message: 'OpenSSL/3.5.2: error:0A00010B:SSL routines::wrong version number',
};

export function appHandshake(app: App, port: number, client: TlsClient | undefined, now: number): AppHandshake {
  const pem = app.tls?.[port];
  if (pem === undefined) return { ok: false, failure: WRONG_VERSION };
  if (!client) throw new NotSimulated(`a TLS connection to ${app.name} from this client is not simulated`);
  const cert = parsePem(pem);
  if (!cert) throw new NotSimulated(`${app.name} serving a certificate the simulator cannot read is not simulated`);
  const problem = verifyServerCert(cert, client.checkHost, client.cacert, now);
  // nginx enables no HTTP/2 unless told (`http2 on`): ALPN settles on http/1.1.
  const tls = tlsInfo(cert, 'http/1.1', client.insecure ? problem : undefined);
  if (problem && !client.insecure) return { ok: false, failure: certFailure(problem), tls };
  return { ok: true, tls };
}
