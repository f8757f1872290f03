/**
 * The Istio releases the simulator models: 1.4 to 1.31. A version decides which CRDs and API
 * versions are served (see kube/resources.ts), how istio-system looks (kube/install.ts) and the
 * injected sidecar's shape (kube/injection.ts, kube/native-sidecars.ts).
 */

/** The newest release modelled; `meshwalk sim` installs it when `--istio` is not given. */
export const NEWEST_ISTIO = '1.31';
/** The oldest release modelled (the first with security.istio.io/v1beta1). */
export const OLDEST_ISTIO = '1.4';

/**
 * The tag each release is modelled from when it is not `1.Y.0`: istio/istio had tagged only
 * 1.31.0-rc.0 of 1.31 when its sources were read, so 1.31 is that release candidate, and its
 * images and `istioctl version` say so rather than claim a 1.31.0 that was not read.
 */
const TAGS: Readonly<Record<string, string>> = { '1.31': '1.31.0-rc.0' };

/** The minor number of a "1.Y", "1.Y.Z" or "1.Y.Z-rc.N" version, or undefined when it is not a 1.x release. */
export function istioMinor(version: string): number | undefined {
  const m = /^v?1\.(\d+)(?:\.\d+(?:-(?:alpha|beta|rc)\.\d+)?)?$/.exec(version.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * Normalises a user-given version to "1.Y", or returns a one-line reason it is not modelled.
 * Patch numbers (and a pre-release suffix such as -rc.0) are accepted and dropped: the simulator
 * models minor releases.
 */
export function parseIstioVersion(version: string): { version: string } | { error: string } {
  const minor = istioMinor(version);
  const oldest = istioMinor(OLDEST_ISTIO) ?? 4;
  const newest = istioMinor(NEWEST_ISTIO) ?? 31;
  if (minor === undefined)
    return { error: `Istio version "${version}" is not of the form 1.Y (for example ${NEWEST_ISTIO})` };
  if (minor < oldest || minor > newest) {
    return { error: `Istio ${version} is not modelled: the simulator models ${OLDEST_ISTIO} to ${NEWEST_ISTIO}` };
  }
  return { version: `1.${minor}` };
}

/** The full version string the simulated images and `istioctl version` show, e.g. "1.24.0". */
export function istioRelease(version: string): string {
  return TAGS[version] ?? `${version}.0`;
}
