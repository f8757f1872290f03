/**
 * The files curl opens to set up TLS: --cacert, --cert and --key, on the learner's machine or,
 * inside a pod, through the container's files (its Secret and ConfigMap volumes). A file that is
 * missing gives curl's own error (lib/vtls/openssl.c): 77 for the CA file, 58 for the client's
 * certificate or key; a file the simulator cannot know is refused.
 */
import { readFileSync } from 'node:fs';
import type { ClusterView, ProcessOrigin } from '../types.js';
import type { NetFailure } from './http.js';
import type { CurlOptions } from '../../http/curl-args.js';
import { containerFiles } from '../shell/container-files.js';
import { NotSimulated } from './not-simulated.js';

export interface TlsFiles {
  cacert?: string;
  clientCert?: string;
  /** The first file that could not be read, as curl reports it once it sets up TLS. */
  failure?: NetFailure;
}

type Reader = (path: string) => string | undefined;

function reader(origin: ProcessOrigin, view: ClusterView, cwd: string | undefined): Reader {
  if (origin.kind === 'host') {
    return (path) => {
      try {
        return readFileSync(path.startsWith('/') || !cwd ? path : `${cwd}/${path}`, 'utf8');
      } catch {
        return undefined;
      }
    };
  }
  const files = containerFiles(origin.pod, origin.container, view, []);
  return (path) => {
    const r = files.read(path.startsWith('/') ? path : `/${path}`);
    if ('refuse' in r)
      throw new NotSimulated(
        `curl reading ${path} inside a pod is not simulated; only its Secret and ConfigMap volumes are`,
      );
    return 'text' in r ? r.text : undefined;
  };
}

export function tlsFiles(o: CurlOptions, origin: ProcessOrigin, view: ClusterView, cwd: string | undefined): TlsFiles {
  const read = reader(origin, view, cwd);
  const out: TlsFiles = {};
  // With -k curl verifies nothing and loads no CA file (lib/vtls/openssl.c populate_x509_store
  // reads CAfile only when verifypeer).
  if (o.cacert !== undefined && !o.insecure) {
    out.cacert = read(o.cacert);
    if (out.cacert === undefined)
      out.failure = { curlCode: 77, message: `error setting certificate file: ${o.cacert}` };
  }
  if (o.cert !== undefined && !out.failure) {
    out.clientCert = read(o.cert);
    // cert_stuff(): SSL_CTX_use_certificate_chain_file fails on a missing file (exit 58).
    if (out.clientCert === undefined) {
      out.failure = {
        curlCode: 58,
        message: `could not load PEM client certificate from ${o.cert}, OpenSSL error error:80000002:system library::No such file or directory, (no key found, wrong pass phrase, or wrong file format?)`,
      };
      return out;
    }
    // Without --key the key is looked for in the certificate file.
    const key = o.key !== undefined ? read(o.key) : out.clientCert;
    if (key === undefined || !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) {
      out.failure = { curlCode: 58, message: `unable to set private key file: '${o.key ?? o.cert}' type PEM` };
    }
  }
  return out;
}
