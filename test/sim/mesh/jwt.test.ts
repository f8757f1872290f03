import { describe, expect, it } from 'vitest';
import { Mesh, code, decidedBy } from './builder.js';
import { mintToken } from '../../../src/commands/token.js';
import { DEMO_JWKS } from '../../../src/sim/net/known-jwks.js';

const ISS = 'meshwalk-demo@meshwalk.dev';
const NOW = Date.UTC(2026, 0, 1);

function jwtMesh(extra: Record<string, unknown> = {}): Mesh {
  return new Mesh().ra('foo', 'jwt', {
    selector: { matchLabels: { app: 'books' } },
    jwtRules: [{ issuer: ISS, jwks: DEMO_JWKS, ...extra }],
  });
}
const bearer = (t: string) => ({ headers: { authorization: `Bearer ${t}` } });
const body = (d: ReturnType<Mesh['decide']>) => (d.outcome.kind === 'local-reply' ? d.outcome.body : undefined);

describe('request authentication', () => {
  it('a missing token passes; an invalid one is 401 with jwt_verify_lib text', async () => {
    const m = jwtMesh();
    const [c, s] = [m.workload('foo', 'sleep'), m.workload('foo', 'books')];
    expect(code(m.decide(c, s))).toBe('200');
    expect(body(m.decide(c, s, bearer('invalidToken')))).toBe(
      'Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections',
    );
    const good = await mintToken({ now: NOW });
    const d = m.decide(c, s, bearer(good));
    expect(code(d)).toBe('200');
    expect(d.outcome.kind === 'delivered' && d.outcome.requestPrincipal).toBe(`${ISS}/learner`);
    expect(d.outcome.kind === 'delivered' && 'authorization' in d.outcome.headerChanges).toBe(true);
  });
  it("checks issuer, expiry, not-before, audience and signature in Envoy's order", async () => {
    const m = jwtMesh({ audiences: ['books'] });
    const [c, s] = [m.workload('foo', 'sleep'), m.workload('foo', 'books')];
    expect(body(m.decide(c, s, bearer(await mintToken({ now: NOW, iss: 'other', aud: 'books' }))))).toBe(
      'Jwt issuer is not configured',
    );
    expect(body(m.decide(c, s, bearer(await mintToken({ now: NOW, expired: true, aud: 'books' }))))).toBe(
      'Jwt is expired',
    );
    expect(body(m.decide(c, s, bearer(await mintToken({ now: NOW, notBefore: '1h', aud: 'books' }))))).toBe(
      'Jwt not yet valid',
    );
    const wrongAud = m.decide(c, s, bearer(await mintToken({ now: NOW, aud: 'shop' })));
    expect([code(wrongAud), body(wrongAud)]).toEqual(['403', 'Audiences in Jwt are not allowed']);
    const t = await mintToken({ now: NOW, aud: 'books' });
    const tampered = `${t.slice(0, -4)}AAAA`;
    expect(body(m.decide(c, s, bearer(tampered)))).toBe('Jwt verification fails');
  });
  it('requestPrincipals and claims in an ALLOW policy', async () => {
    const m = jwtMesh().ap('foo', 'admins', {
      selector: { matchLabels: { app: 'books' } },
      rules: [
        {
          from: [{ source: { requestPrincipals: ['*'] } }],
          when: [{ key: 'request.auth.claims[groups]', values: ['admins'] }],
        },
      ],
    });
    const [c, s] = [m.workload('foo', 'sleep'), m.workload('foo', 'books')];
    expect(code(m.decide(c, s))).toBe('403');
    expect(code(m.decide(c, s, bearer(await mintToken({ now: NOW, claims: ['groups=dev,qa'] }))))).toBe('403');
    const d = m.decide(c, s, bearer(await mintToken({ now: NOW, claims: ['groups=admins,dev'] })));
    expect([code(d), decidedBy(d)]).toEqual(['200', 'admins']);
  });
  it('an invalid token is 401 even when a policy would deny', () => {
    const m = jwtMesh().ap('foo', 'deny-all', { action: 'DENY', rules: [{}] });
    expect(code(m.decide(m.workload('foo', 'sleep'), m.workload('foo', 'books'), bearer('a.b')))).toBe('401');
  });
});
