/**
 * The analyzers the simulator runs: the subset of Istio's analyzers.All() (pkg/config/analysis/analyzers/all.go)
 * that checks what the security lessons configure. The others are not run, so their codes never appear.
 */
import type { Analyzer } from '../analyzer.js';
import { authorizationPoliciesAnalyzer } from './authorization-policies.js';
import { authorizationPolicySchemaAnalyzer } from './authorization-policy-schema.js';
import { caCertificateAnalyzer } from './ca-certificates.js';
import { conflictingGatewayAnalyzer } from './conflicting-gateways.js';
import { gatewayPortAnalyzer } from './gateway-ports.js';
import { gatewaySecretAnalyzer } from './gateway-secrets.js';
import { injectionAnalyzer } from './injection.js';
import { peerAuthenticationSchemaAnalyzer } from './peer-authentication-schema.js';
import { portNameAnalyzer } from './port-name.js';
import { requestAuthenticationSchemaAnalyzer } from './request-authentication-schema.js';
import { virtualServiceDestinationHostAnalyzer } from './virtual-service-destination-hosts.js';
import { virtualServiceDestinationRuleAnalyzer } from './virtual-service-destination-rules.js';
import { virtualServiceGatewayAnalyzer } from './virtual-service-gateways.js';

export const ANALYZERS: readonly Analyzer[] = [
  authorizationPoliciesAnalyzer,
  caCertificateAnalyzer,
  gatewayPortAnalyzer,
  gatewaySecretAnalyzer,
  conflictingGatewayAnalyzer,
  injectionAnalyzer,
  portNameAnalyzer,
  virtualServiceDestinationHostAnalyzer,
  virtualServiceDestinationRuleAnalyzer,
  virtualServiceGatewayAnalyzer,
  authorizationPolicySchemaAnalyzer,
  peerAuthenticationSchemaAnalyzer,
  requestAuthenticationSchemaAnalyzer,
];

export {
  authorizationPoliciesAnalyzer,
  authorizationPolicySchemaAnalyzer,
  caCertificateAnalyzer,
  conflictingGatewayAnalyzer,
  gatewayPortAnalyzer,
  gatewaySecretAnalyzer,
  injectionAnalyzer,
  peerAuthenticationSchemaAnalyzer,
  portNameAnalyzer,
  requestAuthenticationSchemaAnalyzer,
  virtualServiceDestinationHostAnalyzer,
  virtualServiceDestinationRuleAnalyzer,
  virtualServiceGatewayAnalyzer,
};
