/**
 * security.ValidateAttribute, ValidateIPs and CheckServiceAccount as istiod's webhook runs them on an
 * AuthorizationPolicy. The accept/reject table is istio/istio pkg/config/security/security_test.go
 * TestValidateCondition (1.24.0); the messages are security.go's and Go's net/netip ParsePrefix's
 * (src/net/netip/netip.go, Go 1.22), as the webhook prints them through go-multierror.
 */
import { describe, expect, test } from 'vitest';
import { attributeError, serviceAccountError, validateIPs } from '../../../src/sim/kube/webhook/attribute-check.js';
import { istioWebhook } from '../../../src/sim/kube/webhook/istio-webhook.js';
import type { K8sObject } from '../../../src/kube/object.js';

// pkg/config/security/security_test.go TestValidateCondition, 1.24.0: [key, values, wantError].
const CONDITIONS: [string, string[], boolean][] = [
  ['request.headers[:authority]', ['productpage', ''], true],
  ['request.headers[:authority]', ['productpage'], false],
  ['request.headers[]', ['productpage'], true],
  ['source.ip', ['1.2.3.4', '5.6.7.0/24'], false],
  ['source.ip', ['a.b.c.d'], true],
  ['remote.ip', ['1.2.3.4', '5.6.7.0/24'], false],
  ['remote.ip', ['a.b.c.d'], true],
  ['source.namespace', ['value'], false],
  ['source.user', ['value'], true],
  ['source.principal', ['value'], false],
  ['request.auth.principal', ['value'], false],
  ['request.auth.audiences', ['value'], false],
  ['request.auth.presenter', ['value'], false],
  ['request.auth.claims[id]', ['123'], false],
  ['request.auth.claims[]', ['value'], true],
  ['destination.ip', ['1.2.3.4', '5.6.7.0/24'], false],
  ['destination.ip', ['a.b.c.d'], true],
  ['destination.port', ['80', '90'], false],
  ['destination.port', ['80', 'x'], true],
  ['destination.labels[app]', ['value'], true],
  ['destination.name', ['value'], true],
  ['destination.namespace', ['value'], true],
  ['destination.user', ['value'], true],
  ['connection.sni', ['value'], false],
  ['experimental.envoy.filters.a.b[c]', ['value'], false],
  ['experimental.envoy.filters.a.b.x', ['value'], true],
];

describe('security.ValidateAttribute', () => {
  test.each(CONDITIONS)('%s %j → error %s', (key, values, wantError) => {
    expect(attributeError(key, values, 24) !== undefined).toBe(wantError);
  });

  test("each rejection carries security.go's message", () => {
    expect(attributeError('source.user', ['v'], 24)).toBe('unknown attribute: source.user');
    expect(attributeError('request.headers[]', ['v'], 24)).toBe('bad key (request.headers[]): should have format a[b]');
    expect(attributeError('destination.labels[app]', ['v'], 24)).toBe(
      'attribute destination.labels[app] is replaced by the workload selector',
    );
    expect(attributeError('destination.namespace', ['v'], 24)).toBe(
      'attribute destination.namespace is replaced by the metadata.namespace',
    );
    expect(attributeError('destination.user', ['v'], 24)).toBe(
      'deprecated attribute destination.user: only supported in v1alpha1',
    );
    expect(attributeError('source.ip', ['a.b.c.d'], 24)).toBe('1 error occurred:\n\t* bad IP address (a.b.c.d)\n\n');
    expect(attributeError('request.headers[x]', ['a', ''], 24)).toBe(
      'empty value not allowed, found in request.headers[x]',
    );
  });

  test('source.serviceAccount is a key from 1.25, source.trustDomain from 1.30 (checked from 1.31)', () => {
    expect(attributeError('source.serviceAccount', ['ns/sa'], 24)).toBe('unknown attribute: source.serviceAccount');
    expect(attributeError('source.serviceAccount', ['ns/sa'], 25)).toBeUndefined();
    expect(attributeError('source.serviceAccount', ['a/b/c'], 25)).toBe(
      `expected format 'serviceAccount' or 'namespace/serviceAccount', found "a/b/c" in source.serviceAccount`,
    );
    expect(attributeError('source.trustDomain', ['a*b'], 29)).toBe('unknown attribute: source.trustDomain');
    expect(attributeError('source.trustDomain', ['a*b'], 30)).toBeUndefined();
    expect(attributeError('source.trustDomain', ['a*b'], 31)).toBe(
      'wildcard is only allowed at the start or end, found in source.trustDomain: "a*b"',
    );
  });
});

describe("security.ValidateIPs with Go's netip errors", () => {
  test.each([
    ['10.0.0.0/33', 'netip.ParsePrefix("10.0.0.0/33"): prefix length out of range'],
    ['10.0.0.0/x', 'netip.ParsePrefix("10.0.0.0/x"): bad bits after slash: "x"'],
    ['10.0.0.0/08', 'netip.ParsePrefix("10.0.0.0/08"): bad bits after slash: "08"'],
    ['10.0.0/8', 'netip.ParsePrefix("10.0.0/8"): ParseAddr("10.0.0"): IPv4 address too short'],
    ['10.0.0.256/8', 'netip.ParsePrefix("10.0.0.256/8"): ParseAddr("10.0.0.256"): IPv4 field has value >255'],
    [
      '10.0.01.0/24',
      'netip.ParsePrefix("10.0.01.0/24"): ParseAddr("10.0.01.0"): IPv4 field has octet with leading zero',
    ],
    [
      '10..0.0/8',
      'netip.ParsePrefix("10..0.0/8"): ParseAddr("10..0.0"): IPv4 field must have at least one digit (at ".0.0")',
    ],
    ['fe80::1%eth0/64', 'netip.ParsePrefix("fe80::1%eth0/64"): IPv6 zones cannot be present in a prefix'],
    ['2001:db8::/129', 'netip.ParsePrefix("2001:db8::/129"): prefix length out of range'],
  ])('%s', (cidr, message) => {
    expect(validateIPs([cidr])).toEqual([`bad CIDR range (${cidr}): ${message}`]);
  });

  test('good addresses and ranges pass, bad single addresses name only the address', () => {
    expect(validateIPs(['1.2.3.4', '5.6.7.0/24', '::1', '2001:db8::/32', '::ffff:1.2.3.4', '0.0.0.0/0'])).toEqual([]);
    expect(validateIPs(['1.2.3', '1:2:3', 'x', '1.2.3.4.5', '1:2:3:4:5:6:7:8::'])).toEqual([
      'bad IP address (1.2.3)',
      'bad IP address (1:2:3)',
      'bad IP address (x)',
      'bad IP address (1.2.3.4.5)',
      'bad IP address (1:2:3:4:5:6:7:8::)',
    ]);
  });

  test('CheckServiceAccount refuses wildcards, more than 16 values and empty parts', () => {
    expect(serviceAccountError('ServiceAccounts', ['ns/*'])).toBe('wildcard not allowed, found in ServiceAccounts');
    expect(
      serviceAccountError(
        'ServiceAccounts',
        Array.from({ length: 17 }, (_, i) => `sa${i}`),
      ),
    ).toBe('may not have more than 16 values');
    expect(serviceAccountError('ServiceAccounts', ['/sa'])).toBe(
      `expected format 'serviceAccount' or 'namespace/serviceAccount', found empty namespace "/sa" in ServiceAccounts`,
    );
  });
});

describe('the webhook denies an AuthorizationPolicy with a bad `when` or IP block', () => {
  const policy = (spec: unknown): K8sObject => ({
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'p', namespace: 'foo' },
    spec: spec as K8sObject['spec'],
  });
  const denial = (spec: unknown, istio = '1.24.0') => {
    const v = istioWebhook(policy(spec), istio);
    return v && 'denied' in v && 'message' in v.denied ? v.denied.message : undefined;
  };

  test('an unknown key and a bad notValues IP, in the order validation.go reports them', () => {
    const spec = {
      rules: [
        {
          when: [
            { key: 'source.user', values: ['x'] },
            { key: 'source.ip', notValues: ['10.0.0.0/33'] },
          ],
        },
      ],
    };
    expect(denial(spec)).toBe(
      'admission webhook "validation.istio.io" denied the request: configuration is invalid: 3 errors occurred:\n' +
        '\t* invalid policy p.foo: invalid `value` for `key` source.user: unknown attribute: source.user\n' +
        '\t* invalid policy p.foo: invalid `notValue` for `key` source.user: unknown attribute: source.user\n' +
        '\t* invalid policy p.foo: invalid `notValue` for `key` source.ip: 1 error occurred:\n' +
        '\t* bad CIDR range (10.0.0.0/33): netip.ParsePrefix("10.0.0.0/33"): prefix length out of range\n\n\n\n',
    );
  });

  test('a bad ipBlocks entry comes before the empty-value checks', () => {
    const spec = { rules: [{ from: [{ source: { ipBlocks: ['300.1.1.1'], principals: [''] } }] }] };
    expect(denial(spec)).toContain(
      '2 errors occurred:\n\t* invalid policy p.foo: bad IP address (300.1.1.1)\n\t* invalid policy p.foo: empty value not allowed, found in Principals\n',
    );
  });

  test('a valid when and ipBlocks are admitted', () => {
    const spec = {
      rules: [
        {
          from: [{ source: { ipBlocks: ['10.0.0.0/8'], notRemoteIpBlocks: ['::1'] } }],
          when: [{ key: 'request.auth.claims[groups]', values: ['admin'] }],
        },
      ],
    };
    expect(istioWebhook(policy(spec), '1.24.0')).toEqual({ warnings: [] });
  });
});
