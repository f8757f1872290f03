/** What curl prints: the status and header block, `-w` variables, the progress meter, -v lines. */
import type { Exchange, Headers, HttpResponse, TlsInfo } from './http.js';
import { statusText } from './http.js';
import { canonical } from './apps/app.js';

export function statusLine(version: string, status: number): string {
  return version === '2' ? `HTTP/2 ${status}` : `HTTP/${version} ${status} ${statusText(status)}`.trimEnd();
}

/** The header block exactly as curl writes it with -i/-I: CRLF line ends, a blank line after. */
export function headerBlock(version: string, res: HttpResponse, lowercase: boolean): string {
  const lines = [
    statusLine(version, res.status),
    ...res.headers.map(([k, v]) => `${lowercase ? k.toLowerCase() : canonical(k)}: ${v}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export interface WriteOutValues {
  httpCode: number;
  httpVersion: string;
  exitCode: number;
  errorMessage: string;
  sizeDownload: number;
  sizeHeader: number;
  contentType: string;
  remoteIp: string;
  remotePort: number;
  url: string;
  method: string;
  scheme: string;
  numRedirects: number;
  headers: Headers;
}

export function writeOut(format: string, v: WriteOutValues): { stdout: string; stderr: string } {
  let out = '';
  let err = '';
  let toErr = false;
  const emit = (s: string) => (toErr ? (err += s) : (out += s));
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch === '\\' && i + 1 < format.length) {
      const n = format[i + 1]!;
      const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\' };
      if (n in map) {
        emit(map[n]!);
        i++;
        continue;
      }
    }
    if (ch === '%' && format[i + 1] === '%') {
      emit('%');
      i++;
      continue;
    }
    if (ch === '%' && format[i + 1] === '{') {
      const end = format.indexOf('}', i);
      if (end !== -1) {
        const name = format.slice(i + 2, end);
        i = end;
        if (name === 'stderr') toErr = true;
        else if (name === 'stdout') toErr = false;
        else {
          const val = variable(name, v);
          if (val === undefined) err += `curl: unknown --write-out variable: '${name}'\n`;
          else emit(val);
        }
        continue;
      }
    }
    if (ch === '%' && format.startsWith('%header{', i)) {
      const end = format.indexOf('}', i);
      const name = format.slice(i + 8, end).toLowerCase();
      emit(v.headers.find(([k]) => k.toLowerCase() === name)?.[1] ?? '');
      i = end;
      continue;
    }
    emit(ch);
  }
  return { stdout: out, stderr: err };
}

function variable(name: string, v: WriteOutValues): string | undefined {
  switch (name) {
    case 'http_code':
    case 'response_code':
      return String(v.httpCode).padStart(3, '0');
    case 'http_version':
      return v.httpVersion;
    case 'exitcode':
      return String(v.exitCode);
    case 'errormsg':
      return v.errorMessage;
    case 'size_download':
      return String(v.sizeDownload);
    case 'size_header':
      return String(v.sizeHeader);
    case 'size_upload':
    case 'size_request':
      return '0';
    case 'content_type':
      return v.contentType;
    case 'remote_ip':
      return v.remoteIp;
    case 'remote_port':
      return String(v.remotePort);
    case 'url_effective':
    case 'url':
      return v.url;
    case 'method':
      return v.method;
    case 'scheme':
      return v.scheme;
    case 'num_redirects':
      return String(v.numRedirects);
    case 'ssl_verify_result':
    case 'proxy_ssl_verify_result':
      return '0';
    case 'time_total':
      return '0.004521';
    case 'time_connect':
      return '0.000412';
    case 'time_namelookup':
      return '0.000105';
    case 'time_appconnect':
      return v.scheme === 'https' ? '0.002114' : '0.000000';
    case 'time_pretransfer':
      return '0.002200';
    case 'time_starttransfer':
      return '0.004400';
    case 'time_redirect':
      return '0.000000';
    case 'speed_download':
      return String(Math.round(v.sizeDownload / 0.004521));
    default:
      return undefined;
  }
}

export function progressMeter(size: number, failed: boolean): string {
  const head =
    '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';
  const zero = '  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0';
  if (failed || size === 0) return `${head}${zero}\n`;
  const s = String(size).padStart(5);
  const speed = String(Math.round(size / 0.0045)).padStart(6);
  return `${head}\r${zero}\r100 ${s}  100 ${s}    0     0 ${speed}      0 --:--:-- --:--:-- --:--:-- ${speed}\n`;
}

/** `connected` false: the connect itself failed (refused, timed out): curl tried, never connected. */
export function verboseConnect(host: string, ip: string, port: number, connectHost: string, connected = true): string {
  return (
    [
      `* Host ${connectHost}:${port} was resolved.`,
      '* IPv6: (none)',
      `* IPv4: ${ip}`,
      `*   Trying ${ip}:${port}...`,
      ...(connected ? [`* Connected to ${host} (${ip}) port ${port}`] : []),
    ].join('\n') + '\n'
  );
}

/** The CA bundle curl is built with (Alpine's curl: --with-ca-bundle), used when --cacert is not given. */
export const DEFAULT_CA_FILE = '/etc/ssl/certs/ca-certificates.crt';

/**
 * curl loads the CA file (--cacert, else its built-in bundle) only to verify the peer, after its
 * Client hello, and logs it (lib/vtls/openssl.c populate_x509_store: infof " CAfile: %s" and
 * " CApath: %s", "none" when unset); with -k it loads none. `caFile` undefined: -k.
 */
export function verboseTls(tls: TlsInfo, sni: string | undefined, caFile: string | undefined): string {
  const lines = [
    '* ALPN: curl offers h2,http/1.1',
    '* TLSv1.3 (OUT), TLS handshake, Client hello (1):',
    ...(caFile === undefined ? [] : [`*  CAfile: ${caFile}`, '*  CApath: none']),
    '* TLSv1.3 (IN), TLS handshake, Server hello (2):',
    '* TLSv1.3 (IN), TLS handshake, Encrypted Extensions (8):',
    // MUTUAL: the server's CertificateRequest, then curl's Certificate (empty without --cert).
    ...(tls.clientCertRequested ? ['* TLSv1.3 (IN), TLS handshake, Request CERT (13):'] : []),
    '* TLSv1.3 (IN), TLS handshake, Certificate (11):',
    '* TLSv1.3 (IN), TLS handshake, CERT verify (15):',
    '* TLSv1.3 (IN), TLS handshake, Finished (20):',
    ...(tls.clientCertRequested
      ? [
          '* TLSv1.3 (OUT), TLS change cipher, Change cipher spec (1):',
          '* TLSv1.3 (OUT), TLS handshake, Certificate (11):',
        ]
      : []),
    ...(tls.clientCertRequested && tls.clientCertSent ? ['* TLSv1.3 (OUT), TLS handshake, CERT verify (15):'] : []),
    '* TLSv1.3 (OUT), TLS handshake, Finished (20):',
    '* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384 / X25519 / RSASSA-PSS',
    `* ALPN: server accepted ${tls.alpn}`,
    '* Server certificate:',
    `*  subject: ${tls.subject}`,
    `*  start date: ${tls.validFrom}`,
    `*  expire date: ${tls.validTo}`,
    ...(tls.subjectAltName && sni ? [`*  subjectAltName: host "${sni}" matched cert's "${sni}"`] : []),
    `*  issuer: ${tls.issuer}`,
    tls.verifyError
      ? `*  SSL certificate verify result: ${tls.verifyError.replace(/^SSL certificate problem: /, '')} (${verifyCode(tls.verifyError)}), continuing anyway.`
      : '*  SSL certificate verify ok.',
  ];
  return `${lines.join('\n')}\n`;
}

export function verboseTlsFailure(tls: TlsInfo | undefined, caFile?: string): string {
  if (!tls) return '* ALPN: curl offers h2,http/1.1\n* TLSv1.3 (OUT), TLS handshake, Client hello (1):\n';
  const shown = verboseTls(tls, undefined, caFile).replace(/\* {2}SSL certificate verify.*\n$/, '');
  // OpenSSL's message callback names no TLS 1.3 alert: curl prints "unknown" and the record's bytes.
  return tls.alert ? `${shown}* TLSv1.3 (IN), TLS alert, unknown (628):\n` : shown;
}

/** OpenSSL's X509_V_ERR code for curl's "verify result" line (include/openssl/x509_vfy.h). */
function verifyCode(message: string): number {
  if (message.includes('unable to get local issuer certificate')) return 20;
  if (message.includes('certificate has expired')) return 10;
  if (message.includes('not yet valid')) return 9;
  if (message.includes('self-signed certificate in certificate chain')) return 19;
  return 18;
}

export function verboseRequest(version: string, method: string, path: string, headers: Headers): string {
  const lines = [
    `> ${method} ${path} ${version === '2' ? 'HTTP/2' : 'HTTP/1.1'}`,
    ...headers.map(([k, v]) => `> ${version === '2' && k.toLowerCase() === 'host' ? `Host` : k}: ${v}`),
    '> ',
  ];
  return `${lines.join('\n')}\n* Request completely sent off\n`;
}

export function verboseResponse(version: string, res: HttpResponse, lowercase: boolean): string {
  return (
    headerBlock(version, res, lowercase)
      .split('\r\n')
      .slice(0, -1)
      .map((l) => `< ${l}`)
      .join('\n') + '\n'
  );
}

export function exchangeHttpVersion(e: Exchange): string {
  if (e.kind !== 'response') return '0';
  if (e.httpVersion === '2') return '2';
  return e.response.http10 ? '1.0' : '1.1';
}
