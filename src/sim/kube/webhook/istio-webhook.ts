/**
 * istiod's validating admission webhook for the security kinds (pkg/webhooks/validation/server/server.go,
 * 1.22.0-1.31.0-rc.0): the kind's validation function runs on CREATE and UPDATE; an error denies the write
 * with "configuration is invalid: " and hashicorp/go-multierror's list, warnings go back to kubectl, which
 * prints each once as `Warning: ...` (rest.WarningWriter with Deduplicate). Pure: object + release -> verdict.
 * Releases before 1.22 are not modelled: their objects are admitted without this layer.
 */
import type { K8sObject } from '../../../kube/object.js';
import type { ApiError } from '../api-error.js';
import { istioMinor } from '../../versions.js';
import { validateAuthorizationPolicy } from './authorization-policy.js';
import { validatePeerAuthentication } from './peer-authentication.js';
import { validateRequestAuthentication } from './request-authentication.js';
import { multierror } from './multierror.js';

/** The first release whose validation.go was read for this layer. */
const FIRST_MINOR = 22;

export type WebhookVerdict = { denied: ApiError } | { warnings: string[] };

/** What istiod's webhook answers for `obj` on Istio `istio`; undefined when it does not look at the kind. */
export function istioWebhook(obj: K8sObject, istio: string): WebhookVerdict | undefined {
  const minor = istioMinor(istio);
  if (minor === undefined || minor < FIRST_MINOR) return undefined;
  const spec = (obj.spec ?? {}) as never;
  let result: { errors: string[]; warnings: string[] };
  switch (obj.kind) {
    case 'AuthorizationPolicy': {
      // multierror.Prefix(errs, "invalid policy NAME.NAMESPACE:") prefixes every error.
      const r = validateAuthorizationPolicy(spec, minor);
      const prefix = `invalid policy ${obj.metadata.name}.${obj.metadata.namespace ?? ''}:`;
      result = { errors: r.errors.map((e) => `${prefix} ${e}`), warnings: r.warnings };
      break;
    }
    case 'PeerAuthentication':
      result = validatePeerAuthentication(spec, minor);
      break;
    case 'RequestAuthentication':
      result = validateRequestAuthentication(spec, minor);
      break;
    default:
      return undefined;
  }
  if (result.errors.length === 0) return { warnings: [...new Set(result.warnings)] };
  // Objects labelled istio.io/rev=default meet istio-validator-istio-system's webhook first (sorted by name).
  const hook = obj.metadata.labels?.['istio.io/rev'] === 'default' ? 'rev.validation.istio.io' : 'validation.istio.io';
  const message = `admission webhook "${hook}" denied the request: ${INVALID}${multierror(result.errors)}`;
  return { denied: { reason: '', message } };
}

/** server.go's prefix for a validation function's error. */
const INVALID = 'configuration is invalid: ';
