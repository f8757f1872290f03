/**
 * JWT verification as Envoy's jwt_authn filter does it (envoy source/extensions/filters/http/
 * jwt_authn/authenticator.cc, statuses from google/jwt_verify_lib src/status.cc), in its order:
 * parse, issuer, exp/nbf (60 s clock skew), audiences, then the signature against the JWKS.
 * jose decodes the token; the signature is checked with node:crypto because the simulated
 * network is synchronous (jose's verify functions are async-only). Results that do not depend
 * on the clock are cached per token, so repeated decisions stay fast.
 */
import { createPublicKey, verify as cryptoVerify, constants, type KeyObject } from 'node:crypto';
import { base64url, decodeJwt, decodeProtectedHeader } from 'jose';
import type { JwtRule } from './request-authn-policy.js';

export type JwtResult =
  | { ok: true; rule: JwtRule; issuer: string; principal: string; claims: Record<string, unknown>; payloadB64: string }
  /** Envoy answers with `status` and `message` as the body. */
  | { ok: false; status: 401 | 403; message: string; rule?: JwtRule };

export interface JwtOptions {
  now: number;
  /** Istio >= 1.7 (jwt_verify_lib with the longer malformed-token text). */
  longBadFormat: boolean;
  /** JWKS text for a rule (inline, or its jwksUri resolved); undefined = could not fetch. */
  jwksFor: (rule: JwtRule) => string | undefined;
}

export const BAD_FORMAT_LONG = 'Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections';
const CLOCK_SKEW_S = 60;

interface Parsed {
  header: { alg?: unknown; kid?: unknown };
  payload: Record<string, unknown>;
  signingInput: Buffer;
  signature: Buffer;
  payloadB64: string;
}

const parsedCache = new Map<string, Parsed | string>();
/** Signature results by JWKS text, then token (no long concatenated keys on the hot path). */
const sigCache = new Map<string, Map<string, boolean | string>>();
const keyCache = new Map<string, { kid?: string; kty?: string; key: KeyObject }[] | undefined>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= 5000) cache.clear();
  cache.set(key, value);
  return value;
}

function parse(token: string): Parsed | string {
  const hit = parsedCache.get(token);
  if (hit !== undefined) return hit;
  const parts = token.split('.');
  if (parts.length !== 3) return remember(parsedCache, token, BAD_FORMAT_LONG);
  const [h, p, s] = parts as [string, string, string];
  let header: Parsed['header'];
  let payload: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token) as Parsed['header'];
  } catch {
    return remember(
      parsedCache,
      token,
      isB64(h) ? 'Jwt header is an invalid JSON' : 'Jwt header is an invalid Base64url encoded',
    );
  }
  try {
    payload = decodeJwt(token) as Record<string, unknown>;
  } catch {
    return remember(
      parsedCache,
      token,
      isB64(p) ? 'Jwt payload is an invalid JSON' : 'Jwt payload is an invalid Base64url encoded',
    );
  }
  if (typeof header.alg !== 'string')
    return remember(parsedCache, token, 'Jwt header [alg] field is required and must be a string');
  if (!isB64(s)) return remember(parsedCache, token, 'Jwt signature is an invalid Base64url encoded');
  return remember(parsedCache, token, {
    header,
    payload,
    signingInput: Buffer.from(`${h}.${p}`),
    signature: Buffer.from(base64url.decode(s)),
    payloadB64: p,
  });
}

function isB64(s: string): boolean {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return false;
  try {
    base64url.decode(s);
    return true;
  } catch {
    return false;
  }
}

export function verifyJwt(token: string, rules: readonly JwtRule[], o: JwtOptions): JwtResult {
  const parsed = parse(token);
  if (parsed === BAD_FORMAT_LONG && !o.longBadFormat)
    return { ok: false, status: 401, message: 'Jwt is not in the form of Header.Payload.Signature' };
  if (typeof parsed === 'string') return { ok: false, status: 401, message: parsed };
  const iss = typeof parsed.payload['iss'] === 'string' ? parsed.payload['iss'] : '';
  const rule = rules.find((r) => r.issuer === iss);
  if (!rule) return { ok: false, status: 401, message: 'Jwt issuer is not configured' };
  const nowS = Math.floor(o.now / 1000);
  const exp = parsed.payload['exp'];
  const nbf = parsed.payload['nbf'];
  if (typeof exp === 'number' && nowS > exp + CLOCK_SKEW_S)
    return { ok: false, status: 401, message: 'Jwt is expired', rule };
  if (typeof nbf === 'number' && nowS + CLOCK_SKEW_S < nbf)
    return { ok: false, status: 401, message: 'Jwt not yet valid', rule };
  if (rule.audiences.length > 0) {
    const aud = parsed.payload['aud'];
    const auds = Array.isArray(aud) ? aud.map(String) : typeof aud === 'string' ? [aud] : [];
    if (!auds.some((a) => rule.audiences.includes(a)))
      return { ok: false, status: 403, message: 'Audiences in Jwt are not allowed', rule };
  }
  // Istio replaces a JWKS it cannot fetch with a fake key, so such tokens fail verification.
  const jwks = o.jwksFor(rule) ?? '';
  const sig = signatureCheck(token, parsed, jwks);
  if (sig !== true) return { ok: false, status: 401, message: sig === false ? 'Jwt verification fails' : sig, rule };
  const sub = typeof parsed.payload['sub'] === 'string' ? parsed.payload['sub'] : '';
  return {
    ok: true,
    rule,
    issuer: iss,
    principal: `${iss}/${sub}`,
    claims: parsed.payload,
    payloadB64: parsed.payloadB64,
  };
}

function signatureCheck(token: string, parsed: Parsed, jwks: string): boolean | string {
  let byToken = sigCache.get(jwks);
  if (!byToken) {
    if (sigCache.size >= 100) sigCache.clear();
    sigCache.set(jwks, (byToken = new Map()));
  }
  const hit = byToken.get(token);
  if (hit !== undefined) return hit;
  const cacheKey = token;
  const cache = byToken;
  const keys = importJwks(jwks);
  if (!keys || keys.length === 0) return remember(cache, cacheKey, false);
  const alg = String(parsed.header.alg);
  const kid = typeof parsed.header.kid === 'string' ? parsed.header.kid : undefined;
  const family =
    alg.startsWith('RS') || alg.startsWith('PS')
      ? 'RSA'
      : alg.startsWith('ES')
        ? 'EC'
        : alg === 'EdDSA'
          ? 'OKP'
          : undefined;
  const candidates = keys.filter(
    (k) => (kid === undefined || k.kid === undefined || k.kid === kid) && k.kty === family,
  );
  if (candidates.length === 0) return remember(cache, cacheKey, "Jwks doesn't have key to match kid or alg from Jwt");
  const ok = candidates.some((k) => verifyWith(alg, k.key, parsed.signingInput, parsed.signature));
  return remember(cache, cacheKey, ok);
}

function verifyWith(alg: string, key: KeyObject, data: Buffer, sig: Buffer): boolean {
  const bits = alg.slice(2);
  const hash = bits === '256' || bits === '384' || bits === '512' ? `sha${bits}` : undefined;
  try {
    if (alg === 'EdDSA') return cryptoVerify(null, data, key, sig);
    if (!hash) return false;
    if (alg.startsWith('RS')) return cryptoVerify(hash, data, key, sig);
    if (alg.startsWith('PS'))
      return cryptoVerify(
        hash,
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(bits) / 8 },
        sig,
      );
    if (alg.startsWith('ES')) return cryptoVerify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, sig);
  } catch {
    return false;
  }
  return false;
}

function importJwks(text: string): { kid?: string; kty?: string; key: KeyObject }[] | undefined {
  if (keyCache.has(text)) return keyCache.get(text);
  let keys: { kid?: string; kty?: string; key: KeyObject }[] | undefined;
  try {
    const doc = JSON.parse(text) as { keys?: Record<string, unknown>[] };
    keys = [];
    for (const jwk of doc.keys ?? []) {
      try {
        keys.push({
          kid: jwk['kid'] as string | undefined,
          kty: jwk['kty'] as string | undefined,
          key: createPublicKey({ key: jwk as never, format: 'jwk' }),
        });
      } catch {
        // A key node cannot import is skipped, as Envoy skips keys it cannot parse.
      }
    }
  } catch {
    keys = undefined;
  }
  return remember(keyCache, text, keys);
}
