/**
 * Loads the `yaml` package on demand (most commands never parse YAML, and start-up time matters).
 * The bundle may resolve its CommonJS build, whose exports arrive under `default`.
 */
import type * as Yaml from 'yaml';

let cached: typeof Yaml | undefined;

export async function loadYaml(): Promise<typeof Yaml> {
  if (cached) return cached;
  const m = (await import('yaml')) as typeof Yaml & { default?: typeof Yaml };
  cached = typeof m.parseAllDocuments === 'function' ? m : (m.default as typeof Yaml);
  return cached;
}

/** The package if something already loaded it (sync readers fall back when it is not). */
export function loadedYaml(): typeof Yaml | undefined {
  return cached;
}
