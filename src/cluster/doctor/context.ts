import { localityOf, minikubeProfileOf, otherwise, refusalMessage, startHint } from '../context.js';
import { readKubeContext } from '../kubeconfig.js';
import { createRealCluster } from '../real.js';
import type { Check } from './types.js';

/** Which context doctor looks at, and where its API server is. */
export const contextCheck: Check = {
  id: 'context',
  title: 'kube context',
  needs: ['kubectl'],
  environment: true,
  async run(input, facts) {
    const read = await readKubeContext(input.run, input.context);
    if (read.ok) {
      facts.info = read.info;
      return {
        status: 'ok',
        detail: `"${read.info.context}": cluster "${read.info.cluster}" at ${read.info.server || '(no server)'}`,
      };
    }
    switch (read.kind) {
      case 'no-current-context':
        return {
          status: 'fail',
          detail: read.reason,
          fix: 'meshwalk setup   (or: minikube start --cpus=4 --memory=8192)',
        };
      case 'no-such-context':
        if (input.context === 'minikube')
          return {
            status: 'fail',
            detail: read.reason,
            fix: 'meshwalk setup   (or: minikube start --cpus=4 --memory=8192)',
          };
        return {
          status: 'fail',
          detail: read.reason,
          fix: 'kubectl config get-contexts   (then pass an existing name to --context)',
        };
      case 'bad-kubeconfig':
      case 'no-kubectl':
        return {
          status: 'fail',
          detail: read.reason,
          fix: 'kubectl config view   (shows what kubectl reads; fix or remove the broken entry)',
        };
    }
  },
};

/** Context safety: meshwalk uses only local clusters, or a context named with --allow-context. */
export const localCheck: Check = {
  id: 'local',
  title: 'local cluster',
  needs: ['context'],
  environment: true,
  async run(input, facts) {
    const info = facts.info!;
    const locality = await localityOf(info, input.env, input.run);
    facts.locality = locality;
    const allowed = input.allowContext.includes(info.context);
    if (!locality.local && !allowed) {
      if (!locality.identity) {
        return {
          status: 'fail',
          detail: refusalMessage(info, locality),
          fix: `kubectl config use-context minikube   (or, only if "${info.context}" is disposable: --allow-context ${info.context})`,
        };
      }
      // The name looks local but the address does not: say which check failed and how to allow it.
      return {
        status: 'fail',
        detail: `"${info.context}" is not known to be local: ${locality.why}`,
        fix: `${otherwise(locality)}   (or, only if "${info.context}" is disposable: --allow-context ${info.context})`,
      };
    }
    const product = locality.local ? locality.product : undefined;
    const hint = startHint(info, product);
    facts.cluster = createRealCluster({
      context: info.context,
      cwd: input.cwd,
      env: input.env,
      ...(product === 'minikube' ? { minikubeProfile: minikubeProfileOf(info) } : {}),
      ...(hint ? { startHint: hint } : {}),
    });
    if (!locality.local) {
      return {
        status: 'warn',
        detail: `"${info.context}" is not known to be local (${locality.why}); used because of --allow-context`,
        fix: 'kubectl config use-context minikube   (a local cluster is safer)',
      };
    }
    return {
      status: 'ok',
      detail: `${locality.product} (${locality.why}); every command meshwalk runs carries --context ${info.context}`,
    };
  },
};
