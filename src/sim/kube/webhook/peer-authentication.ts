/**
 * ValidatePeerAuthentication (pkg/config/validation/validation.go, 1.22.0-1.31.0-rc.0): port-level mTLS on
 * a policy without a selector (a mesh or namespace policy cannot have it), an empty portLevelMtls, a bad
 * port (1.22: only 0 is refused, "port cannot be 0"; from 1.23 "port must be in range 1..65535"), a
 * wildcard selector; the warning for a selector without labels.
 */
import { workloadSelectorProblems } from './workload-selector.js';

export interface PeerAuthenticationSpec {
  selector?: { matchLabels?: Record<string, string> };
  portLevelMtls?: Record<string, unknown>;
}

export function validatePeerAuthentication(p: Partial<PeerAuthenticationSpec>, minor: number) {
  const errors: string[] = [];
  const ports = Object.keys(p.portLevelMtls ?? {});
  if (Object.keys(p.selector?.matchLabels ?? {}).length === 0 && ports.length > 0) {
    errors.push('mesh/namespace peer authentication cannot have port level mTLS');
  }
  if (p.portLevelMtls && ports.length === 0) errors.push('port level mTLS, if defined, must have at least one element');
  for (const port of ports) {
    if (minor < 23 && Number(port) === 0) errors.push('port cannot be 0');
    if (minor >= 23 && !(Number(port) >= 1 && Number(port) <= 65535)) errors.push('port must be in range 1..65535');
  }
  const selector = workloadSelectorProblems(p.selector);
  return { errors: [...errors, ...selector.errors], warnings: selector.warnings };
}
