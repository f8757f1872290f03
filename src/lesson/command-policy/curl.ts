/**
 * curl in a lesson, which on a real cluster runs on the learner's machine: HTTP(S) requests
 * with headers, methods, timeouts and `--resolve`, writing at most to /dev/null or the work
 * folder. Options are an allow-list, because many read or write host files (`-K`, `-T`, `-F`,
 * `-D`, `-c`, `--trace`, `@file` data). Inside `kubectl exec … --` curl runs in the pod and is
 * not checked here.
 */
import { readFlags } from './flag-reader.js';
import { pathUse } from './paths.js';
import { endOfOptions, refuse, type CommandWords, type PathUse, type Verdict } from './types.js';

const BOOLEANS = [
  'silent',
  'show-error',
  'insecure',
  'verbose',
  'include',
  'head',
  'location',
  'fail',
  'fail-with-body',
  'http1.1',
  'http2',
  'compressed',
  'no-progress-meter',
  'ipv4',
  'ipv6',
  'no-buffer',
  'globoff',
];
const VALUES = [
  'output',
  'write-out',
  'header',
  'request',
  'resolve',
  'connect-to',
  'max-time',
  'connect-timeout',
  'data',
  'data-raw',
  'data-binary',
  'data-urlencode',
  'user-agent',
  'retry',
  'retry-delay',
  'cacert',
  'cert',
  'key',
  'user',
  'cookie',
  'referer',
];
export const CURL_OPTIONS = [...BOOLEANS, ...VALUES];

const SHORT: Record<string, string> = {
  s: 'silent',
  S: 'show-error',
  k: 'insecure',
  v: 'verbose',
  i: 'include',
  I: 'head',
  L: 'location',
  f: 'fail',
  o: 'output',
  w: 'write-out',
  H: 'header',
  X: 'request',
  m: 'max-time',
  d: 'data',
  A: 'user-agent',
  u: 'user',
  b: 'cookie',
  e: 'referer',
  4: 'ipv4',
  6: 'ipv6',
  N: 'no-buffer',
  g: 'globoff',
};
const SYNTAX = { valueLongs: new Set(VALUES), valueShorts: 'owHXmdAube', shortToLong: SHORT };

/** Values curl reads as a file name (`@file`, a cookie jar without `=`), refused. */
function readsFile(name: string, value: string): boolean {
  if (['write-out', 'header', 'data', 'data-binary', 'data-urlencode'].includes(name) && /^[^=]*@/.test(value))
    return name !== 'data-urlencode' || !value.includes('=');
  return name === 'cookie' && !value.includes('=');
}

export function checkCurl(w: CommandWords): Verdict {
  const end = endOfOptions(w);
  const paths: PathUse[] = [];
  for (let i = 1; i < w.argv.length; i++) {
    const word = w.argv[i] ?? '';
    if (i >= end || !word.startsWith('-') || word === '-') {
      if (i === end) continue;
      const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(word)?.[1]?.toLowerCase();
      if (scheme !== undefined && scheme !== 'http' && scheme !== 'https')
        return refuse('flag-not-allowed', i, `\`${word}\`: curl in a lesson fetches http:// and https:// URLs only`);
      continue;
    }
    const r = readFlags(w.argv, i, SYNTAX);
    for (const f of r.flags) {
      if (!CURL_OPTIONS.includes(f.name))
        return refuse('flag-not-allowed', i, `\`curl ${f.spelled}\` is not on the lesson allow-list of curl options`);
      if (f.value === undefined) continue;
      if (readsFile(f.name, f.value))
        return refuse(
          'flag-not-allowed',
          f.valueAt ?? i,
          `\`${f.spelled} ${f.value}\` makes curl read a file; write the value inline`,
        );
      const at = f.valueAt ?? i;
      const use =
        f.name === 'output'
          ? pathUse(f.value, at, 'write', 'work', { devNull: true })
          : ['cacert', 'cert', 'key'].includes(f.name)
            ? pathUse(f.value, at, 'read', 'lesson')
            : undefined;
      if (use && !('path' in use)) return use;
      if (use) paths.push(use);
    }
    i = r.last;
  }
  return { ok: true, paths };
}
