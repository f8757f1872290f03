import { getJson, installIstio } from './kubectl-json.js';
import type { Check } from './types.js';

/** The sidecar injector: Istio's MutatingWebhookConfiguration (label app=sidecar-injector) exists. */
export const injectorCheck: Check = {
  id: 'injector',
  title: 'sidecar injector',
  needs: ['istiod'],
  environment: false,
  async run(_input, facts) {
    const cluster = facts.cluster!;
    const got = await getJson<{ items?: { metadata?: { name?: string } }[] }>(cluster, [
      'mutatingwebhookconfigurations',
      '-l',
      'app=sidecar-injector',
    ]);
    if (got.kind === 'error')
      return {
        status: 'fail',
        detail: `cannot list webhooks: ${got.message}`,
        fix: `kubectl --context ${cluster.context} get mutatingwebhookconfigurations`,
      };
    const names = got.kind === 'found' ? (got.object.items ?? []).map((i) => i.metadata?.name ?? '?') : [];
    if (names.length === 0) {
      return {
        status: 'fail',
        detail:
          'no sidecar injector webhook (MutatingWebhookConfiguration with app=sidecar-injector): pods would start without sidecars',
        fix: installIstio(cluster.context),
      };
    }
    return {
      status: 'ok',
      detail: `webhook ${names.join(', ')}; a namespace opts in with the label istio-injection=enabled`,
    };
  },
};
