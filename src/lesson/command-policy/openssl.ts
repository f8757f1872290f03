/**
 * openssl in a lesson: making and reading a self-signed certificate (`req`, `x509`), with files
 * in the work folder only. Options are an allow-list: openssl can load host code (`-engine`,
 * `-provider`, `-provider-path`, a `-config` that loads modules), read any file (`-rand`,
 * `-passin file:`) or write anywhere (`-writerand`), so anything not listed is refused.
 * openssl reads `-opt value`, `-opt=value` and `--opt` alike (apps/lib/opt.c).
 */
import { pathUse } from './paths.js';
import { refuse, type CommandWords, type PathUse, type Verdict } from './types.js';

type Option = 'flag' | 'value' | 'read' | 'write';
const DIGESTS = ['sha256', 'sha384', 'sha512'] as const;
const digestFlags = Object.fromEntries(DIGESTS.map((d) => [d, 'flag' as Option]));

export const OPENSSL_COMMANDS: Readonly<Record<string, Readonly<Record<string, Option>>>> = {
  req: {
    x509: 'flag',
    new: 'flag',
    nodes: 'flag',
    noenc: 'flag',
    noout: 'flag',
    text: 'flag',
    verify: 'flag',
    batch: 'flag',
    pubkey: 'flag',
    utf8: 'flag',
    quiet: 'flag',
    ...digestFlags,
    days: 'value',
    newkey: 'value',
    subj: 'value',
    addext: 'value',
    pkeyopt: 'value',
    set_serial: 'value',
    inform: 'value',
    outform: 'value',
    keyform: 'value',
    keyout: 'write',
    out: 'write',
    key: 'read',
    in: 'read',
  },
  x509: {
    noout: 'flag',
    enddate: 'flag',
    startdate: 'flag',
    dates: 'flag',
    subject: 'flag',
    issuer: 'flag',
    text: 'flag',
    fingerprint: 'flag',
    serial: 'flag',
    pubkey: 'flag',
    email: 'flag',
    req: 'flag',
    ...digestFlags,
    days: 'value',
    inform: 'value',
    outform: 'value',
    nameopt: 'value',
    ext: 'value',
    checkend: 'value',
    set_serial: 'value',
    in: 'read',
    out: 'write',
    signkey: 'read',
    key: 'read',
    CA: 'read',
    CAkey: 'read',
  },
};

const WHY: Readonly<Record<string, string>> = {
  engine: 'loads a shared library into openssl (host code)',
  provider: 'loads an openssl provider module (host code)',
  'provider-path': 'makes openssl load modules from a folder of its choosing (host code)',
  rand: 'reads files of its choosing as random seed',
  writerand: 'writes a file of its choosing',
  config: 'reads a configuration that can load modules',
  passin: 'reads a password from a file or the environment',
  passout: 'reads a password from a file or the environment',
};

export function checkOpenssl(w: CommandWords): Verdict {
  const sub = w.argv[1] ?? '';
  const options = OPENSSL_COMMANDS[sub];
  if (!options || w.template[1]?.includes('{{'))
    return refuse(
      'command-not-allowed',
      1,
      `a lesson may run openssl ${Object.keys(OPENSSL_COMMANDS).join(', ')} only`,
    );
  const paths: PathUse[] = [];
  for (let i = 2; i < w.argv.length; i++) {
    const word = w.argv[i] ?? '';
    if (!word.startsWith('-') || word === '-')
      return refuse('flag-not-allowed', i, `\`${word}\`: openssl ${sub} in a lesson takes options only`);
    const body = word.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq === -1 ? body : body.slice(0, eq);
    const kind = Object.hasOwn(options, name) ? options[name] : undefined;
    if (!kind)
      return refuse(
        'flag-not-allowed',
        i,
        `\`-${name}\` ${WHY[name] ?? `is not on the lesson allow-list of openssl ${sub}`}`,
      );
    if (kind === 'flag') continue;
    const valueAt = eq === -1 ? i + 1 : i;
    const value = eq === -1 ? w.argv[i + 1] : body.slice(eq + 1);
    if (value === undefined) return refuse('flag-not-allowed', i, `\`-${name}\` needs a value`);
    if (eq === -1) i++;
    if (name === 'newkey' && !/^(?:rsa(?::\d+)?|ec|ed25519|ed448)$/.test(value)) {
      return refuse(
        'flag-not-allowed',
        valueAt,
        `\`-newkey ${value}\`: a lesson makes keys with rsa:BITS, ec, ed25519 or ed448 ` +
          '(a parameter file is read from the host)',
      );
    }
    if (kind === 'value') continue;
    const use = pathUse(value, valueAt, kind, 'work', { devNull: kind === 'write' });
    if (!('path' in use)) return use;
    paths.push(use);
  }
  return { ok: true, paths };
}
