/**
 * A Gateway server's credentialName, read as istiod's credentials controller reads it
 * (pilot/pkg/credentials/kube/secrets.go): the certificate and key from `cert`/`key` or
 * `tls.crt`/`tls.key`, and for MUTUAL the CA from the Secret `NAME-cacert` (its `cacert` or
 * `ca.crt` key), falling back to the `ca.crt`/`cacert` key of the Secret itself (GetCaCert).
 */
import type { ClusterView } from '../types.js';
import type { K8sObject } from '../../kube/object.js';

export interface Credential {
  /** PEM of the served certificate chain. */
  cert?: string;
  /** Why the gateway has no certificate, as explain says it; undefined when cert is set. */
  certProblem?: string;
  /** PEM of the CA that must have signed client certificates (MUTUAL). */
  ca?: string;
  /** Which Secret and key the CA came from, or why there is none. */
  caSource: string;
}

const text = (s: K8sObject | undefined, key: string): string | undefined => {
  const v = s?.data?.[key];
  return v ? Buffer.from(v, 'base64').toString('utf8') : undefined;
};

/** The CA of one Secret: `cacert` before `ca.crt` (extractRoot). */
function root(s: K8sObject): { pem: string; key: string } | undefined {
  for (const key of ['cacert', 'ca.crt']) {
    const pem = text(s, key);
    if (pem) return { pem, key };
  }
  return undefined;
}

export function readCredential(view: ClusterView, ns: string, name: string | undefined): Credential {
  if (!name)
    return {
      certProblem: 'the server names no credentialName: the gateway has no certificate',
      caSource: 'no credentialName',
    };
  const secret = view.get('Secret', ns, name);
  const out: Credential = { caSource: '' };
  if (!secret) out.certProblem = `Secret ${ns}/${name} does not exist: the gateway has no certificate`;
  else if (text(secret, 'cert') && text(secret, 'key')) out.cert = text(secret, 'cert');
  else if (text(secret, 'tls.crt') && text(secret, 'tls.key')) out.cert = text(secret, 'tls.crt');
  else
    out.certProblem = `Secret ${ns}/${name} has neither cert and key nor tls.crt and tls.key: the gateway has no certificate`;
  const caSecret = view.get('Secret', ns, `${name}-cacert`);
  const ca = caSecret ? root(caSecret) : secret ? root(secret) : undefined;
  const from = caSecret ? `${name}-cacert` : name;
  out.ca = ca?.pem;
  out.caSource = ca
    ? `Secret ${ns}/${from} key ${ca.key}`
    : `neither Secret ${ns}/${name}-cacert nor ${ns}/${name} holds a cacert or ca.crt key`;
  return out;
}
