/**
 * schema.ValidationAnalyzer.PeerAuthentication (pkg/config/analysis/analyzers/schema/validation.go running
 * pkg/config/validation/validation.go ValidatePeerAuthentication, the same from 1.24.0 to 1.30.3): IST0106 for
 * port-level mTLS on a policy without a selector (a mesh or namespace policy cannot have it), a port outside
 * 1..65535 or a wildcard selector; IST0133 for a selector without labels. The CRD's own rule rejects the first
 * at `kubectl apply`, so it shows for files.
 */
import type { Analyzer } from '../analyzer.js';
import { MESSAGES, message } from '../messages.js';
import { specOf } from '../resource.js';
import { workloadSelectorProblems } from '../selector-validation.js';

interface Policy { selector?: { matchLabels?: Record<string, string> }; portLevelMtls?: Record<string, unknown> }

export const peerAuthenticationSchemaAnalyzer: Analyzer = {
  name: 'schema.ValidationAnalyzer.PeerAuthentication',
  description: "Runs schema validation as an analyzer on 'PeerAuthentication' resources",
  analyze({ snapshot, report }) {
    for (const r of snapshot.list('PeerAuthentication')) {
      const p = specOf<Policy>(r);
      const ports = Object.keys(p.portLevelMtls ?? {});
      const errors: string[] = [];
      if (Object.keys(p.selector?.matchLabels ?? {}).length === 0 && ports.length > 0) {
        errors.push('mesh/namespace peer authentication cannot have port level mTLS');
      }
      for (const port of ports) {
        if (!(Number(port) >= 1 && Number(port) <= 65535)) errors.push('port must be in range 1..65535');
      }
      const selector = workloadSelectorProblems(p.selector);
      for (const e of [...errors, ...selector.errors]) report(message(MESSAGES.SchemaValidationError, r, e));
      for (const w of selector.warnings) report(message(MESSAGES.SchemaWarning, r, w));
    }
  },
};
