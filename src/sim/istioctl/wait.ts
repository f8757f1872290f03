/**
 * `istioctl experimental wait --for=distribution KIND NAME[.NS]` as each release behaves
 * (istioctl/pkg/wait/wait.go; istioctl/cmd/wait.go before 1.20):
 *   1.12-1.22  istioctl asks istiod's debug/config_distribution for the version each proxy holds.
 *              With PILOT_ENABLE_CONFIG_DISTRIBUTION_TRACKING on (the default up to 1.15; from 1.16
 *              only when set, e.g. `istioctl install --set values.pilot.env.…=true`) it prints
 *              "Resource G/V/KIND/NS/NAME present on P out of T configurations across N sidecars",
 *              counting four xDS types (CDS, LDS, RDS, EDS) per connected proxy, gateways included;
 *              with it off, "pilot version tracking is disabled ..." (exit 1);
 *   1.23+      the command no longer exists in istioctl;
 *   up to 1.11 the key and message had other shapes: refused rather than invented.
 * On the simulated cluster a change reaches every proxy `propagationMs` after it is applied; the
 * command waits for that up to --timeout (30 s), then fails as istioctl does.
 */
import { hasProxy } from '../kube/native-sidecars.js';
import { Output, type SimContext, notSimulated } from '../context.js';
import type { ProcessResult } from '../types.js';
import { istioMinor } from '../versions.js';
import { servedResources } from '../kube/resources.js';
import { keyOf } from '../kube/store.js';

const DISABLED =
  'Error: pilot version tracking is disabled ' +
  '(To enable this feature, please set PILOT_ENABLE_CONFIG_DISTRIBUTION_TRACKING=true)';

/** The API version istiod's schema collection names the kind by (pkg/config/schema/collections, 1.12-1.22). */
function schemaVersion(group: string): string {
  if (group === 'security.istio.io') return 'v1beta1';
  if (group === 'networking.istio.io') return 'v1alpha3';
  return 'v1alpha1';
}

/** istiod's PILOT_ENABLE_CONFIG_DISTRIBUTION_TRACKING (pilot/pkg/features), from its Deployment. */
function trackingOn(ctx: SimContext, minor: number): boolean {
  const containers =
    (
      ctx.store.get('Deployment', 'istio-system', 'istiod')?.spec?.['template'] as
        | { spec?: { containers?: { env?: { name: string; value?: string }[] }[] } }
        | undefined
    )?.spec?.containers ?? [];
  const env = containers
    .flatMap((c) => c.env ?? [])
    .find((e) => e.name === 'PILOT_ENABLE_CONFIG_DISTRIBUTION_TRACKING');
  // env.RegisterBoolVar: strconv.ParseBool of the value, the default when it does not parse.
  const parsed =
    env?.value === undefined
      ? undefined
      : ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(env.value)
        ? true
        : ['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(env.value)
          ? false
          : undefined;
  return parsed ?? minor <= 15;
}

/** A Go duration ("30s", "5m", "1m30s", "300ms"), in ms; undefined when it does not parse. */
function goDuration(s: string): number | undefined {
  const units: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    '\u00b5s': 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  if (!/^(\d+(\.\d+)?(ns|us|\u00b5s|ms|s|m|h))+$/.test(s)) return s === '0' ? 0 : undefined;
  let ms = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ns|us|\u00b5s|ms|s|m|h)/g))
    ms += Number(m[1]) * (units[m[2] ?? 's'] ?? 0);
  return ms;
}

export function istioctlWait(words: readonly string[], ctx: SimContext): ProcessResult {
  const minor = istioMinor(ctx.store.data.istio) ?? 0;
  const delay = `on the simulated cluster a change reaches the sidecars ${ctx.propagationMs} ms after it is applied`;
  if (minor >= 23)
    return notSimulated(
      `istioctl experimental wait on Istio ${ctx.store.data.istio}`,
      `its istioctl has no wait command (removed in 1.23); ${delay}`,
    );
  if (minor <= 11)
    return notSimulated(
      `istioctl experimental wait on Istio ${ctx.store.data.istio}`,
      `its per-proxy distribution count is not modelled; ${delay}`,
    );
  let ns: string | undefined;
  let timeout = 30_000;
  let proxy: string | undefined;
  const args: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    const [flag, inline] =
      w.startsWith('--') && w.includes('=')
        ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]
        : [w, undefined];
    const value = () => inline ?? words[++i] ?? '';
    if (flag === '-n' || flag === '--namespace') ns = value();
    else if (flag === '--for') {
      if (value() !== 'distribution') return notSimulated('istioctl experimental wait --for other than distribution');
    } else if (flag === '--timeout') {
      const v = value();
      const ms = goDuration(v);
      if (ms === undefined)
        return new Output()
          .err(`Error: invalid argument "${v}" for "--timeout" flag: time: invalid duration "${v}"`)
          .done(1);
      timeout = ms;
    } else if (flag === '--threshold') {
      if (Number(value()) !== 1)
        return notSimulated(
          'istioctl experimental wait --threshold below 1',
          'every proxy gets a change at the same moment here',
        );
    } else if (flag === '--proxy') proxy = value();
    else if (w.startsWith('-')) return notSimulated(`istioctl experimental wait ${flag}`);
    else args.push(w);
  }
  if (args.length !== 2) return notSimulated('istioctl experimental wait without exactly a type and a name');
  const [kind = '', target = ''] = args;
  const type = servedResources(ctx.store.data.istio).find(
    (r) => r.group.endsWith('istio.io') && r.kind.toLowerCase() === kind.replace(/-/g, '').toLowerCase(),
  );
  if (!type) return notSimulated(`istioctl experimental wait for type ${kind}`);
  const dot = target.lastIndexOf('.');
  const [name, namespace] = dot > 0 ? [target.slice(0, dot), target.slice(dot + 1)] : [target, ns ?? 'default'];
  if (!ctx.store.get(type.kind, namespace, name))
    return notSimulated(`istioctl experimental wait for a ${type.kind} that does not exist (${name}.${namespace})`);
  // It reads the resource's generation from Kubernetes, then asks istiod, which answers that tracking is off.
  if (!trackingOn(ctx, minor)) return new Output().err(DISABLED).done(1);
  const key = `${type.group}/${schemaVersion(type.group)}/${type.kind}/${namespace}/${name}`;
  const proxies = ctx.store.list('Pod').filter(hasProxy);
  const counted =
    proxy === undefined ? proxies : proxies.filter((p) => `${p.metadata.name}.${p.metadata.namespace ?? ''}` === proxy);
  const changed = [...ctx.store.data.history]
    .reverse()
    .find((c) => keyOf(c.kind, c.ns || undefined, c.name) === keyOf(type.kind, namespace, name))?.at;
  const reachesAt = (changed ?? 0) + ctx.propagationMs;
  if (counted.length === 0 || reachesAt - ctx.store.now > timeout) {
    return new Output()
      .err(`Error: timeout expired before resource ${key} became effective on ${proxy ?? 'all sidecars'}`)
      .done(1);
  }
  const configs = counted.length * 4;
  const how = minor >= 15 ? 'across' : 'for totally';
  return new Output()
    .out(`Resource ${key} present on ${configs} out of ${configs} configurations ${how} ${proxies.length} sidecars`)
    .done(0);
}
