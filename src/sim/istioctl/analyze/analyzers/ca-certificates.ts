/**
 * destinationrule.CaCertificateAnalyzer (pkg/config/analysis/analyzers/destinationrule/ca-certificates.go,
 * 1.24.0-1.30.3): IST0128 when a DestinationRule's TLS mode is SIMPLE or MUTUAL without `caCertificates`, so the
 * client does not verify the server's certificate; IST0129 for the same at port level. A `credentialName` on a
 * rule with a `workloadSelector` is exempt.
 */
import type { Analyzer } from '../analyzer.js';
import { MESSAGES, message } from '../messages.js';
import { fieldLine, fullName, specOf } from '../resource.js';

interface Tls {
  mode?: string;
  caCertificates?: string;
  credentialName?: string;
}
interface Rule {
  host?: string;
  workloadSelector?: unknown;
  trafficPolicy?: { tls?: Tls; portLevelSettings?: { port?: { number?: number }; tls?: Tls }[] };
}

export const caCertificateAnalyzer: Analyzer = {
  name: 'destinationrule.CaCertificateAnalyzer',
  description: 'Checks if caCertificates is set when TLS mode is SIMPLE/MUTUAL',
  analyze({ snapshot, report }) {
    for (const r of snapshot.list('DestinationRule')) {
      const dr = specOf<Rule>(r);
      const namespace = r.obj.metadata.namespace ?? '';
      const name = fullName(r);
      const unverified = (tls: Tls | undefined): tls is Tls & { mode: string } =>
        (tls?.mode === 'SIMPLE' || tls?.mode === 'MUTUAL') &&
        !tls.caCertificates &&
        !(tls.credentialName && dr.workloadSelector !== undefined);
      const tls = dr.trafficPolicy?.tls;
      if (unverified(tls)) {
        const type = MESSAGES.NoServerCertificateVerificationDestinationLevel;
        const m = message(type, r, name, namespace, tls.mode, dr.host ?? '');
        report({ ...m, line: fieldLine(r, '{.spec.trafficPolicy.tls.caCertificates}') });
      }
      dr.trafficPolicy?.portLevelSettings?.forEach((p, i) => {
        if (!unverified(p.tls)) return;
        // The port is printed as protobuf text of the PortSelector.
        const port = p.port?.number === undefined ? '' : `number:${p.port.number}`;
        const type = MESSAGES.NoServerCertificateVerificationPortLevel;
        const m = message(type, r, name, namespace, p.tls.mode, dr.host ?? '', port);
        report({ ...m, line: fieldLine(r, `{.spec.trafficPolicy.portLevelSettings[${i}].tls.caCertificates}`) });
      });
    }
  },
};
