/**
 * gateway.SecretAnalyzer (pkg/config/analysis/analyzers/gateway/secret.go, 1.24.0-1.30.3): IST0101 when a
 * Gateway's selector matches no pod, and IST0101 when a server's `tls.credentialName` names no Secret in the
 * namespace of the first pod the selector matches (the gateway workload's namespace, where Istio reads it).
 * Istio also checks that the Secret holds a valid certificate (IST0161): not modelled, the Secret's existence is.
 */
import type { Analyzer } from '../analyzer.js';
import { MESSAGES, message } from '../messages.js';
import { fieldLine, shortOrFullName, specOf } from '../resource.js';
import { type Labels, selectorMatches, selectorString } from '../labels.js';

interface GatewaySpec {
  selector?: Labels;
  servers?: { tls?: { credentialName?: string } }[];
}

export const gatewaySecretAnalyzer: Analyzer = {
  name: 'gateway.SecretAnalyzer',
  description: "Checks a gateway's referenced secrets for correctness",
  analyze({ snapshot, report }) {
    for (const r of snapshot.list('Gateway')) {
      const gw = specOf<GatewaySpec>(r);
      const pod = snapshot.list('Pod').find((p) => selectorMatches(gw.selector, p.obj.metadata.labels));
      const gwNs = pod?.obj.metadata.namespace ?? '';
      if (!gwNs) {
        const selector = selectorString(gw.selector);
        const line = fieldLine(r, `{.spec.selector.${selector.slice(0, Math.max(0, selector.indexOf('=')))}}`);
        report({ ...message(MESSAGES.ReferencedResourceNotFound, r, 'selector', selector), line });
        continue;
      }
      (gw.servers ?? []).forEach((s, i) => {
        const cn = s.tls?.credentialName;
        if (!cn) return;
        const [ns, name] = shortOrFullName(gwNs, cn);
        if (snapshot.find('Secret', ns, name)) return;
        const line = fieldLine(r, `{.spec.servers[${i}].tls.credentialName}`);
        report({ ...message(MESSAGES.ReferencedResourceNotFound, r, 'credentialName', cn), line });
      });
    }
  },
};
