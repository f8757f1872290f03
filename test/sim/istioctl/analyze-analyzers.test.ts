/**
 * The analyzers on Istio's own test inputs (test/sim/istioctl/analyze-fixtures/, copied from istio/istio 1.30.3
 * pkg/config/analysis/analyzers/testdata) with the messages Istio's analyzers_test.go table expects for them:
 * code and "Kind ns/name", order aside. As in that test, objects without a namespace keep none and run-time
 * kinds (Pod, Service, Namespace, Secret) are read from the files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as yaml from 'yaml';
import type { Analyzer } from '../../../src/sim/istioctl/analyze/analyzer.js';
import { analyze } from '../../../src/sim/istioctl/analyze/analyze.js';
import { readFile } from '../../../src/sim/istioctl/analyze/file-source.js';
import { friendlyName, messageString, sprintf } from '../../../src/sim/istioctl/analyze/messages.js';
import { type Resource, snapshot } from '../../../src/sim/istioctl/analyze/resource.js';
import { resolveKind } from '../../../src/sim/kube/resources.js';
import {
  injectionAnalyzer,
  portNameAnalyzer,
  authorizationPoliciesAnalyzer,
  caCertificateAnalyzer,
  virtualServiceGatewayAnalyzer,
  virtualServiceDestinationHostAnalyzer,
  virtualServiceDestinationRuleAnalyzer,
  gatewaySecretAnalyzer,
  conflictingGatewayAnalyzer,
  authorizationPolicySchemaAnalyzer,
  peerAuthenticationSchemaAnalyzer,
  gatewayPortAnalyzer,
  requestAuthenticationSchemaAnalyzer,
} from '../../../src/sim/istioctl/analyze/analyzers/index.js';

const FIXTURES = join(import.meta.dirname, 'analyze-fixtures');

/**
 * What Istio's test harness adds after the files (AddDefaultResources, pkg/config/analysis/local/defaults.go):
 * a stand-in ingress gateway pod and its Service in istio-system. istioctl adds them too, but through the file
 * source that drops pods and services, so only the tests see them.
 */
const tcp = (name: string, port: number) => ({ name, port, protocol: 'TCP', targetPort: port });
const DEFAULTS: Resource[] = [
  {
    obj: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'istio-ingressgateway-dummypod',
        namespace: 'istio-system',
        labels: { istio: 'ingressgateway' },
      },
      spec: { containers: [{ name: 'istio-proxy' }] },
    },
  },
  {
    obj: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'istio-ingressgateway', namespace: 'istio-system' },
      spec: {
        selector: { istio: 'ingressgateway' },
        ports: [tcp('http2', 80), tcp('https', 443), tcp('tcp', 31400), tcp('tls', 15443)],
      },
    },
  },
];

function run(files: string[], analyzer: Analyzer, minor = 30) {
  const resources = files.flatMap((f) => {
    const r = readFile(yaml, f, readFileSync(join(FIXTURES, f), 'utf8'), {
      defaultNamespace: '',
      schemaOf: (v, k) => resolveKind(v, k, '1.24'),
      runtimeKinds: true,
    });
    if ('unparsable' in r) throw new Error(r.unparsable);
    return r.resources;
  });
  return analyze(snapshot([resources, DEFAULTS], 'istio-system'), [analyzer], { minor });
}

const found = (files: string[], analyzer: Analyzer, minor?: number) =>
  run(files, analyzer, minor).map((m) => [m.type.code, m.resource ? friendlyName(m.resource) : '']);

// Istio's table: [test name, input files, analyzer, expected [code, origin]].
const TABLE: [string, string[], Analyzer, [string, string][]][] = [
  [
    'istioInjection',
    ['injection.yaml'],
    injectionAnalyzer,
    [
      ['IST0102', 'Namespace bar'],
      ['IST0103', 'Pod default/noninjectedpod'],
      ['IST0123', 'Namespace busted'],
      ['IST0123', 'Namespace multi-ns-1'],
      ['IST0123', 'Namespace multi-ns-2'],
      ['IST0123', 'Namespace multi-ns-3'],
    ],
  ],
  [
    'portNameNotFollowConvention',
    ['service-no-port-name.yaml'],
    portNameAnalyzer,
    [
      ['IST0118', 'Service my-namespace1/my-service1'],
      ['IST0118', 'Service my-namespace1/my-service1'],
      ['IST0118', 'Service my-namespace2/my-service2'],
    ],
  ],
  ['namedPort', ['service-port-name.yaml'], portNameAnalyzer, []],
  ['unnamedPortInSystemNamespace', ['service-no-port-name-system-namespace.yaml'], portNameAnalyzer, []],
  [
    'authorizationpolicies',
    ['authorizationpolicies.yaml'],
    authorizationPoliciesAnalyzer,
    [
      ['IST0127', 'AuthorizationPolicy istio-system/meshwide-httpbin-v1'],
      ['IST0127', 'AuthorizationPolicy httpbin-empty/httpbin-empty-namespace-wide'],
      ['IST0127', 'AuthorizationPolicy httpbin/httpbin-nopods'],
      ['IST0101', 'AuthorizationPolicy httpbin/httpbin-bogus-ns'],
      ['IST0101', 'AuthorizationPolicy httpbin/httpbin-bogus-ns'],
      ['IST0101', 'AuthorizationPolicy httpbin/httpbin-bogus-not-ns'],
      ['IST0101', 'AuthorizationPolicy httpbin/httpbin-bogus-not-ns'],
      ['IST0127', 'AuthorizationPolicy test-ambient/no-workload'],
    ],
  ],
  [
    'destinationrule with no cacert, simple at destinationlevel',
    ['destinationrule-simple-destination.yaml'],
    caCertificateAnalyzer,
    [['IST0128', 'DestinationRule db-tls']],
  ],
  [
    'destinationrule with no cacert, mutual at destinationlevel',
    ['destinationrule-mutual-destination.yaml'],
    caCertificateAnalyzer,
    [['IST0128', 'DestinationRule db-mtls']],
  ],
  [
    'destinationrule with no cacert, simple at portlevel',
    ['destinationrule-simple-port.yaml'],
    caCertificateAnalyzer,
    [['IST0129', 'DestinationRule db-tls']],
  ],
  [
    'destinationrule with credentialname, simple at destinationlevel, no workloadSelector',
    ['destinationrule-simple-destination-credentialname.yaml'],
    caCertificateAnalyzer,
    [['IST0128', 'DestinationRule db-tls']],
  ],
  [
    'destinationrule with credentialname, simple at destinationlevel, workloadSelector',
    ['destinationrule-simple-destination-credentialname-selector.yaml'],
    caCertificateAnalyzer,
    [],
  ],
  [
    'destinationrule with credentialname, simple at portlevel, no workloadSelector',
    ['destinationrule-simple-port-credentialname.yaml'],
    caCertificateAnalyzer,
    [['IST0129', 'DestinationRule db-tls']],
  ],
  [
    'destinationrule with credentialname, simple at portlevel, workloadSelector',
    ['destinationrule-simple-port-credentialname-selector.yaml'],
    caCertificateAnalyzer,
    [],
  ],
  [
    'destinationrule with no cacert, mutual at portlevel',
    ['destinationrule-mutual-port.yaml'],
    caCertificateAnalyzer,
    [['IST0129', 'DestinationRule db-mtls']],
  ],
  [
    'destinationrule with no cacert, mutual at destinationlevel and simple at port level',
    ['destinationrule-compound-simple-mutual.yaml'],
    caCertificateAnalyzer,
    [
      ['IST0128', 'DestinationRule db-mtls'],
      ['IST0129', 'DestinationRule db-mtls'],
    ],
  ],
  [
    'destinationrule with no cacert, simple at destinationlevel and mutual at port level',
    ['destinationrule-compound-mutual-simple.yaml'],
    caCertificateAnalyzer,
    [
      ['IST0129', 'DestinationRule db-mtls'],
      ['IST0128', 'DestinationRule db-mtls'],
    ],
  ],
  ['destinationrule with both cacerts', ['destinationrule-with-ca.yaml'], caCertificateAnalyzer, []],
  [
    'virtualServiceGateways',
    ['virtualservice_gateways.yaml'],
    virtualServiceGatewayAnalyzer,
    [
      ['IST0101', 'VirtualService httpbin-bogus'],
      ['IST0132', 'VirtualService default/cross-test'],
      ['IST0132', 'VirtualService httpbin-bogus'],
      ['IST0132', 'VirtualService httpbin'],
    ],
  ],
  [
    'virtualServiceDestinationHosts',
    ['virtualservice_destinationhosts.yaml'],
    virtualServiceDestinationHostAnalyzer,
    [
      ['IST0101', 'VirtualService default/reviews-bogushost'],
      ['IST0101', 'VirtualService default/reviews-bogushost'],
      ['IST0101', 'VirtualService default/reviews-bookinfo-other'],
      ['IST0101', 'VirtualService default/reviews-mirror-bogushost'],
      ['IST0101', 'VirtualService default/reviews-bogusport'],
      ['IST0112', 'VirtualService default/reviews-2port-missing'],
      ['IST0101', 'VirtualService istio-system/cross-namespace-details'],
      ['IST0101', 'VirtualService hello/hello-export-to-bogus'],
    ],
  ],
  [
    'virtualServiceDestinationRules',
    ['virtualservice_destinationrules.yaml'],
    virtualServiceDestinationRuleAnalyzer,
    [
      ['IST0101', 'VirtualService default/reviews-bogussubset'],
      ['IST0101', 'VirtualService default/reviews-mirror-bogussubset'],
    ],
  ],
  ['gatewayNoWorkload', ['gateway-no-workload.yaml'], gatewayPortAnalyzer, [['IST0101', 'Gateway httpbin-gateway']]],
  ['gatewayBadPort', ['gateway-no-port.yaml'], gatewayPortAnalyzer, [['IST0162', 'Gateway httpbin-gateway']]],
  ['gatewayCorrectPort', ['gateway-correct-port.yaml'], gatewayPortAnalyzer, []],
  ['gatewayCustomIngressGateway', ['gateway-custom-ingressgateway.yaml'], gatewayPortAnalyzer, []],
  [
    'gatewayCustomIngressGatewayBadPort',
    ['gateway-custom-ingressgateway-badport.yaml'],
    gatewayPortAnalyzer,
    [['IST0162', 'Gateway httpbin-gateway']],
  ],
  [
    'gatewayCustomIngressGatewayBadPortWithoutTarget',
    ['gateway-custom-ingressgateway-badport-notarget.yaml'],
    gatewayPortAnalyzer,
    [['IST0162', 'Gateway httpbin-gateway']],
  ],
  [
    'gatewayCustomIngressGatewayTranslation',
    ['gateway-custom-ingressgateway-translation.yaml'],
    gatewayPortAnalyzer,
    [],
  ],
  [
    'gatewayServiceMatchPod',
    ['gateway-custom-ingressgateway-svcselector.yaml'],
    gatewayPortAnalyzer,
    [['IST0162', 'Gateway httpbin8002-gateway']],
  ],
  [
    'gatewaySecret',
    ['gateway-secrets.yaml'],
    gatewaySecretAnalyzer,
    [
      ['IST0101', 'Gateway defaultgateway-bogusCredentialName'],
      ['IST0101', 'Gateway customgateway-wrongnamespace'],
      ['IST0101', 'Gateway bogusgateway'],
    ],
  ],
  [
    'conflicting gateways detect',
    ['conflicting-gateways.yaml'],
    conflictingGatewayAnalyzer,
    [
      ['IST0145', 'Gateway alpha'],
      ['IST0145', 'Gateway beta'],
    ],
  ],
  ['gateways with different port are non-conflicting', ['gateway-different-port.yaml'], conflictingGatewayAnalyzer, []],
  [
    'conflicting gateways with multiple port declarations',
    ['conflicting-gateways-multiple-ports.yaml'],
    conflictingGatewayAnalyzer,
    [
      ['IST0145', 'Gateway alpha'],
      ['IST0145', 'Gateway beta'],
    ],
  ],
  [
    'conflicting gateways detect by sub selector',
    ['conflicting-gateways-subSelector.yaml'],
    conflictingGatewayAnalyzer,
    [
      ['IST0145', 'Gateway alpha'],
      ['IST0145', 'Gateway beta'],
    ],
  ],
  ['conflicting gateways detect: no port', ['conflicting-gateways-invalid-port.yaml'], conflictingGatewayAnalyzer, []],
];

describe("Istio's analyzer table (analyzers_test.go, 1.30.3)", () => {
  test.each(TABLE)('%s', (_name, files, analyzer, expected) => {
    expect(found(files, analyzer).sort()).toEqual([...expected].sort());
  });
});

describe('message text', () => {
  // A message points at the offending field's line (IST0102: metadata.name, line 33), else at the first line of
  // the document, which Istio's reader takes to be its first non-blank line, comments included (line 51, 73).
  test('IST0102, IST0103 and IST0123 read as Istio words them', () => {
    const lines = run(['injection.yaml'], injectionAnalyzer).map(messageString);
    expect(lines).toContain(
      'Info [IST0102] (Namespace bar injection.yaml:33) The namespace is not enabled for Istio injection. Run ' +
        "'kubectl label namespace bar istio-injection=enabled' to enable it, or 'kubectl label namespace bar " +
        "istio-injection=disabled' to explicitly mark it as not needing injection.",
    );
    expect(lines).toContain(
      'Warning [IST0103] (Pod default/noninjectedpod injection.yaml:73) The pod default/noninjectedpod is missing ' +
        'the Istio proxy. This can often be resolved by restarting or redeploying the workload.',
    );
    expect(lines).toContain(
      'Warning [IST0123] (Namespace busted injection.yaml:51) The namespace has more than one type of injection ' +
        'labels [istio-injection=enabled istio.io/rev=canary], which may lead to undefined behavior. ' +
        'Make sure only one injection label exists.',
    );
  });

  // No field line (caCertificates is absent): the document's first line, the copied-from comment.
  test('IST0128/IST0129 name the rule, its mode and host; the port as protobuf text', () => {
    const lines = run(['destinationrule-compound-simple-mutual.yaml'], caCertificateAnalyzer).map(messageString);
    expect(lines).toEqual([
      'Warning [IST0128] (DestinationRule db-mtls destinationrule-compound-simple-mutual.yaml:1) DestinationRule ' +
        'db-mtls in namespace  has TLS mode set to MUTUAL but no caCertificates are set to validate server identity ' +
        'for host: mydbserver.prod.svc.cluster.local',
      'Warning [IST0129] (DestinationRule db-mtls destinationrule-compound-simple-mutual.yaml:1) DestinationRule ' +
        'db-mtls in namespace  has TLS mode set to SIMPLE but no caCertificates are set to validate server identity ' +
        'for host: mydbserver.prod.svc.cluster.local at port number:443',
    ]);
  });

  test('IST0101 and IST0132 on a VirtualService point at the gateway entry', () => {
    const lines = run(['virtualservice_gateways.yaml'], virtualServiceGatewayAnalyzer).map(messageString);
    expect(lines).toContain(
      'Error [IST0101] (VirtualService httpbin-bogus virtualservice_gateways.yaml:39) Referenced gateway not found: ' +
        '"httpbin-gateway-bogus"',
    );
  });

  test('IST0145 lists the other gateways, the selector, port and hosts', () => {
    const lines = run(['conflicting-gateways.yaml'], conflictingGatewayAnalyzer).map(messageString);
    expect(lines[0]).toBe(
      'Error [IST0145] (Gateway alpha conflicting-gateways.yaml:17) Conflict with gateways beta ' +
        '(workload selector istio=ingressgateway, port 80, hosts foo.bar).',
    );
  });
});

describe('release differences', () => {
  test('until 1.24 a Gateway conflicts with another one on a different port (1.25 compares port numbers)', () => {
    expect(found(['gateway-different-port.yaml'], conflictingGatewayAnalyzer, 24).length).toBeGreaterThan(0);
    expect(found(['gateway-different-port.yaml'], conflictingGatewayAnalyzer, 25)).toEqual([]);
  });
});

/** The IST0106/IST0133 lines one schema analyzer gives for a policy of `kind` with this spec. */
function validated(kind: string, spec: string, analyzer: Analyzer, minor = 24): string[] {
  const head = `apiVersion: security.istio.io/v1\nkind: ${kind}\nmetadata:\n  name: p\n  namespace: foo\n`;
  const text = `${head}spec:\n${spec}`;
  const r = readFile(yaml, 'p.yaml', text, { defaultNamespace: '', schemaOf: (v, k) => resolveKind(v, k, '1.24') });
  if ('unparsable' in r) throw new Error(r.unparsable);
  return analyze(snapshot([r.resources], 'istio-system'), [analyzer], { minor }).map(
    (m) => `${m.type.code} ${sprintf(m.type.template, m.params)}`,
  );
}

describe('schema.ValidationAnalyzer.AuthorizationPolicy (ValidateAuthorizationPolicy in pkg/config/validation)', () => {
  const policy = (spec: string) => validated('AuthorizationPolicy', spec, authorizationPolicySchemaAnalyzer);

  test('DENY without rules never triggers: an error (and `rules: []` is no rules)', () => {
    const meaningless =
      'IST0106 Schema validation error: invalid policy p.foo: DENY action without `rules` is meaningless as it ' +
      'will never be triggered, add an empty rule `{}` if you want it be triggered for every request';
    expect(policy('  action: DENY\n')).toEqual([meaningless]);
    expect(policy('  action: DENY\n  rules: []\n')).toEqual([meaningless]);
    expect(policy('  action: DENY\n  rules:\n  - {}\n')).toEqual([]);
  });

  test('a DENY rule of HTTP attributes only: the warning that it denies all TCP traffic', () => {
    expect(policy('  action: DENY\n  rules:\n  - to:\n    - operation:\n        methods: ["POST"]\n')).toEqual([
      'IST0133 Schema validation warning: configured AuthorizationPolicy will deny all traffic to TCP ports under ' +
        'its scope due to the use of only HTTP attributes in a DENY rule; it is recommended to explicitly specify ' +
        'the port',
    ]);
    const withPort =
      '  action: DENY\n  rules:\n  - to:\n    - operation:\n' + '        methods: ["POST"]\n        ports: ["8000"]\n';
    expect(policy(withPort)).toEqual([]);
  });

  test('empty source and operation, empty values, bad ports, when without values, a provider outside CUSTOM', () => {
    expect(
      policy(
        [
          '  provider:',
          '    name: ext',
          '  rules:',
          '  - from:',
          '    - source: {}',
          '    - {}',
          '    to:',
          '    - operation:',
          '        paths: [""]',
          '        ports: ["http", "70000"]',
          '    when:',
          '    - key: request.auth.claims[iss]',
          '',
        ].join('\n'),
      ).sort(),
    ).toEqual(
      [
        '`from.source` must not be empty, found at rule 0',
        '`from.source` must not be nil, found at rule 0',
        '`provider` must not be with non CUSTOM action, found ALLOW',
        'at least one of `values` or `notValues` must be set for key request.auth.claims[iss]',
        'bad port (70000): <nil>',
        'bad port (http): strconv.ParseUint: parsing "http": invalid syntax',
        'empty value not allowed, found in Paths',
      ].map((e) => `IST0106 Schema validation error: invalid policy p.foo: ${e}`),
    );
  });

  test('CUSTOM needs rules and a provider name', () => {
    expect(policy('  action: CUSTOM\n  provider:\n    name: ext\n')).toEqual([
      'IST0106 Schema validation error: invalid policy p.foo: CUSTOM action without `rules` is meaningless as it ' +
        'will never be triggered, add an empty rule `{}` if you want it be triggered for every request',
    ]);
    expect(policy('  action: CUSTOM\n  rules:\n  - {}\n')).toEqual([
      'IST0106 Schema validation error: invalid policy p.foo: `provider.name` must not be empty',
    ]);
  });
});

describe('schema.ValidationAnalyzer.PeerAuthentication (ValidatePeerAuthentication in pkg/config/validation)', () => {
  const policy = (spec: string) => validated('PeerAuthentication', spec, peerAuthenticationSchemaAnalyzer);

  test('port-level mTLS needs a selector; a selector needs labels', () => {
    expect(policy('  mtls:\n    mode: STRICT\n  portLevelMtls:\n    8080:\n      mode: DISABLE\n')).toEqual([
      'IST0106 Schema validation error: mesh/namespace peer authentication cannot have port level mTLS',
    ]);
    expect(policy('  selector: {}\n  mtls:\n    mode: STRICT\n')).toEqual([
      'IST0133 Schema validation warning: workload selector specified without labels',
    ]);
    const scoped =
      '  selector:\n    matchLabels:\n      app: httpbin\n  portLevelMtls:\n    8080:\n      mode: DISABLE\n';
    expect(policy(scoped)).toEqual([]);
    expect(policy(scoped.replace('8080', '0'))).toEqual([
      'IST0106 Schema validation error: port must be in range 1..65535',
    ]);
  });
});

describe('schema.ValidationAnalyzer.RequestAuthentication (validateJwtRule in pkg/config/validation)', () => {
  const policy = (spec: string, minor?: number) =>
    validated('RequestAuthentication', spec, requestAuthenticationSchemaAnalyzer, minor);
  const error = (e: string) => `IST0106 Schema validation error: ${e}`;

  test('a rule needs an issuer until 1.26; from 1.27 a jwksUri will do', () => {
    const jwksOnly = '  jwtRules:\n  - jwksUri: https://example.com/jwks.json\n';
    expect(policy(jwksOnly, 24)).toEqual([error('issuer must be set')]);
    expect(policy(jwksOnly, 27)).toEqual([]);
    expect(policy('  jwtRules:\n  - audiences: [""]\n', 27)).toEqual([
      error('audience must be non-empty string'),
      error('issuer or jwksUri must be non-empty string'),
    ]);
  });

  test('the jwksUri must be http or https; token locations must be named', () => {
    const rule = [
      '  jwtRules:',
      '  - issuer: testing@secure.istio.io',
      '    jwksUri: example.com/jwks.json',
      '    fromHeaders:',
      '    - prefix: "Bearer "',
      '    fromParams: [""]',
      '',
    ].join('\n');
    expect(policy(rule).sort()).toEqual(
      [
        error('URI scheme "" is not supported'),
        error('location header name must be non-empty string'),
        error('location query must be non-empty string'),
      ].sort(),
    );
  });
});
