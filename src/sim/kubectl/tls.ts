/**
 * The checks `kubectl create secret tls` makes (Go's tls.X509KeyPair), with its messages:
 * PEM blocks present, certificate and key not swapped, key matching the certificate.
 */
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

function blocks(pem: string): string[] {
  return [...pem.matchAll(BLOCK)].map((m) => m[1] ?? '');
}

/** Returns Go's error text (without "error: ") or undefined when the pair is usable. */
export function checkTlsPair(certPem: string, keyPem: string): string | undefined {
  const certBlocks = blocks(certPem);
  if (!certBlocks.includes('CERTIFICATE')) {
    if (certBlocks.some((b) => b.endsWith('PRIVATE KEY')))
      return 'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched';
    return 'tls: failed to find any PEM data in certificate input';
  }
  const keyBlocks = blocks(keyPem);
  if (!keyBlocks.some((b) => b.endsWith('PRIVATE KEY'))) {
    if (keyBlocks.includes('CERTIFICATE'))
      return 'tls: found a certificate rather than a key in the PEM for the private key';
    return 'tls: failed to find any PEM data in key input';
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    return 'x509: malformed certificate';
  }
  let key;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    return 'tls: failed to parse private key';
  }
  const certPub = cert.publicKey.export({ type: 'spki', format: 'der' });
  const keyPub = createPublicKey(key).export({ type: 'spki', format: 'der' });
  if (!Buffer.from(certPub).equals(Buffer.from(keyPub))) return 'tls: private key does not match public key';
  return undefined;
}
