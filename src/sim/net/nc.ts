/**
 * BusyBox nc as Alpine builds it (CONFIG_NC_110_COMPAT: networking/nc_bloaty.c, netcat 1.10):
 * `nc [-v] [-z] [-w SECS] HOST PORT`. It sends stdin, half-closes the connection at stdin's end
 * (shutdown SHUT_WR, which nc 1.10 itself did not do) and prints what comes back until the peer
 * closes. A refused or timed-out connect exits 1, silently without -v; a connection the peer closes
 * or resets after accepting it exits 0 (read errors are reported only with -vv).
 */
import type { ClusterView, ProcessOrigin, ProcessResult } from '../types.js';
import { NOT_SIMULATED_EXIT } from '../types.js';
import { NotSimulated } from './not-simulated.js';
import { tcpExchange } from './tcp.js';
import { assertNever } from '../../errors.js';

const USAGE =
  'BusyBox v1.37.0 (2025-01-17 18:12:01 UTC) multi-call binary.\n\n' + 'Usage: nc [OPTIONS] HOST PORT  - connect\n';
const refused = (what: string): ProcessResult => ({
  stdout: '',
  stderr: `meshwalk sim: ${what}\n`,
  exitCode: NOT_SIMULATED_EXIT,
});

export function runNc(
  origin: ProcessOrigin,
  argv: readonly string[],
  stdin: () => string,
  view: ClusterView,
): ProcessResult {
  let verbose = false;
  let zero = false;
  const operands: string[] = [];
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-') || a === '-') {
      operands.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j];
      if (f === 'v') verbose = true;
      else if (f === 'z') zero = true;
      else if (f === 'n') continue;
      else if (f === 'w') {
        if (!a.slice(j + 1)) i++;
        break;
      } else return refused(`nc option -${f} is not simulated (nc connects as a client: -v -z -w -n)`);
    }
  }
  const [host, portText] = operands;
  if (host === undefined || portText === undefined || operands.length > 2) {
    return { stdout: '', stderr: USAGE, exitCode: 1 };
  }
  const port = Number(portText);
  // libbb bb_lookup_port: a port that is neither a number nor a service name.
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return { stdout: '', stderr: `nc: bad port '${portText}'\n`, exitCode: 1 };
  }
  try {
    const r = tcpExchange(origin, host, port, zero ? '' : stdin(), view);
    switch (r.kind) {
      case 'unresolved':
        return { stdout: '', stderr: `nc: bad address '${host}'\n`, exitCode: 1 };
      case 'refused':
      case 'timeout': {
        const why = r.kind === 'refused' ? 'Connection refused' : 'Connection timed out';
        // nc_bloaty: a refusal is printed only at -vv; other connect errors at -v.
        const stderr = verbose && r.kind === 'timeout' ? `nc: ${host} (${r.ip}:${port}): ${why}\n` : '';
        return { stdout: '', stderr, exitCode: 1 };
      }
      case 'closed':
      case 'connected': {
        const open = verbose ? `${host} (${r.ip}:${port}) open\n` : '';
        return { stdout: r.kind === 'connected' && !zero ? r.reply : '', stderr: open, exitCode: 0 };
      }
      default:
        return assertNever(r, 'TCP outcome');
    }
  } catch (e) {
    if (e instanceof NotSimulated) return refused(e.message);
    throw e;
  }
}
