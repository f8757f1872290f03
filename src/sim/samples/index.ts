/**
 * Istio's sample manifests as each release ships them (samples/httpbin/httpbin.yaml, ...), for a
 * learner who follows istio.io without an Istio release folder: `kubectl apply -f samples/...`
 * reads the file on disk when there is one, else the copy from the cluster's Istio release.
 * The data (data.ts, generated) is imported only on that fallback, so start-up never pays for it.
 */
import { istioMinor } from '../versions.js';

/** The `samples/...` path a `-f` argument names, or undefined when it is not under samples/. */
export function samplePath(arg: string): string | undefined {
  // As typed from the release folder (samples/x), from beside it (istio-1.24.0/samples/x), or ./samples/x.
  const m = /^(?:\.\/)?(?:istio-[\w.-]+\/)?(samples\/[\w./-]+)$/.exec(arg);
  if (!m?.[1] || m[1].includes('..')) return undefined;
  return m[1].replace(/\/{2,}/g, '/');
}

/** The sample's text in Istio `version` ("1.Y"), or undefined when that release has no such file (or it is not embedded). */
export async function readSample(path: string, version: string): Promise<string | undefined> {
  const minor = istioMinor(version);
  if (minor === undefined) return undefined;
  const { INDEX, BLOBS } = await import('./data.js');
  const runs = INDEX[path];
  if (!runs) return undefined;
  let id = -1;
  for (const [from, blob] of runs) if (from <= minor) id = blob;
  return id === -1 ? undefined : BLOBS[id];
}

/** The sample paths embedded, for messages. */
export async function samplePaths(): Promise<string[]> {
  return Object.keys((await import('./data.js')).INDEX);
}
