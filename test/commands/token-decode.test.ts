// `meshwalk token --decode` through the built CLI: header and claims in words, what the cluster's
// policies check of them, the signature not checked, and the token never printed whole.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokenChecks } from '../../src/sim/mesh/token-checks.js';
import { meshwalk as inProcess } from '../support/meshwalk.js';

const home = mkdtempSync(join(tmpdir(), 'meshwalk-token-decode-'));
const env = { ...process.env, MESHWALK_HOME: home, NO_COLOR: '1' };
const meshwalk = (args: string[], input?: string) =>
  inProcess(args, { env, ...(input !== undefined ? { input } : {}) });

const state = join(home, 'state');
const sim = (...args: string[]) => meshwalk(['sim', '--state', state, '--', ...args]);

describe('meshwalk token --decode', () => {
  it('prints header and claims with dates, and what the RequestAuthentication and AuthorizationPolicy check', async () => {
    expect((await sim('kubectl', 'create', 'ns', 'jwt')).status).toBe(0);
    const applied = await sim(
      'kubectl',
      'apply',
      '-f',
      'manifests/jwt-authentication/request-authentication.yaml',
      '-f',
      'manifests/jwt-authentication/admins-only.yaml',
    );
    expect(applied.stdout).toContain('authorizationpolicy.security.istio.io/require-jwt created');
    const token = (
      await meshwalk(['token', '--sub', 'alice', '--claim', 'groups=dev,ops', '--expires-in', '2h'])
    ).stdout.trim();
    const r = await meshwalk(['token', '--decode', token, '--state', state]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/^Token eyJhbGciOiJS… \(\d+ characters\): decoded only, signature not checked here\.\n/);
    expect(out).not.toContain(token);
    expect(out).toContain('Header:\n  alg: RS256\n  typ: JWT\n  kid: meshwalk-demo-2026\n');
    expect(out).toContain('  groups: ["dev","ops"]\n  iss: meshwalk-demo@meshwalk.dev\n  sub: alice\n');
    expect(out).toMatch(/ {2}exp: \d+ = 20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ \(valid for 2 h\)\n/);
    expect(out).toContain(
      '\nWhat the policies on the simulated cluster check (claims only):\n  RequestAuthentication jwt/books-jwt\n',
    );
    expect(out).toContain(
      '    ok    jwtRules[0] issuer: wants meshwalk-demo@meshwalk.dev; the token has meshwalk-demo@meshwalk.dev\n',
    );
    expect(out).toContain('  AuthorizationPolicy jwt/require-jwt (ALLOW)\n');
    expect(out).toContain(
      '    ok    rules[0] from[0] requestPrincipals: wants *; the token has meshwalk-demo@meshwalk.dev/alice\n',
    );
    expect(out).toContain(
      '    FAILS rules[0] when request.auth.claims[groups]: wants admins; the token has dev, ops\n',
    );
  });

  it('reads the token from standard input with -, and says an expired one expired', async () => {
    const token = (await meshwalk(['token', '--expired'])).stdout;
    const r = await meshwalk(['token', '--decode', '-', '--state', state], token);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/exp: \d+ = \S+ \(expired 1 h ago\)/);
    expect(r.stdout).toMatch(/ {4}FAILS exp: wants a time to come; the token has \S+Z\n/);
  });

  it('says when it cannot read the policies, and still decodes', async () => {
    const token = (await meshwalk(['token'])).stdout.trim();
    const r = await meshwalk(['token', '--decode', token, '--state', join(home, 'nothing-here')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Claims:\n');
    expect(r.stdout).toContain(
      `Which claims the policies check: cannot say, there is no simulated cluster in ${join(home, 'nothing-here')} yet.`,
    );
  });

  it('refuses what is not a token, and mixing --decode with minting flags', async () => {
    const bad = await meshwalk(['token', '--decode', 'hello']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(
      'meshwalk token: not a JSON Web Token: it needs three parts separated by dots (header.claims.signature)\n',
    );
    const mixed = await meshwalk(['token', '--decode', 'a.b.c', '--sub', 'x']);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toContain('--decode does not take --sub');
  });
});

describe('tokenChecks', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');
  const claims = { iss: 'https://idp.example', sub: 'bob', aud: ['books', 'x'], exp: now / 1000 + 60 };
  const ra = {
    apiVersion: 'security.istio.io/v1',
    kind: 'RequestAuthentication',
    metadata: { name: 'ra', namespace: 'jwt' },
    spec: { jwtRules: [{ issuer: 'https://idp.example', audiences: ['shop'] }] },
  };
  const ap = {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'deny-bob', namespace: 'jwt' },
    spec: {
      action: 'DENY',
      rules: [
        {
          from: [{ source: { notRequestPrincipals: ['https://idp.example/*'] } }],
          when: [
            { key: 'request.auth.audiences', values: ['books'] },
            { key: 'request.headers[x-user]', values: ['bob'] },
          ],
        },
      ],
    },
  };
  it('compares issuer and audiences exactly, principals and conditions as Istio matches them', async () => {
    expect(tokenChecks(claims, [ra], [ap], now).map((c) => [c.field, c.holds])).toEqual([
      ['exp', true],
      ['jwtRules[0] issuer', true],
      ['jwtRules[0] audiences', false],
      ['rules[0] from[0] notRequestPrincipals', false],
      ['rules[0] when request.auth.audiences', true],
    ]);
  });
});
