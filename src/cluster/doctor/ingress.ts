import { CommandError } from '../port.js';
import { getJson, installIstio } from './kubectl-json.js';
import type { Check, Outcome } from './types.js';

interface Service {
  spec?: { type?: string; ports?: { name?: string; port?: number; nodePort?: number }[] };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/**
 * The istio-ingressgateway Service, and how to reach it from this machine: its LoadBalancer
 * address, or on minikube the node IP plus the node ports of `http2` and `https` (what Istio's
 * own tests use without a load balancer), or `minikube tunnel` for a LoadBalancer IP.
 */
export const ingressCheck: Check = {
  id: 'ingress',
  title: 'ingress gateway',
  needs: ['istiod'],
  environment: false,
  async run(_input, facts) {
    const cluster = facts.cluster!;
    const got = await getJson<Service>(cluster, ['service', 'istio-ingressgateway', '-n', 'istio-system']);
    if (got.kind === 'not-found') {
      return {
        status: 'fail',
        detail:
          'no istio-ingressgateway service in istio-system: the ingress lessons need it (the demo profile installs it)',
        fix: installIstio(cluster.context),
      };
    }
    if (got.kind === 'error')
      return {
        status: 'fail',
        detail: `cannot read the ingress gateway: ${got.message}`,
        fix: `kubectl --context ${cluster.context} -n istio-system get service istio-ingressgateway`,
      };
    const svc = got.object;
    const ports = svc.spec?.ports ?? [];
    const http = ports.find((p) => p.name === 'http2') ?? ports.find((p) => p.port === 80);
    const https = ports.find((p) => p.name === 'https') ?? ports.find((p) => p.port === 443);
    const lb = svc.status?.loadBalancer?.ingress?.[0];
    const lbAddr = lb?.ip ?? lb?.hostname;
    if (lbAddr) {
      return {
        status: 'ok',
        detail: `LoadBalancer ${lbAddr}: http://${lbAddr}:${http?.port ?? 80}, https://${lbAddr}:${https?.port ?? 443}`,
      };
    }
    const isMinikube = facts.locality?.local && facts.locality.product === 'minikube';
    const forward = `kubectl --context ${cluster.context} -n istio-system port-forward service/istio-ingressgateway 8080:80 8443:443`;
    if (isMinikube && http?.nodePort)
      return viaMinikube(
        cluster.run.bind(cluster),
        facts.info!.context,
        http.nodePort,
        https?.nodePort,
        svc.spec?.type ?? '',
      );
    if (svc.spec?.type === 'LoadBalancer') {
      return {
        status: 'warn',
        detail: 'LoadBalancer address pending: nothing on this machine reaches the gateway yet',
        fix: `${forward}   (then use http://localhost:8080)`,
      };
    }
    return {
      status: 'warn',
      detail: `service type ${svc.spec?.type ?? '?'} has no address outside the cluster`,
      fix: `${forward}   (then use http://localhost:8080)`,
    };
  },
};

async function viaMinikube(
  run: (argv: readonly string[], o?: { timeoutMs?: number }) => Promise<{ exitCode: number; stdout: string }>,
  profile: string,
  httpNodePort: number,
  httpsNodePort: number | undefined,
  type: string,
): Promise<Outcome> {
  const tunnel = profile === 'minikube' ? 'minikube tunnel' : `minikube tunnel -p ${profile}`;
  let ip: string | undefined;
  try {
    const r = await run(['minikube', 'ip'], { timeoutMs: 15_000 });
    ip = r.exitCode === 0 ? r.stdout.trim() || undefined : undefined;
  } catch (err) {
    if (!(err instanceof CommandError)) throw err;
  }
  if (!ip)
    return {
      status: 'warn',
      detail: `minikube ip failed; the gateway has node port ${httpNodePort}`,
      fix: `${tunnel}   (in another terminal: gives the LoadBalancer an address)`,
    };
  const where = `http://${ip}:${httpNodePort}${httpsNodePort ? `, https://${ip}:${httpsNodePort}` : ''}`;
  const lbNote = type === 'LoadBalancer' ? `, or run "${tunnel}" in another terminal for a LoadBalancer IP` : '';
  return {
    status: 'ok',
    detail: `reach it at ${where} (minikube IP + node port${lbNote}; with the docker driver on macOS or Windows use the tunnel)`,
  };
}
