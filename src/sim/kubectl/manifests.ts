/**
 * Reading what `-f` names, as kubectl does: a file, a directory's .yaml/.yml/.json files (sorted),
 * or `-` for stdin ("STDIN" in messages); multi-document YAML, JSON, and `kind: List`.
 */
import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { K8sObject } from '../../kube/object.js';
import type { SimContext } from '../context.js';
import { loadYaml } from '../yaml-lib.js';
import { readSample, samplePath } from '../samples/index.js';

export interface Manifest {
  obj: K8sObject;
  /** Where it came from, as kubectl names it in messages ("STDIN" or the path as given). */
  source: string;
}

export type ReadResult = { manifests: Manifest[] } | { error: string } | { notSimulated: string };

async function parseDocs(text: string, source: string): Promise<Manifest[] | { error: string }> {
  const { parseAllDocuments } = await loadYaml();
  const docs = parseAllDocuments(text, { prettyErrors: false });
  const out: Manifest[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const e = doc.errors[0];
    if (e) {
      const line = e.linePos?.[0]?.line ?? 1;
      return {
        error: `error: error parsing ${source}: error converting YAML to JSON: yaml: line ${line}: ${e.message.split('\n')[0] ?? ''}`,
      };
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      return { error: `error: error parsing ${source}: ${(err as Error).message}` };
    }
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      return {
        error: `error: error parsing ${source}: error unmarshaling JSON: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type map[string]interface {}`,
      };
    }
    const o = value as K8sObject & { items?: K8sObject[] };
    if (o.kind === 'List' && Array.isArray(o.items)) for (const item of o.items) out.push({ obj: item, source });
    else out.push({ obj: o, source });
  }
  return out;
}

/** What reading `-f` needs: the working directory, stdin, the Istio release (for samples/), files made by `<(...)`. */
export type ManifestContext = Pick<SimContext, 'cwd' | 'readStdin' | 'readFile' | 'virtualFiles'> & {
  store: { data: { istio: string } };
};

/**
 * Reads every `-f` argument in order. `recursive` descends into sub-directories (-R). A path
 * under `samples/` that is not on disk is Istio's sample from the cluster's release (samples/).
 */
export async function readManifests(
  files: readonly string[],
  ctx: ManifestContext,
  recursive = false,
): Promise<ReadResult> {
  const manifests: Manifest[] = [];
  for (const f of files) {
    if (/^https?:\/\//.test(f)) return { notSimulated: `kubectl -f with a URL (${f})` };
    const texts = await textsOf(f, ctx, recursive);
    if ('error' in texts) return texts;
    for (const { text, source } of texts) {
      const r = await parseDocs(text, source);
      if ('error' in r) return r;
      manifests.push(...r);
    }
  }
  return { manifests };
}

type Texts = { text: string; source: string }[] | { error: string };

/** The documents one `-f` argument names: stdin, a `<(...)` file, a file, a directory, or an embedded sample. */
async function textsOf(f: string, ctx: ManifestContext, recursive: boolean): Promise<Texts> {
  if (f === '-') return [{ text: await ctx.readStdin(), source: 'STDIN' }];
  const virtual = ctx.virtualFiles?.get(f);
  if (virtual !== undefined) return [{ text: virtual, source: f }];
  const { cwd } = ctx;
  const path = isAbsolute(f) ? f : join(cwd, f);
  let st;
  try {
    st = statSync(path);
  } catch {
    // A real file wins; without one, Istio's own sample for the cluster's release.
    const sample = samplePath(f);
    const text = sample === undefined ? undefined : await readSample(sample, ctx.store.data.istio);
    return text === undefined ? { error: `error: the path "${f}" does not exist` } : [{ text, source: f }];
  }
  const read = ctx.readFile ?? ((p: string) => readFile(p, 'utf8'));
  if (!st.isDirectory()) return [{ text: await read(path), source: f }];
  const found: string[] = [];
  const walk = (dir: string, shown: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const s = statSync(full);
      if (s.isDirectory()) {
        if (recursive) walk(full, join(shown, name));
      } else if (/\.(ya?ml|json)$/.test(name)) found.push(join(shown, name));
    }
  };
  walk(path, f);
  const readShown = async (shown: string) => ({
    text: await read(isAbsolute(shown) ? shown : join(cwd, shown)),
    source: shown,
  });
  return Promise.all(found.map(readShown));
}

/** kubectl's client-side check before anything reaches the server (apiVersion and kind set). */
export function missingTypeInfo(m: Manifest): string | undefined {
  const missing: string[] = [];
  if (!m.obj.apiVersion) missing.push('apiVersion not set');
  if (!m.obj.kind) missing.push('kind not set');
  if (missing.length === 0) return undefined;
  const what = missing.length === 1 ? missing[0] : `[${missing.join(', ')}]`;
  return `error: error validating "${m.source}": error validating data: ${what}; if you choose to ignore these errors, turn validation off with --validate=false`;
}
