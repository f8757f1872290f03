/**
 * `meshwalk token`: mints a JWT for the JWT lesson, signed with the DEMO key shipped in
 * lessons/keys/ (public on purpose, so never trusted anywhere real). Prints only the token.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command, FlagOptions } from './command.js';
import { ExitCode, UserFacingError } from '../errors.js';
import { parseFlags } from './args.js';
import type { Io } from '../io.js';

const usage = `Usage: meshwalk token [--iss ISSUER] [--sub SUBJECT] [--aud AUDIENCE] [--claim KEY=VALUE]...
                      [--expires-in DURATION | --expired] [--not-before DURATION]
       meshwalk token --decode TOKEN|- [--state DIR | --cluster sim|current]

Mints a JSON Web Token for the JWT lesson and prints only the token, so it can go straight into
a variable: TOKEN=$(meshwalk token --claim groups=admins).

DEMO KEY: the token is signed (RS256) with lessons/keys/demo-jwt-private.jwk.json, a key pair
published with meshwalk for workshops. Anyone can mint tokens with it: never configure a real
system to trust lessons/keys/demo-jwks.json.

Flags:
  --iss ISSUER         the iss claim (default meshwalk-demo@meshwalk.dev, the lesson's issuer)
  --sub SUBJECT        the sub claim (default learner)
  --aud AUDIENCE       the aud claim (default none)
  --claim KEY=VALUE    an extra claim, repeatable; a comma makes a list (groups=a,b), and
                       true/false/numbers stay JSON values
  --expires-in DUR     lifetime, e.g. 30s, 10m, 1h, 2d (default 1h)
  --expired            make a token that expired an hour ago (for the 401 "Jwt is expired" step)
  --not-before DUR     the token becomes valid DUR from now (nbf), for "Jwt not yet valid"

Looking inside a token (any JWT, not only meshwalk's):
  --decode TOKEN       print its header and claims (times as dates: "expired 3 h ago", "valid
                       for 2 h") and which claims the cluster's RequestAuthentication (issuer,
                       audiences) and AuthorizationPolicy objects (requestPrincipals, when
                       request.auth.claims[...]) check, and whether the token has what they
                       want. - reads the token from standard input. It only decodes: the
                       signature is not checked, and the token is never printed whole.
  --state DIR          compare with the simulated cluster kept in DIR
  --cluster sim|current  the TUI's simulated cluster, or the current (local) kube context
  Default: the cluster the TUI uses. When it cannot be read, the token is still decoded.

Exit codes: 0 printed a token (or decoded one); 2 bad usage; 1 the demo key could not be
read, or --decode was given something that is not a JWT.`;

/** Parses 30s / 10m / 1h / 2d into seconds. */
export function parseDurationSeconds(text: string): number | undefined {
  const m = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

function claimValue(v: string): unknown {
  if (v.includes(','))
    return v
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

export interface TokenOptions {
  iss?: string;
  sub?: string;
  aud?: string;
  claims?: readonly string[];
  expiresIn?: string;
  expired?: boolean;
  notBefore?: string;
  now?: number;
}

/** Builds and signs the token. Exported for tests and lessons' setup code. */
export async function mintToken(o: TokenOptions, keyPath = defaultKeyPath()): Promise<string> {
  const { SignJWT, importJWK } = await import('jose');
  const now = Math.floor((o.now ?? Date.now()) / 1000);
  const claims: Record<string, unknown> = {};
  for (const c of o.claims ?? []) {
    const eq = c.indexOf('=');
    if (eq < 1) throw new UserFacingError(`meshwalk token: --claim takes KEY=VALUE, got "${c}"`, ExitCode.usage);
    claims[c.slice(0, eq)] = claimValue(c.slice(eq + 1));
  }
  const lifetime = o.expiresIn === undefined ? 3600 : parseDurationSeconds(o.expiresIn);
  if (lifetime === undefined)
    throw new UserFacingError(
      `meshwalk token: --expires-in takes a duration like 30s, 10m, 1h or 2d, got "${o.expiresIn}"`,
      ExitCode.usage,
    );
  const nbf = o.notBefore === undefined ? undefined : parseDurationSeconds(o.notBefore);
  if (o.notBefore !== undefined && nbf === undefined)
    throw new UserFacingError(
      `meshwalk token: --not-before takes a duration like 10m, got "${o.notBefore}"`,
      ExitCode.usage,
    );
  let jwk: Record<string, unknown>;
  try {
    jwk = JSON.parse(await readFile(keyPath, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new UserFacingError(
      `meshwalk token: cannot read the demo key ${keyPath}: ${(e as Error).message}`,
      ExitCode.failed,
    );
  }
  const { _warning: _w, ...key } = jwk;
  const kid = typeof key['kid'] === 'string' ? key['kid'] : undefined;
  const signer = new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(kid ? { kid } : {}) })
    .setIssuer(o.iss ?? 'meshwalk-demo@meshwalk.dev')
    .setSubject(o.sub ?? 'learner')
    .setIssuedAt(o.expired ? now - 7200 : now)
    .setExpirationTime(o.expired ? now - 3600 : now + lifetime);
  if (o.aud !== undefined) signer.setAudience(o.aud);
  if (nbf !== undefined) signer.setNotBefore(now + nbf);
  return signer.sign(await importJWK(key as never, 'RS256'));
}

const KEY_FILE = 'lessons/keys/demo-jwt-private.jwk.json';

/** lessons/keys/ of the package: the first ancestor of this file that has it, else the working directory's. */
function defaultKeyPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, KEY_FILE))) return join(dir, KEY_FILE);
    const up = dirname(dir);
    if (up === dir) return join(process.cwd(), KEY_FILE);
    dir = up;
  }
}

/** The flags `main` parses (parseArgs options; `--help` is added by parseFlags). */
const flags = {
  iss: { type: 'string' },
  sub: { type: 'string' },
  aud: { type: 'string' },
  claim: { type: 'string', multiple: true },
  'expires-in': { type: 'string' },
  expired: { type: 'boolean' },
  'not-before': { type: 'string' },
  decode: { type: 'string' },
  state: { type: 'string' },
  cluster: { type: 'string' },
} as const satisfies FlagOptions;

export const command: Command = {
  usage,
  flags,
  async main(argv, io) {
    const { values, positionals } = parseFlags('token', argv, flags);
    if (values.decode !== undefined) return decode(values.decode, values, io);
    if (values.state !== undefined || values.cluster !== undefined)
      throw new UserFacingError('meshwalk token: --state and --cluster go with --decode', ExitCode.usage);
    if (positionals.length > 0)
      throw new UserFacingError(
        `meshwalk token: unexpected argument "${positionals[0]}" (see meshwalk token --help)`,
        ExitCode.usage,
      );
    if (values.expired && values['expires-in'] !== undefined)
      throw new UserFacingError('meshwalk token: --expired and --expires-in exclude each other', ExitCode.usage);
    const token = await mintToken({
      iss: values.iss,
      sub: values.sub,
      aud: values.aud,
      claims: values.claim,
      expiresIn: values['expires-in'],
      expired: values.expired,
      notBefore: values['not-before'],
    });
    io.stdout.write(`${token}\n`);
    return ExitCode.ok;
  },
};

const MINT_FLAGS = ['iss', 'sub', 'aud', 'claim', 'expires-in', 'expired', 'not-before'] as const;

async function decode(
  arg: string,
  values: Partial<Record<(typeof MINT_FLAGS)[number] | 'state' | 'cluster', unknown>>,
  io: Io,
): Promise<number> {
  const minting = MINT_FLAGS.find((f) => values[f] !== undefined);
  if (minting) throw new UserFacingError(`meshwalk token: --decode does not take --${minting}`, ExitCode.usage);
  const { state, cluster } = values as { state?: string; cluster?: string };
  if (state !== undefined && cluster !== undefined)
    throw new UserFacingError('meshwalk token: give --state DIR or --cluster, not both', ExitCode.usage);
  if (cluster !== undefined && cluster !== 'sim' && cluster !== 'current')
    throw new UserFacingError(`meshwalk token: --cluster takes sim or current, got "${cluster}"`, ExitCode.usage);
  const text = arg === '-' ? await io.readStdin() : arg;
  const [{ decodeToken, tokenReport }, { readPolicies }] = await Promise.all([
    import('./token-decode.js'),
    import('./token-policies.js'),
  ]);
  const d = await decodeToken(text);
  if (!d.ok) {
    io.stderr.write(`meshwalk token: ${d.message}\n`);
    return ExitCode.failed;
  }
  const { dataDir } = await import('../progress/data-dir.js');
  const { join } = await import('node:path');
  const place =
    state !== undefined
      ? ({ kind: 'state', dir: state } as const)
      : cluster === 'sim'
        ? ({ kind: 'state', dir: join(dataDir(io.env), 'sim') } as const)
        : cluster === 'current'
          ? ({ kind: 'current' } as const)
          : ({ kind: 'tui' } as const);
  io.stdout.write(tokenReport(text, d.token, Date.now(), await readPolicies(place, io)));
  return ExitCode.ok;
}
