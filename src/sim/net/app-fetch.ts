/**
 * An application's own outbound GET (Bookinfo's productpage calling reviews, reviews calling
 * ratings): sent from its pod through its sidecar like curl's, one call deeper on the same path,
 * so its steps join the request's trace. The depth travels with the path: no module state.
 */
import type { ProcessOrigin } from '../types.js';
import type { K8sObject } from '../../kube/object.js';
import type { HttpRequestOut, HttpResponse } from './http.js';
import { appContainer } from './cluster-index.js';
import { deeper, type Path } from './path-trace.js';
import type { AppFetch } from './deliver.js';
import type { Outgoing } from './outgoing.js';

/** How deep applications may call each other (productpage -> reviews -> ratings is 3). */
export const MAX_APP_DEPTH = 4;

/** Sends one request on `path` and gives the response, if one came (transport.ts passes its `send`). */
export type SendOn = (origin: ProcessOrigin, out: Outgoing, path: Path) => HttpResponse | undefined;

export function appFetch(path: Path, send: SendOn): AppFetch {
  return (pod: K8sObject, url, headers) => {
    if (path.depth >= MAX_APP_DEPTH) return undefined;
    const u = new URL(url);
    const port = u.port ? Number(u.port) : 80;
    const request: HttpRequestOut = {
      method: 'GET',
      path: `${u.pathname}${u.search}`,
      headers: [['Host', u.port ? `${u.hostname}:${u.port}` : u.hostname], ...headers],
      body: '',
    };
    return send(
      { kind: 'pod', pod, container: appContainer(pod)?.name ?? '' },
      {
        scheme: 'http',
        host: u.hostname,
        port,
        connectHost: u.hostname,
        connectPort: port,
        request,
        insecure: false,
        hasClientCert: false,
      },
      deeper(path),
    );
  };
}
