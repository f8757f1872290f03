/**
 * Server certificates as curl sees them: parsed from the kubernetes.io/tls Secret with node's
 * X509Certificate, verified against --cacert (or nothing: the simulated certificates are never
 * publicly trusted), host-checked like OpenSSL's X509_check_host, with curl's messages.
 */
import { X509Certificate } from 'node:crypto';
import type { NetFailure, TlsInfo } from './http.js';

export interface ServedCert {
  cert: X509Certificate;
}

/** The first certificate of a PEM bundle, or undefined when it does not parse. */
export function parsePem(pem: string): X509Certificate | undefined {
  const m = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
  if (!m) return undefined;
  try {
    return new X509Certificate(m[0]);
  } catch {
    return undefined;
  }
}

/** OpenSSL's one-line name as curl prints it: `CN=minikube.me; O=minikube.me`. */
function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join('; ');
}

export function tlsInfo(cert: X509Certificate, alpn: TlsInfo['alpn'], verifyError?: string): TlsInfo {
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    validFrom: cert.validFrom,
    validTo: cert.validTo,
    subjectAltName: cert.subjectAltName,
    verifyError,
    alpn,
  };
}

/** Why curl would refuse this certificate for `host` (exit 60), or undefined when it is fine. */
export function verifyServerCert(
  cert: X509Certificate,
  host: string,
  cacertPem: string | undefined,
  now: number,
): string | undefined {
  const selfSigned = cert.subject === cert.issuer && safeVerify(cert, cert);
  if (new Date(cert.validTo).getTime() < now) return 'SSL certificate problem: certificate has expired';
  if (new Date(cert.validFrom).getTime() > now) return 'SSL certificate problem: certificate is not yet valid';
  const ca = cacertPem === undefined ? undefined : parsePem(cacertPem);
  const trusted =
    ca !== undefined && (ca.fingerprint256 === cert.fingerprint256 || (cert.checkIssued(ca) && safeVerify(cert, ca)));
  if (!trusted)
    return selfSigned
      ? 'SSL certificate problem: self-signed certificate'
      : 'SSL certificate problem: unable to get local issuer certificate';
  if (!cert.checkHost(host)) {
    return cert.subjectAltName
      ? `SSL: no alternative certificate subject name matches target host name '${host}'`
      : `SSL: certificate subject name '${/CN=([^\n]+)/.exec(cert.subject)?.[1] ?? ''}' does not match target host name '${host}'`;
  }
  return undefined;
}

/** The gateway's check of a client certificate against the secret's ca.crt (Envoy: "unknown ca" when it fails). */
export function clientSignedBy(cert: X509Certificate, ca: X509Certificate): boolean {
  return ca.fingerprint256 === cert.fingerprint256 || (cert.checkIssued(ca) && safeVerify(cert, ca));
}

function safeVerify(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

export const CERT_HELP = `More details here: https://curl.se/docs/sslcerts.html

curl failed to verify the legitimacy of the server and therefore could not
establish a secure connection to it. To learn more about this situation and
how to fix it, please visit the webpage mentioned above.`;

export function certFailure(message: string): NetFailure {
  return { curlCode: 60, message };
}
