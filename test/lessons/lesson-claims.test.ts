/**
 * What the lessons teach about Istio and TLS, held to what Istio's release notes and docs say:
 * certificates are verified (never `curl -k`), old APIs are described by what each release did
 * with them, egress is not called locked by REGISTRY_ONLY alone, JWTs are bound to an audience,
 * and the workshop ends by pointing at what comes next.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Lesson, type Step } from '../../src/lesson/schema.js';

const ROOT = join(import.meta.dirname, '..', '..');
const load = (file: string) => Lesson.parse(parse(readFileSync(join(ROOT, 'lessons', file), 'utf8')));
const step = (l: Lesson, id: string): Step => {
  const s = l.steps.find((x) => x.id === id);
  if (!s) throw new Error(`${l.id} has no step ${id}`);
  return s;
};
const runs = (s: Step) => (s.run === undefined ? [] : [s.run].flat());
/** Every command of the lesson's steps: their own, their checks, their solutions. */
const commands = (l: Lesson) =>
  l.steps.flatMap((s) => [
    ...runs(s),
    ...(s.verify ? [s.verify.run] : []),
    ...(s.solve ?? []).flatMap((a) => ('run' in a ? [a.run] : [])),
  ]);
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('ingress-https', () => {
  const l = load('03-ingress-https.yaml');

  it('makes a certificate with a subjectAltName for the host it serves', () => {
    const make = runs(step(l, 'make-certificate')).join('\n');
    expect(make).toContain('-addext "subjectAltName=DNS:minikube.me"');
    expect(flat(step(l, 'make-certificate').text ?? '')).toContain('RFC 6125');
    expect(step(l, 'read-san').expect).toEqual({ contains: 'DNS:minikube.me' });
  });

  it('never skips certificate checks: every HTTPS call but the one without a CA trusts tls.crt', () => {
    const https = commands(l).filter((c) => c.startsWith('curl') && c.includes('https://'));
    expect(https.length).toBeGreaterThan(3);
    for (const c of https) expect(c, c).not.toMatch(/ (-k|--insecure|-[a-zA-Z]*k[a-zA-Z]*)( |$)/);
    const withoutCa = https.filter((c) => !c.includes('--cacert tls.crt'));
    expect(withoutCa).toEqual(runs(step(l, 'untrusted-without-cacert')));
    expect(step(l, 'untrusted-without-cacert').expect).toEqual({ status: '000', exitCode: 60 });
  });

  it('explains why not -k, and ends with a verified request that gets 200', () => {
    expect(flat(step(l, 'untrusted-without-cacert').text ?? '')).toContain('`curl -k` (`--insecure`)');
    const last = l.steps.at(-1)!;
    expect(runs(last).join('\n')).toContain('--cacert tls.crt');
    expect(last.expect).toMatchObject({ status: 200, stderrContains: 'subjectAltName: host "minikube.me" matched' });
  });
});

describe('jwt-authentication', () => {
  const l = load('04-jwt-authentication.yaml');
  const vars = l.vars ?? {};
  const capture = (name: string) => {
    const v = vars[name];
    if (v === undefined || typeof v === 'string') throw new Error(`${name} is not a captured value`);
    return v.capture;
  };

  it('mints the tokens it uses for the audience books, and one for another app', () => {
    for (const name of ['TOKEN', 'ADMIN_TOKEN', 'EXPIRED_TOKEN']) expect(capture(name), name).toContain('--aud books');
    expect(capture('OTHER_APP_TOKEN')).toContain('--aud inventory');
  });

  it('shows a token for another app accepted, then refused with 403 once audiences are set', () => {
    const ids = l.steps.map((s) => s.id);
    expect(ids.indexOf('other-app-token')).toBeLessThan(ids.indexOf('audiences'));
    expect(ids.indexOf('audiences')).toBeLessThan(ids.indexOf('right-audience'));
    expect(step(l, 'other-app-token').expect).toEqual({ status: 200 });
    const audiences = step(l, 'audiences');
    expect(audiences.apply).toBe('manifests/jwt-authentication/request-authentication-audience.yaml');
    expect(audiences.verify?.run).toContain('{{OTHER_APP_TOKEN}}');
    expect(audiences.verify?.before).toEqual({ status: 200 });
    expect(audiences.verify?.expect).toEqual({ status: 403, contains: 'Audiences in Jwt are not allowed' });
    expect(runs(step(l, 'right-audience')).join('\n')).toContain('{{TOKEN}}');
    expect(step(l, 'right-audience').expect).toEqual({ status: 200 });
  });

  it('applies a RequestAuthentication whose jwtRule names the audience', () => {
    const ra = parse(
      readFileSync(join(ROOT, 'manifests/jwt-authentication/request-authentication-audience.yaml'), 'utf8'),
    ) as { metadata: { name: string }; spec: { jwtRules: { issuer: string; audiences?: string[] }[] } };
    expect(ra.metadata.name).toBe('books-jwt');
    expect(ra.spec.jwtRules).toMatchObject([{ issuer: 'meshwalk-demo@meshwalk.dev', audiences: ['books'] }]);
  });
});

describe('least-privilege', () => {
  const l = load('05-least-privilege.yaml');

  it('calls REGISTRY_ONLY a limit on the sidecars, never a lock', () => {
    const text = flat([l.summary, ...l.steps.flatMap((s) => [s.title, s.text ?? ''])].join(' '));
    expect(text).not.toMatch(/lock egress down to/i);
    expect(step(l, 'registry-only').title).toBe('Limit egress to the service registry');
    const manifest = readFileSync(join(ROOT, 'manifests/least-privilege/registry-only.yaml'), 'utf8');
    expect(manifest).toContain('Not a security boundary');
  });

  it('ends by saying what does lock egress: an egress gateway and a NetworkPolicy, linked to Istio’s notes', () => {
    const last = l.steps.at(-1)!;
    expect(last.id).toBe('what-locks-egress');
    const text = flat(last.text ?? '');
    expect(text).toContain('do not enable secure egress traffic control');
    expect(text).toContain('**egress gateway**');
    expect(text).toContain('**NetworkPolicy**');
    expect(text).toContain(
      'https://istio.io/latest/docs/tasks/traffic-management/egress/egress-control/#security-note',
    );
    expect(text).toContain(
      'https://istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/#additional-security-considerations',
    );
  });
});

describe('api-migration', () => {
  const l = load('06-api-migration.yaml');

  it('says that Istio 1.6 ignored ServiceRole while its CRDs still accepted it', () => {
    const text = flat(step(l, 'old-rbac').text ?? '');
    expect(text).toContain('Istio 1.6 removed support for them');
    expect(text).toContain('Istio ignores these objects');
    expect(text).toContain('silently not enforced');
    expect(text).toContain('The CRDs are gone from Istio 1.7 on');
    expect(text).not.toContain('gone from 1.7 on. kubectl');
    expect(step(l, 'no-leftover-crds').expect).toEqual({ exitCode: 1, stderrContains: 'NotFound' });
    const manifest = readFileSync(join(ROOT, 'manifests/api-migration/v1alpha1-rbac.yaml'), 'utf8');
    expect(manifest).toContain('Istio 1.6 removed support');
  });

  it('does not claim the docs dropped the file-mount gateway task in 1.6', () => {
    const text = flat(step(l, 'gateway-certificates').text ?? '');
    expect(text).not.toContain('the docs describe only this way');
    expect(text).toContain('https://istio.io/v1.14/docs/tasks/traffic-management/ingress/secure-ingress-mount/');
    expect(text).toContain('to help users to transition');
  });

  it('ends the workshop with what comes next, each linked to istio.io', () => {
    const last = l.steps.at(-1)!;
    expect(last.id).toBe('what-next');
    expect(last.run).toBeUndefined();
    expect(last.verify).toBeUndefined();
    const text = flat(last.text ?? '');
    for (const topic of [
      'ztunnel',
      'waypoint proxy',
      'Kubernetes Gateway API',
      '`istioctl analyze`',
      '`istioctl x describe',
    ])
      expect(text, topic).toContain(topic);
    for (const page of [
      'https://istio.io/latest/docs/ambient/overview/',
      'https://istio.io/latest/docs/ambient/usage/waypoint/',
      'https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/',
      'https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-analyze/',
      'https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-describe/',
    ])
      expect(text, page).toContain(page);
  });
});
