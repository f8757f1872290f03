/** What one hop to a pod carries: the request, where it came from and where it goes. */
import type { K8sObject } from '../../kube/object.js';
import type { RequestSource } from '../mesh/model.js';
import type { Headers, HttpRequestOut, HttpResponse } from './http.js';
import type { TlsClient } from './app-tls.js';
import type { Path } from './path-trace.js';

export interface Hop {
  path: Path;
  source: RequestSource;
  pod: K8sObject;
  targetPort: number;
  service?: { name: string; namespace: string; port: number };
  /** The client speaks TLS itself (https:// to a pod): proxies see opaque bytes. */
  appTls: boolean;
  request: HttpRequestOut;
  scheme: 'http' | 'https';
  /** Outbound calls the application makes from its pod (see AppRequest.call). */
  fetch?: AppFetch;
  /** Where curl connected (URL host or --connect-to host and port), for its "Failed to connect" line. */
  connectHost?: string;
  connectPort?: number;
  /** curl's side of a TLS handshake with the app itself (appTls). */
  tlsClient?: TlsClient;
}

export type AppFetch = (pod: K8sObject, url: string, headers: Headers) => HttpResponse | undefined;
