/**
 * One request as a client program (curl, wget, an application's own call) hands it to the
 * simulated network, and the leg of the path it is on: its client, TLS expectations and the
 * running account of what happened (path-trace.ts).
 */
import type { ProcessOrigin } from '../types.js';
import type { RequestSource } from '../mesh/model.js';
import type { HttpRequestOut } from './http.js';
import type { TlsClient } from './app-tls.js';
import type { AppFetch } from './deliver.js';
import type { Path } from './path-trace.js';

export interface Outgoing {
  scheme: 'http' | 'https';
  /** URL host (SNI and Host come from it). */
  host: string;
  port: number;
  /** Where to connect after --connect-to. */
  connectHost: string;
  connectPort: number;
  /** --resolve address for connectHost:connectPort, if any. */
  resolveTo?: string;
  request: HttpRequestOut;
  insecure: boolean;
  cacert?: string;
  hasClientCert: boolean;
  /** PEM of the --cert file (read on the host). */
  clientCert?: string;
}

/** The facts every stage of one request reads. */
export interface Leg {
  origin: ProcessOrigin;
  out: Outgoing;
  /** The client as the mesh sees it (after a NodePort's SNAT, or not with externalTrafficPolicy Local). */
  source: RequestSource;
  path: Path;
  /** TLS server name curl sends (the URL host unless it is an IP). */
  sni: string | undefined;
  tlsClient: TlsClient;
  /** The applications' own outbound calls, one call deeper on the same path. */
  fetch: AppFetch;
}
