import { getJson, installIstio } from './kubectl-json.js';
import { assertNever } from '../../errors.js';
import type { Check } from './types.js';
import { NEWEST_LESSON_ISTIO, lessonFit, lessonReleaseRange } from './lesson-releases.js';

interface Deployment {
  metadata?: { labels?: Record<string, string> };
  spec?: { replicas?: number; template?: { spec?: { containers?: { image?: string }[] } } };
  status?: { readyReplicas?: number; replicas?: number };
}

/** Istio installed: the istiod Deployment in istio-system, ready, and its version. */
export const istiodCheck: Check = {
  id: 'istiod',
  title: 'Istio control plane',
  needs: ['reachable'],
  environment: false,
  async run(_input, facts) {
    const cluster = facts.cluster!;
    const got = await getJson<Deployment>(cluster, ['deployment', 'istiod', '-n', 'istio-system']);
    if (got.kind === 'not-found') {
      return {
        status: 'fail',
        detail: 'Istio is not installed: no istiod deployment in istio-system',
        fix: `${installIstio(cluster.context)}   (or: meshwalk setup)`,
      };
    }
    if (got.kind === 'error')
      return {
        status: 'fail',
        detail: `cannot read istiod: ${got.message}`,
        fix: `kubectl --context ${cluster.context} -n istio-system get deployment istiod`,
      };
    const d = got.object;
    const want = d.spec?.replicas ?? 1;
    const ready = d.status?.readyReplicas ?? 0;
    const version = istioVersionOf(d);
    if (version) facts.istioVersion = version;
    if (ready < 1) {
      return {
        status: 'fail',
        detail: `istiod ${version ?? ''} is not ready (${ready}/${want} replicas ready)`.replace('  ', ' '),
        fix: `kubectl --context ${cluster.context} -n istio-system rollout status deployment/istiod --timeout=180s`,
      };
    }
    if (!version)
      return {
        status: 'warn',
        detail: `istiod is ready (${ready}/${want}); its version is unknown (image tag not a version)`,
        fix: `istioctl --context ${cluster.context} version`,
      };
    const minor = version.split('.').slice(0, 2).join('.');
    const readyNow = `istiod ${version} is ready`;
    const range = lessonReleaseRange();
    const fit = lessonFit(version);
    switch (fit) {
      case 'written-for':
        return {
          status: 'ok',
          detail: `${readyNow} (${ready}/${want}); the lessons are written for Istio ${minor} (they cover ${range})`,
        };
      case 'older':
        return {
          status: 'warn',
          detail: `${readyNow}, but the lessons are written for Istio ${range}, not ${minor}`,
          fix: `with istioctl ${NEWEST_LESSON_ISTIO} on PATH: ${installIstio(cluster.context)}`,
        };
      case 'newer':
        return {
          status: 'warn',
          detail: `${readyNow}, but the lessons are written for Istio ${range}: ${minor} is newer, some steps may differ`,
          fix: `meshwalk check --cluster current   (runs every lesson's checks on this cluster)`,
        };
      default:
        return assertNever(fit);
    }
  },
};

/**
 * "1.24.2" from the pilot image tag (docker.io/istio/pilot:1.24.2[-distroless]) or the version labels;
 * a pre-release keeps its suffix ("1.31.0-rc.0"), a variant does not.
 */
export function istioVersionOf(d: Deployment): string | undefined {
  for (const c of d.spec?.template?.spec?.containers ?? []) {
    const m = /:(\d+\.\d+(?:\.\d+)?(?:-(?:alpha|beta|rc)\.\d+)?)(?:[-+][\w.-]*)?$/.exec(c.image ?? '');
    if (m) return m[1];
  }
  const labels = d.metadata?.labels ?? {};
  const v =
    labels['operator.istio.io/version'] ??
    labels['app.kubernetes.io/version'] ??
    labels['helm.sh/chart']?.replace(/^[a-z-]+-/, '');
  return v && /^\d+\.\d+/.test(v) ? v : undefined;
}
