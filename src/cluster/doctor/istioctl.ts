import { CommandError } from '../port.js';
import type { Check } from './types.js';

/** The release to download when istioctl is missing: the newest final release the lessons cover (1.30.3). */
const SUGGESTED_ISTIO = '1.30.3';

/** istioctl is optional: setup and a few lessons use it. A client far from istiod's version misbehaves. */
export const istioctlCheck: Check = {
  id: 'istioctl',
  title: 'istioctl (optional)',
  needs: [],
  environment: false,
  async run(input, facts) {
    const run = facts.cluster ? facts.cluster.run.bind(facts.cluster) : input.run;
    try {
      const r = await run(['istioctl', 'version', '--remote=false'], { timeoutMs: 10_000 });
      const version = /(\d+\.\d+\.\d+)/.exec(r.stdout)?.[1];
      if (r.exitCode !== 0 || !version)
        return {
          status: 'warn',
          detail: `istioctl version failed (exit ${r.exitCode})`,
          fix: 'istioctl version --remote=false',
        };
      const skew = facts.istioVersion ? minorOf(version) - minorOf(facts.istioVersion) : 0;
      if (Math.abs(skew) > 1) {
        return {
          status: 'warn',
          detail: `istioctl ${version} vs istiod ${facts.istioVersion}: istioctl supports its own minor version ±1`,
          fix: `install istioctl ${facts.istioVersion}: curl -L https://istio.io/downloadIstio | ISTIO_VERSION=${facts.istioVersion} sh -`,
        };
      }
      return { status: 'ok', detail: `istioctl ${version}` };
    } catch (err) {
      if (!(err instanceof CommandError)) throw err;
      return {
        status: 'warn',
        detail: 'istioctl not found on PATH (optional: meshwalk setup and some lessons use it)',
        fix:
          `curl -L https://istio.io/downloadIstio | ISTIO_VERSION=${SUGGESTED_ISTIO} sh -   ` +
          `then add istio-${SUGGESTED_ISTIO}/bin to your PATH`,
      };
    }
  },
};

function minorOf(v: string): number {
  return Number(v.split('.')[1] ?? 0);
}
