/**
 * JWT token locations, as Envoy's jwt_authn extractor.cc reads them and Istio's
 * pilot/pkg/security/authn/policy_applier.go configures them (fromCookies from 1.21); the
 * jwtRules fields as istio.io/latest/docs/reference/config/security/jwt/ describes them.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Mesh, code } from './builder.js';
import { mintToken } from '../../../src/commands/token.js';
import { DEMO_JWKS } from '../../../src/sim/net/known-jwks.js';
import { parseCookies } from '../../../src/sim/mesh/jwt-locations.js';
import { renderDecision } from '../../../src/sim/mesh/index.js';

const ISS = 'meshwalk-demo@meshwalk.dev';
const NOW = Date.UTC(2026, 0, 1);
const principal = (d: ReturnType<Mesh['decide']>) =>
  d.outcome.kind === 'delivered' ? d.outcome.requestPrincipal : undefined;
const body = (d: ReturnType<Mesh['decide']>) => (d.outcome.kind === 'local-reply' ? d.outcome.body : undefined);

function mesh(rule: Record<string, unknown>, ...more: Record<string, unknown>[]) {
  const m = new Mesh().ra('foo', 'jwt', { jwtRules: [{ issuer: ISS, jwks: DEMO_JWKS, ...rule }, ...more] });
  return { m, c: m.workload('foo', 'sleep'), s: m.workload('foo', 'httpbin') };
}

describe('token locations', () => {
  it('fromCookies: the token is read only from the cookie, not from Authorization', async () => {
    const t = await mintToken({ now: NOW });
    const { m, c, s } = mesh({ fromCookies: ['session'] });
    const d = m.decide(c, s, { headers: { cookie: `theme=dark; session=${t}` } });
    expect(principal(d)).toBe(`${ISS}/learner`);
    expect(renderDecision(d)).toContain('(cookie session)');
    // A garbage bearer token is not even looked at: the default location is off.
    const ignored = m.decide(c, s, { headers: { authorization: 'Bearer garbage' } });
    expect([code(ignored), principal(ignored)]).toEqual(['200', undefined]);
    expect(renderDecision(ignored)).toContain('no token at cookie session');
  });
  it('fromHeaders with a prefix: the prefix must be present', async () => {
    const t = await mintToken({ now: NOW });
    const { m, c, s } = mesh({ fromHeaders: [{ name: 'x-jwt-assertion', prefix: 'Token ' }] });
    expect(principal(m.decide(c, s, { headers: { 'x-jwt-assertion': `Token ${t}` } }))).toBe(`${ISS}/learner`);
    expect(principal(m.decide(c, s, { headers: { 'x-jwt-assertion': t } }))).toBeUndefined();
    expect(principal(m.decide(c, s, { headers: { authorization: `Bearer ${t}` } }))).toBeUndefined();
  });
  it('fromParams replaces ?access_token=', async () => {
    const t = await mintToken({ now: NOW });
    const { m, c, s } = mesh({ fromParams: ['my_token'] });
    expect(principal(m.decide(c, s, { path: `/ip?my_token=${t}` }))).toBe(`${ISS}/learner`);
    expect(principal(m.decide(c, s, { path: `/ip?access_token=${t}` }))).toBeUndefined();
  });
  it('no location set: Authorization Bearer and ?access_token= (empty lists count as unset)', async () => {
    const t = await mintToken({ now: NOW });
    const { m, c, s } = mesh({ fromHeaders: [], fromParams: [] });
    expect(principal(m.decide(c, s, { path: `/ip?access_token=${t}` }))).toBe(`${ISS}/learner`);
    expect(principal(m.decide(c, s, { headers: { authorization: `Bearer ${t}` } }))).toBe(`${ISS}/learner`);
  });
  it('a token at a location another issuer configured is "Jwt issuer is not configured"', async () => {
    const t = await mintToken({ now: NOW });
    const { m, c, s } = mesh(
      { fromHeaders: [{ name: 'x-a' }] },
      { issuer: 'other', jwks: DEMO_JWKS, fromHeaders: [{ name: 'x-b' }] },
    );
    expect(principal(m.decide(c, s, { headers: { 'x-a': t } }))).toBe(`${ISS}/learner`);
    const d = m.decide(c, s, { headers: { 'x-b': t } });
    expect([code(d), body(d)]).toEqual(['401', 'Jwt issuer is not configured']);
  });
  it('several issuers at the default location: the token goes to the rule of its issuer', async () => {
    const other = await mintToken({ now: NOW, iss: 'other' });
    const { m, c, s } = mesh({}, { issuer: 'other', jwks: DEMO_JWKS });
    expect(principal(m.decide(c, s, { headers: { authorization: `Bearer ${other}` } }))).toBe('other/learner');
    const explicit = mesh(
      { fromHeaders: [{ name: 'Authorization', prefix: 'Bearer ' }] },
      { issuer: 'other', jwks: DEMO_JWKS },
    );
    const d = explicit.m.decide(explicit.c, explicit.s, { headers: { authorization: `Bearer ${other}` } });
    expect(principal(d)).toBe('other/learner');
  });
  // Envoy authenticator.cc: "If a request has multiple tokens, all of them must be valid"; a provider
  // verifies the last token first, and the payload of the last one verified becomes the principal.
  it("two valid tokens at one rule's locations pass; the first location's token is the principal", async () => {
    const a = await mintToken({ now: NOW, sub: 'a' });
    const b = await mintToken({ now: NOW, sub: 'b' });
    const { m, c, s } = mesh({ fromHeaders: [{ name: 'x-a' }, { name: 'x-b' }] });
    const d = m.decide(c, s, { headers: { 'x-a': a, 'x-b': b } });
    expect([code(d), principal(d)]).toEqual(['200', `${ISS}/a`]);
    expect(renderDecision(d)).toContain('2 tokens (header x-a, header x-b)');
  });
  it("a good token does not carry a bad one: 401 with the bad one's reason", async () => {
    const good = await mintToken({ now: NOW });
    const expired = await mintToken({ now: NOW - 7_200_000, expiresIn: '1h' });
    const { m, c, s } = mesh({ fromHeaders: [{ name: 'x-a' }, { name: 'x-b' }] });
    const d = m.decide(c, s, { headers: { 'x-a': good, 'x-b': expired } });
    expect([code(d), body(d)]).toEqual(['401', 'Jwt is expired']);
    const garbage = m.decide(c, s, { headers: { 'x-a': 'not-a-jwt', 'x-b': good } });
    expect(code(garbage)).toBe('401');
    expect(body(garbage)).toMatch(/^Jwt is not in the form of Header\.Payload\.Signature/);
  });
  it("tokens of two configured issuers in one request: each provider meets the other's token (401)", async () => {
    const mine = await mintToken({ now: NOW });
    const other = await mintToken({ now: NOW, iss: 'other' });
    const { m, c, s } = mesh({}, { issuer: 'other', jwks: DEMO_JWKS });
    const d = m.decide(c, s, { path: `/ip?access_token=${other}`, headers: { authorization: `Bearer ${mine}` } });
    expect([code(d), body(d)]).toEqual(['401', 'Jwt issuer is not configured']);
  });
  it('two rules of one issuer with different audiences: the rule whose audience matches accepts', async () => {
    const t = await mintToken({ now: NOW, claims: ['aud=books'] });
    const { m, c, s } = mesh({ audiences: ['ratings'] }, { issuer: ISS, jwks: DEMO_JWKS, audiences: ['books'] });
    expect(principal(m.decide(c, s, { headers: { authorization: `Bearer ${t}` } }))).toBe(`${ISS}/learner`);
    const only = mesh({ audiences: ['ratings'] });
    const d = only.m.decide(only.c, only.s, { headers: { authorization: `Bearer ${t}` } });
    expect([code(d), body(d)]).toEqual(['403', 'Audiences in Jwt are not allowed']);
  });
  it('before Istio 1.21 fromCookies is not passed to Envoy: the defaults apply', async () => {
    const t = await mintToken({ now: NOW });
    const { m, c, s } = mesh({ fromCookies: ['session'] });
    m.istio = '1.20';
    expect(principal(m.decide(c, s, { headers: { cookie: `session=${t}` } }))).toBeUndefined();
    expect(principal(m.decide(c, s, { headers: { authorization: `Bearer ${t}` } }))).toBe(`${ISS}/learner`);
  });
  it('cookies: first of a name wins, quotes are removed', () => {
    expect([...parseCookies('a=1; b="2"; a=3')]).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
  });
});

type Where = 'bearer' | 'param' | 'cookie' | 'header';
const place = (w: Where, t: string): { path?: string; headers?: Record<string, string> } => {
  switch (w) {
    case 'bearer':
      return { headers: { authorization: `Bearer ${t}` } };
    case 'param':
      return { path: `/ip?access_token=${t}` };
    case 'cookie':
      return { headers: { cookie: `session=${t}` } };
    case 'header':
      return { headers: { 'x-token': t } };
  }
};
const locationOf: Record<Where, Record<string, unknown>> = {
  bearer: { fromHeaders: [{ name: 'Authorization', prefix: 'Bearer ' }] },
  param: { fromParams: ['access_token'] },
  cookie: { fromCookies: ['session'] },
  header: { fromHeaders: [{ name: 'x-token' }] },
};

describe('token location properties', () => {
  it('a token placed only at a location no rule configures is never accepted', async () => {
    const t = await mintToken({ now: NOW });
    const all: Where[] = ['bearer', 'param', 'cookie', 'header'];
    fc.assert(
      fc.property(fc.subarray(all, { minLength: 1 }), fc.constantFrom(...all), (configured, at) => {
        fc.pre(!configured.includes(at));
        const rule = Object.assign({}, ...configured.map((w) => locationOf[w])) as Record<string, unknown>;
        const { m, c, s } = mesh(rule);
        return principal(m.decide(c, s, place(at, t))) === undefined;
      }),
    );
  });
});
