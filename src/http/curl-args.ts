/**
 * curl's command line, parsed the way curl does: short flags combine (`-sS`, `-sSI`), a short flag
 * that takes a value takes the rest of the word or the next word (`-HHost:x`, `-o /dev/null`),
 * long flags take the next word. A flag the simulator does not model is reported, never ignored.
 */

export interface CurlOptions {
  urls: string[];
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  head: boolean;
  include: boolean;
  output?: string;
  /** -D/--dump-header: where each response's header block goes ('-' = stdout). */
  dumpHeader?: string;
  writeOut?: string;
  headers: string[];
  /** -b/--cookie `NAME=VALUE` strings, sent joined as one `Cookie` header (a cookie file is not modelled). */
  cookies: string[];
  method?: string;
  data?: string;
  insecure: boolean;
  resolve: string[];
  connectTo: string[];
  maxTime?: number;
  connectTimeout?: number;
  fail: boolean;
  failWithBody: boolean;
  location: boolean;
  cacert?: string;
  cert?: string;
  /** --key: the client certificate's private key (else curl looks for it in the --cert file). */
  key?: string;
  userAgent?: string;
  user?: string;
  http2?: boolean;
}

export type ParsedCurl =
  | { ok: true; options: CurlOptions }
  | { ok: false; unknown: string }
  | { ok: false; missingValue: string };

const SHORT_WITH_VALUE = new Set(['H', 'X', 'd', 'o', 'w', 'm', 'A', 'u', 'E', 'e', 'b', 'T', 'F', 'K', 'x', 'D']);
const SHORT_FLAGS = new Set(['s', 'S', 'v', 'I', 'i', 'k', 'f', 'L', 'O', 'N', 'g', 'G', '4', '6', 'q']);

const LONG: Record<string, { short?: string; value: boolean }> = {
  '--silent': { short: 's', value: false },
  '--show-error': { short: 'S', value: false },
  '--verbose': { short: 'v', value: false },
  '--head': { short: 'I', value: false },
  '--include': { short: 'i', value: false },
  '--insecure': { short: 'k', value: false },
  '--fail': { short: 'f', value: false },
  '--location': { short: 'L', value: false },
  '--no-buffer': { short: 'N', value: false },
  '--globoff': { short: 'g', value: false },
  '--ipv4': { short: '4', value: false },
  '--output': { short: 'o', value: true },
  '--dump-header': { short: 'D', value: true },
  '--write-out': { short: 'w', value: true },
  '--header': { short: 'H', value: true },
  '--request': { short: 'X', value: true },
  '--data': { short: 'd', value: true },
  '--data-raw': { short: 'd', value: true },
  '--data-binary': { short: 'd', value: true },
  '--data-ascii': { short: 'd', value: true },
  '--max-time': { short: 'm', value: true },
  '--user-agent': { short: 'A', value: true },
  '--user': { short: 'u', value: true },
  '--cert': { short: 'E', value: true },
  '--cookie': { short: 'b', value: true },
  '--resolve': { value: true },
  '--connect-to': { value: true },
  '--cacert': { value: true },
  '--key': { value: true },
  '--connect-timeout': { value: true },
  '--retry': { value: true },
  '--retry-delay': { value: true },
  '--url': { value: true },
  '--fail-with-body': { value: false },
  '--http1.1': { value: false },
  '--http2': { value: false },
  '--compressed': { value: false },
  '--noproxy': { value: true },
  '--retry-connrefused': { value: false },
  '--progress-bar': { value: false },
  '--no-progress-meter': { value: false },
};

/** curl's options before any flag: what `curl URL` alone does. */
export function defaultCurlOptions(): CurlOptions {
  return {
    urls: [],
    silent: false,
    showError: false,
    verbose: false,
    head: false,
    include: false,
    headers: [],
    cookies: [],
    insecure: false,
    resolve: [],
    connectTo: [],
    fail: false,
    failWithBody: false,
    location: false,
  };
}

export function parseCurlArgs(argv: readonly string[]): ParsedCurl {
  const o = defaultCurlOptions();
  const setShort = (f: string, v?: string): string | undefined => {
    switch (f) {
      case 's':
        o.silent = true;
        break;
      case 'S':
        o.showError = true;
        break;
      case 'v':
        o.verbose = true;
        break;
      case 'I':
        o.head = true;
        break;
      case 'i':
        o.include = true;
        break;
      case 'k':
        o.insecure = true;
        break;
      case 'f':
        o.fail = true;
        break;
      case 'L':
        o.location = true;
        break;
      case 'o':
        o.output = v;
        break;
      case 'D':
        o.dumpHeader = v;
        break;
      case 'w':
        o.writeOut = v;
        break;
      case 'H':
        o.headers.push(v ?? '');
        break;
      // curl reads a value without `=` as a cookie file to load (tool_getparam.c): not modelled.
      case 'b':
        if (!v?.includes('=')) return '-b FILE (a cookie file)';
        o.cookies.push(v);
        break;
      case 'X':
        o.method = v;
        break;
      case 'd':
        o.data = o.data === undefined ? v : `${o.data}&${v}`;
        break;
      case 'm':
        o.maxTime = Number(v);
        break;
      case 'A':
        o.userAgent = v;
        break;
      case 'u':
        o.user = v;
        break;
      case 'E':
        o.cert = v;
        break;
      case 'N':
      case 'g':
      case '4':
      case 'q':
        break;
      default:
        return `-${f}`;
    }
    return undefined;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq === -1 ? a : a.slice(0, eq);
      const spec = LONG[name];
      if (!spec) return { ok: false, unknown: name };
      let value: string | undefined;
      if (spec.value) {
        value = eq === -1 ? argv[++i] : a.slice(eq + 1);
        if (value === undefined) return { ok: false, missingValue: name };
      }
      if (spec.short) {
        const bad = setShort(spec.short, value);
        if (bad) return { ok: false, unknown: name };
        if (name === '--fail-with-body') o.failWithBody = true;
        continue;
      }
      switch (name) {
        case '--resolve':
          o.resolve.push(value!);
          break;
        case '--connect-to':
          o.connectTo.push(value!);
          break;
        case '--cacert':
          o.cacert = value;
          break;
        case '--key':
          o.key = value;
          break;
        case '--connect-timeout':
          o.connectTimeout = Number(value);
          break;
        case '--url':
          o.urls.push(value!);
          break;
        case '--fail-with-body':
          o.failWithBody = true;
          break;
        case '--http2':
          o.http2 = true;
          break;
        case '--http1.1':
          o.http2 = false;
          break;
        case '--no-progress-meter':
          o.silent = o.silent || false;
          break;
        default:
          break; // accepted and without effect in a simulation: --retry, --compressed, --noproxy
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j]!;
        if (SHORT_WITH_VALUE.has(f)) {
          const rest = a.slice(j + 1);
          const value = rest !== '' ? rest : argv[++i];
          if (value === undefined) return { ok: false, missingValue: `-${f}` };
          const bad = setShort(f, value);
          if (bad) return { ok: false, unknown: bad };
          break;
        }
        if (!SHORT_FLAGS.has(f)) return { ok: false, unknown: `-${f}` };
        const bad = setShort(f);
        if (bad) return { ok: false, unknown: bad };
      }
      continue;
    }
    o.urls.push(a);
  }
  return { ok: true, options: o };
}
