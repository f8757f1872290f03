import { checkReady, startHint } from '../context.js';
import type { Check } from './types.js';

/** The API server answers `/readyz` within 5 s; when not, kubectl's own message. */
export const reachableCheck: Check = {
  id: 'reachable',
  title: 'cluster reachable',
  needs: ['local'],
  environment: true,
  async run(_input, facts) {
    const cluster = facts.cluster!;
    const ready = await checkReady(cluster);
    if (ready.ok) return { status: 'ok', detail: `the API server of "${cluster.context}" is ready (/readyz)` };
    const hint = startHint(facts.info!, facts.locality?.local ? facts.locality.product : undefined);
    return {
      status: 'fail',
      detail: ready.reason,
      fix:
        hint ??
        `kubectl --context ${cluster.context} cluster-info   (shows why the server does not answer; start the cluster)`,
    };
  },
};
