/**
 * The mesh config settings the data plane reads beyond policy: the access log and the extension
 * providers, from the `istio` ConfigMap's `mesh` key (what istiod reads, pkg/config/mesh).
 */
import type { ClusterView } from '../types.js';
import { loadedYaml } from '../yaml-lib.js';

export interface MeshSettings {
  /** meshConfig.accessLogFile; empty: no access log (the default profile). */
  accessLogFile: string;
  /** meshConfig.accessLogEncoding: TEXT (default) or JSON. */
  accessLogEncoding: 'TEXT' | 'JSON';
  /** meshConfig.extensionProviders as written, or undefined when the text could not be read. */
  extensionProviders: readonly Record<string, unknown>[] | undefined;
}

export function meshText(view: Pick<ClusterView, 'get'>): string {
  const text = view.get('ConfigMap', 'istio-system', 'istio')?.data?.['mesh'];
  return typeof text === 'string' ? text : '';
}

/** Reads the settings; extensionProviders needs the YAML package loaded (see needsYaml). */
export function meshSettings(text: string): MeshSettings {
  const top = (key: string) => new RegExp(`^${key}:[ \\t]*["']?([^"'\\s]*)`, 'm').exec(text)?.[1] ?? '';
  const encoding = top('accessLogEncoding');
  return {
    accessLogFile: top('accessLogFile'),
    accessLogEncoding: encoding === 'JSON' ? 'JSON' : 'TEXT',
    extensionProviders: providers(text),
  };
}

/** True when reading the settings needs the YAML package (call loadYaml() first). */
export function needsYaml(text: string): boolean {
  return /^extensionProviders:/m.test(text);
}

function providers(text: string): readonly Record<string, unknown>[] | undefined {
  if (!needsYaml(text)) return [];
  const yaml = loadedYaml();
  if (!yaml) return undefined;
  try {
    const doc = yaml.parse(text) as { extensionProviders?: unknown } | null;
    const list = doc?.extensionProviders;
    return Array.isArray(list)
      ? list.filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null)
      : [];
  } catch {
    return undefined;
  }
}
