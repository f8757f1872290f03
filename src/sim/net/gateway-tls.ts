/**
 * The handshake of a Gateway server that terminates TLS (tls.mode SIMPLE, MUTUAL or OPTIONAL_MUTUAL): the
 * certificate from its credentialName, curl's verification of it, and for MUTUAL the client
 * certificate checked against the CA (gateway-credential.ts). TLS 1.3 checks the client's
 * certificate after the client's Finished, so curl hears the gateway's alert on its first read
 * (exit 56), as istio.io's secure-ingress task shows.
 */
import type { ClusterView } from '../types.js';
import type { NetFailure, TlsInfo } from './http.js';
import { tlsReset } from './envoy-replies.js';
import { readCredential } from './gateway-credential.js';
import { certFailure, clientSignedBy, parsePem, tlsInfo, verifyServerCert } from './tls.js';
import { NotSimulated } from './not-simulated.js';

export interface Handshake {
  view: ClusterView;
  /** The gateway's namespace: credentialName Secrets are read there. */
  namespace: string;
  /** OPTIONAL_MUTUAL asks for a client certificate and checks it only when one is sent. */
  mode: 'SIMPLE' | 'MUTUAL' | 'OPTIONAL_MUTUAL';
  credentialName: string | undefined;
  sni: string | undefined;
  /** The name curl checks the certificate against (SNI, else the Host header). */
  checkHost: string;
  insecure: boolean;
  cacert: string | undefined;
  hasClientCert: boolean;
  clientCert: string | undefined;
  connectPort: number;
  log: (line: string) => void;
}

export type HandshakeResult =
  | { ok: true; tls: TlsInfo }
  /** `why`: what failed, for the step that ends the request at the gateway. */
  | { ok: false; failure: NetFailure; tls?: TlsInfo; why: string };

const CERT_REQUIRED =
  'OpenSSL SSL_read: OpenSSL/3.5.2: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0';
const UNKNOWN_CA = 'OpenSSL SSL_read: OpenSSL/3.5.2: error:0A000418:SSL routines::tlsv1 alert unknown ca, errno 0';

export function terminateTls(h: Handshake): HandshakeResult {
  const cred = readCredential(h.view, h.namespace, h.credentialName);
  const cert = cred.cert ? parsePem(cred.cert) : undefined;
  // No usable certificate: SDS has nothing to serve and the filter chain cannot complete a handshake.
  if (!cert)
    return {
      ok: false,
      failure: tlsReset(h.sni ?? '', h.connectPort),
      why: `${cred.certProblem ?? `the credential ${h.credentialName ?? ''} holds no PEM certificate`}, the handshake fails (curl exit 35)`,
    };
  const mutual = h.mode !== 'SIMPLE';
  const ca = mutual && cred.ca ? parsePem(cred.ca) : undefined;
  if (mutual && !ca) {
    throw new NotSimulated(`a ${h.mode} Gateway server without a usable CA is not simulated; ${cred.caSource}`);
  }
  const problem = verifyServerCert(cert, h.checkHost, h.cacert, h.view.now());
  const base = tlsInfo(cert, 'h2', h.insecure ? problem : undefined);
  const tls: TlsInfo = mutual ? { ...base, clientCertRequested: true, clientCertSent: h.hasClientCert } : base;
  h.log(`served certificate: subject ${cert.subject.replace(/\n/g, ', ')}, valid ${cert.validFrom} to ${cert.validTo}`);
  if (problem && !h.insecure)
    return { ok: false, failure: certFailure(problem), tls, why: `curl does not accept it: ${problem}` };
  if (!mutual || !ca) return { ok: true, tls };
  h.log(
    `client certificates must be signed by the CA in ${cred.caSource} (subject ${ca.subject.replace(/\n/g, ', ')})`,
  );
  if (!h.hasClientCert && h.mode === 'OPTIONAL_MUTUAL') {
    h.log('curl sent no client certificate, which OPTIONAL_MUTUAL allows: accepted');
    return { ok: true, tls };
  }
  if (!h.hasClientCert)
    return {
      ok: false,
      failure: { curlCode: 56, message: CERT_REQUIRED },
      tls: { ...tls, alert: true },
      why: 'curl sent no client certificate: the gateway alerts "certificate required" (curl exit 56)',
    };
  const client = h.clientCert ? parsePem(h.clientCert) : undefined;
  if (!client) throw new NotSimulated('this client certificate could not be read by the simulator');
  if (!clientSignedBy(client, ca))
    return {
      ok: false,
      failure: { curlCode: 56, message: UNKNOWN_CA },
      tls: { ...tls, alert: true },
      why: `the client certificate (issuer ${client.issuer.replace(/\n/g, ', ')}) is not signed by that CA: the gateway alerts "unknown ca" (curl exit 56)`,
    };
  h.log(`the client certificate (subject ${client.subject.replace(/\n/g, ', ')}) is signed by that CA: accepted`);
  return { ok: true, tls };
}
