/**
 * What a hop can end in besides the app's answer: Envoy's local reply bodies, and the outcome
 * builders decide and the client side share.
 */
import type { LocalReply, Outcome } from './model.js';

/** Envoy's local reply when the upstream closes the connection during the request. */
export const UPSTREAM_RESET_BODY =
  'upstream connect error or disconnect/reset before headers. reset reason: connection termination';
/** Envoy's local reply when an mTLS handshake meets a plaintext server. */
export const UPSTREAM_TLS_BODY =
  'upstream connect error or disconnect/reset before headers. retried and the latest reset reason: remote connection failure, transport failure reason: TLS_error:|268435703:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER:TLS_error_end';
export const RBAC_DENIED_BODY = 'RBAC: access denied';

export function delivered(mtls: boolean, viaClientSidecar: boolean, viaServerSidecar: boolean) {
  return { kind: 'delivered' as const, mtls, headerChanges: {}, viaClientSidecar, viaServerSidecar } as Extract<
    Outcome,
    { kind: 'delivered' }
  >;
}

export function reply(status: number, body: string, by: LocalReply['by']): LocalReply {
  return { kind: 'local-reply', status, body, by, headers: body ? { 'content-type': 'text/plain' } : {} };
}
