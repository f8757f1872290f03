/**
 * Servers outside the cluster: httpbin.org runs httpbin; the other public hosts the simulator
 * models (dns.ts EXTERNAL_HOSTS) answer their home page on 80 and 443; anything else is refused.
 * Their certificates are publicly trusted (curl verifies them without -k).
 */
import type { Exchange, Headers, HttpRequestOut, TlsInfo } from './http.js';
import { httpbin } from './apps/httpbin.js';
import { noInternet } from './not-simulated.js';
import { EXTERNAL_HOSTS } from './dns.js';

const httpbinOrg = httpbin('python', [80, 443]);

export function externalExchange(
  host: string,
  port: number,
  scheme: 'http' | 'https',
  request: HttpRequestOut,
  clientIp: string,
  extraHeaders: Headers,
): Exchange {
  // Only the public hosts the simulator models answer; any other server is the internet's.
  if (!EXTERNAL_HOSTS[host] && !Object.values(EXTERNAL_HOSTS).includes(host))
    throw noInternet(`${scheme}://${host}:${port}`);
  if (!(port === 80 && scheme === 'http') && !(port === 443 && scheme === 'https')) {
    if (port === 80 || port === 443)
      return {
        kind: 'failure',
        failure:
          scheme === 'https'
            ? { curlCode: 35, message: 'OpenSSL/3.5.2: error:0A00010B:SSL routines::wrong version number' }
            : { curlCode: 52, message: 'Empty reply from server' },
      };
    // Whether anything answers on another port of a public host only the internet can tell.
    throw noInternet(`${scheme}://${host}:${port}`);
  }
  const tls: TlsInfo | undefined =
    scheme === 'https'
      ? {
          subject: `CN=${host}`,
          issuer: "C=US; O=Let's Encrypt; CN=R11",
          validFrom: 'Jan  1 00:00:00 2026 GMT',
          validTo: 'Apr  1 00:00:00 2026 GMT',
          alpn: 'h2',
        }
      : undefined;
  const version = scheme === 'https' ? '2' : '1.1';
  const headers: Headers = [...request.headers, ...extraHeaders];
  // CNN redirects plain HTTP to HTTPS (egress-tls-origination's "before" picture).
  if (scheme === 'http' && (host === 'edition.cnn.com' || host === 'cnn.com')) {
    return {
      kind: 'response',
      httpVersion: version,
      response: {
        status: 301,
        headers: [
          ['server', 'Varnish'],
          ['retry-after', '0'],
          ['content-length', '0'],
          ['location', `https://${host}${request.path}`],
          ['accept-ranges', 'bytes'],
          ['date', 'Thu, 01 Jan 2026 00:00:00 GMT'],
          ['via', '1.1 varnish'],
          ['connection', 'close'],
        ],
        body: '',
      },
    };
  }
  if (host === 'httpbin.org') {
    const res = httpbinOrg.handle({
      method: request.method,
      path: request.path,
      headers,
      body: request.body,
      clientIp: '203.0.113.10',
      scheme,
    });
    void clientIp;
    return {
      kind: 'response',
      response: {
        ...res,
        headers: [['date', 'Thu, 01 Jan 2026 00:00:00 GMT'], ...res.headers, ['server', 'gunicorn/19.9.0']],
      },
      httpVersion: version,
      tls,
    };
  }
  const body = `<!doctype html><html><head><title>${host}</title></head><body>${host}</body></html>\n`;
  return {
    kind: 'response',
    httpVersion: version,
    tls,
    response: {
      status: 200,
      headers: [
        ['content-type', 'text/html; charset=UTF-8'],
        ['date', 'Thu, 01 Jan 2026 00:00:00 GMT'],
        ['content-length', String(body.length)],
      ],
      body,
    },
  };
}
