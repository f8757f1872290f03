/**
 * Secret and ConfigMap volumes as the kubelet mounts them (pkg/volume/secret/secret.go,
 * pkg/volume/configmap/configmap.go): every key becomes a file named after it, or only the
 * `items` listed, at their `path`; the file mode is the item's `mode`, else `defaultMode`
 * (0644). A missing object or key fails the mount unless the volume is `optional`, and the pod's
 * containers wait in ContainerCreating until it appears.
 */
import type { K8sObject } from '../../kube/object.js';

/** One projected file: its content and mode bits (0644 unless `defaultMode`/`mode` say otherwise). */
export interface MountedFile {
  text: string;
  mode: number;
}

/** A volume mounted into one container: the directory and its files (relative names). */
export interface Mount {
  dir: string;
  volume: string;
  files: Record<string, MountedFile>;
  /** When the kubelet wrote the files (ms; default 0): the times `ls -l` shows. */
  at?: number;
}

type Get = (kind: 'Secret' | 'ConfigMap', ns: string, name: string) => K8sObject | undefined;
type Item = { key?: string; path?: string; mode?: number };
type Volume = {
  name?: string;
  secret?: { secretName?: string; optional?: boolean; items?: Item[]; defaultMode?: number };
  configMap?: { name?: string; optional?: boolean; items?: Item[]; defaultMode?: number };
};
type Container = { name?: string; volumeMounts?: { name?: string; mountPath?: string; subPath?: string }[] };

/** The default mode of both volume types (kubelet: SecretVolumeSourceDefaultMode, 0644). */
const DEFAULT_MODE = 0o644;

function volumesOf(pod: K8sObject): Volume[] {
  return (pod.spec as { volumes?: Volume[] } | undefined)?.volumes ?? [];
}

/** The source object of a Secret or ConfigMap volume, with its keys decoded. */
function source(
  v: Volume,
): { kind: 'Secret' | 'ConfigMap'; name: string; optional: boolean; items?: Item[]; mode: number } | undefined {
  if (v.secret)
    return {
      kind: 'Secret',
      name: v.secret.secretName ?? '',
      optional: v.secret.optional === true,
      items: v.secret.items,
      mode: v.secret.defaultMode ?? DEFAULT_MODE,
    };
  if (v.configMap)
    return {
      kind: 'ConfigMap',
      name: v.configMap.name ?? '',
      optional: v.configMap.optional === true,
      items: v.configMap.items,
      mode: v.configMap.defaultMode ?? DEFAULT_MODE,
    };
  return undefined;
}

function keysOf(obj: K8sObject): Record<string, string> {
  const out: Record<string, string> = {};
  const decode = (b64: Record<string, string> | undefined) => {
    for (const [k, v] of Object.entries(b64 ?? {})) out[k] = Buffer.from(v, 'base64').toString('utf8');
  };
  if (obj.kind === 'Secret') decode(obj.data);
  else {
    for (const [k, v] of Object.entries(obj.data ?? {})) out[k] = v;
    decode(obj['binaryData'] as Record<string, string> | undefined);
  }
  return out;
}

/**
 * Why the kubelet cannot set up one of the pod's Secret or ConfigMap volumes (its FailedMount
 * event text), or undefined when all of them mount. Wording of pkg/volume/secret/secret.go and
 * pkg/volume/configmap/configmap.go (SetUpAt, MakePayload).
 */
export function mountFailure(pod: K8sObject, get: Get): string | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  for (const v of volumesOf(pod)) {
    const s = source(v);
    if (!s) continue;
    const obj = get(s.kind, ns, s.name);
    const lower = s.kind === 'Secret' ? 'secret' : 'configmap';
    if (!obj) {
      if (s.optional) continue;
      return `MountVolume.SetUp failed for volume "${v.name ?? ''}" : ${lower} "${s.name}" not found`;
    }
    const keys = keysOf(obj);
    for (const it of s.items ?? []) {
      if (it.key !== undefined && !(it.key in keys) && !s.optional) {
        const what =
          s.kind === 'Secret'
            ? 'secret references non-existent secret key'
            : 'configmap references non-existent config key';
        return `MountVolume.SetUp failed for volume "${v.name ?? ''}" : ${what}: ${it.key}`;
      }
    }
  }
  return undefined;
}

/** The Secret and ConfigMap volumes `container` mounts, with the files the kubelet projects. */
export function mountsOf(pod: K8sObject, container: string, get: Get): Mount[] {
  const ns = pod.metadata.namespace ?? 'default';
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const c = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].find((x) => x.name === container);
  const byName = new Map(volumesOf(pod).map((v) => [v.name ?? '', v]));
  const out: Mount[] = [];
  for (const m of c?.volumeMounts ?? []) {
    const v = byName.get(m.name ?? '');
    const s = v ? source(v) : undefined;
    if (!v || !s || !m.mountPath || m.subPath) continue;
    const obj = get(s.kind, ns, s.name);
    const keys = obj ? keysOf(obj) : {};
    const files: Record<string, MountedFile> = {};
    if (s.items) {
      for (const it of s.items) {
        const text = it.key === undefined ? undefined : keys[it.key];
        if (text !== undefined) files[it.path ?? it.key!] = { text, mode: it.mode ?? s.mode };
      }
    } else {
      for (const [k, text] of Object.entries(keys)) files[k] = { text, mode: s.mode };
    }
    out.push({ dir: m.mountPath.replace(/\/+$/, '') || '/', volume: v.name ?? '', files });
  }
  return out;
}
