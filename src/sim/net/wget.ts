/**
 * BusyBox wget, the client busybox images have: `wget -qO- URL`, `-O FILE`, `-S`, `-T SECONDS`,
 * `--header`. Errors as BusyBox prints them; any HTTP status >= 400 exits 1.
 */
import type { ClusterView, ProcessOrigin, ProcessResult } from '../types.js';
import { NOT_SIMULATED_EXIT } from '../types.js';
import type { Headers } from './http.js';
import { statusText } from './http.js';
import { send } from './transport.js';
import { NotSimulated } from './not-simulated.js';
import { meshOf } from './mesh-of.js';

export function runWget(origin: ProcessOrigin, argv: readonly string[], view: ClusterView): ProcessResult {
  let quiet = false;
  let output: string | undefined;
  let showHeaders = false;
  const extra: string[] = [];
  const urls: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--header') extra.push(args[++i] ?? '');
    else if (a.startsWith('--header=')) extra.push(a.slice(9));
    else if (a === '-T' || a === '--timeout') i++;
    else if (a.startsWith('-') && a.length > 1 && !a.startsWith('--')) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j];
        if (f === 'q') quiet = true;
        else if (f === 'S') showHeaders = true;
        else if (f === 'O') {
          output = a.slice(j + 1) || args[++i];
          break;
        } else if (f === 'T') {
          if (!a.slice(j + 1)) i++;
          break;
        } else
          return {
            stdout: '',
            stderr: `meshwalk sim: wget option -${f} is not simulated\n`,
            exitCode: NOT_SIMULATED_EXIT,
          };
      }
    } else if (a.startsWith('--'))
      return { stdout: '', stderr: `meshwalk sim: wget option ${a} is not simulated\n`, exitCode: NOT_SIMULATED_EXIT };
    else urls.push(a);
  }
  if (urls.length !== 1)
    return {
      stdout: '',
      stderr:
        'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n',
      exitCode: 1,
    };
  let url: URL;
  try {
    url = new URL(/^https?:\/\//.test(urls[0]!) ? urls[0]! : `http://${urls[0]}`);
  } catch {
    return { stdout: '', stderr: `wget: bad address '${urls[0]}'\n`, exitCode: 1 };
  }
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const host = url.hostname;
  const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
  const headers: Headers = [
    ['Host', url.port ? `${host}:${port}` : host],
    ['User-Agent', 'Wget'],
  ];
  for (const h of extra) {
    const c = h.indexOf(':');
    if (c > 0) headers.push([h.slice(0, c).trim(), h.slice(c + 1).trim()]);
  }
  try {
    const sent = send(
      origin,
      {
        scheme,
        host,
        port,
        connectHost: host,
        connectPort: port,
        request: { method: 'GET', path: `${url.pathname}${url.search}`, headers, body: '' },
        insecure: false,
        hasClientCert: false,
      },
      view,
      meshOf(view),
    );
    const ex = sent.exchange;
    let stderr = sent.notices.map((n) => `${n}\n`).join('');
    if (!quiet) stderr += `Connecting to ${host}${url.port ? `:${port}` : ''} (${sent.remoteIp ?? host}:${port})\n`;
    if (ex.kind === 'failure') {
      const f = ex.failure;
      const msg =
        f.curlCode === 6
          ? `wget: bad address '${host}${url.port ? `:${port}` : ''}'`
          : f.curlCode === 7
            ? `wget: can't connect to remote host (${sent.remoteIp ?? host}): Connection refused`
            : f.curlCode === 28
              ? 'wget: download timed out'
              : f.curlCode === 56 || f.curlCode === 52
                ? 'wget: error getting response: Connection reset by peer'
                : 'wget: error getting response';
      return { stdout: '', stderr: `${stderr}${msg}\n`, exitCode: 1 };
    }
    const res = ex.response;
    if (showHeaders)
      stderr += `  HTTP/1.1 ${res.status} ${statusText(res.status)}\n${res.headers.map(([k, v]) => `  ${k}: ${v}\n`).join('')}`;
    if (res.status >= 400)
      return {
        stdout: '',
        stderr: `${stderr}wget: server returned error: HTTP/1.1 ${res.status} ${statusText(res.status)}\n`,
        exitCode: 1,
      };
    const toStdout = output === '-';
    if (!quiet && !toStdout) stderr += `saving to '${output ?? (url.pathname.split('/').pop() || 'index.html')}'\n`;
    return { stdout: toStdout ? res.body : '', stderr, exitCode: 0 };
  } catch (e) {
    if (e instanceof NotSimulated)
      return { stdout: '', stderr: `meshwalk sim: ${e.message}\n`, exitCode: NOT_SIMULATED_EXIT };
    throw e;
  }
}
