// The state a process keeps of the file it last read or wrote (persist.ts): every load is its own
// copy, equal to parsing the file, and a file another process changed is read again.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { installCluster } from '../../src/sim/kube/install.js';
import { loadState, STATE_FILE, saveState } from '../../src/sim/persist.js';
import { tempDir } from '../support/temp-dir.js';

const tmp = () => tempDir('mwknown-');
const parsedFile = (d: string) => JSON.parse(readFileSync(join(d, STATE_FILE), 'utf8')).cluster;

describe('loading the state this process last saw', () => {
  test('gives each load its own copy, equal to the file parsed', async () => {
    const d = tmp();
    await saveState(d, installCluster('1.31', Date.parse('2026-01-01T00:00:00Z')), 1);
    const first = loadState(d);
    const second = loadState(d);
    if (first.kind !== 'ok' || second.kind !== 'ok') throw new Error('not loaded');
    expect(second.data).toEqual(parsedFile(d));
    expect(second.revision).toBe(1);
    expect(second.data).not.toBe(first.data);
    first.data.istio = 'changed by the first command';
    (first.data.objects as unknown[]).length = 0;
    const third = loadState(d);
    expect(third.kind === 'ok' && third.data).toEqual(parsedFile(d));
  });

  test('gives back what was saved as a parse would, even if the saver changes its data afterwards', async () => {
    const d = tmp();
    const data = installCluster('1.30', Date.parse('2026-01-01T00:00:00Z'));
    (data as unknown as Record<string, unknown>).dropped = undefined;
    const saving = saveState(d, data, 7);
    data.istio = 'changed while writing';
    await saving;
    const loaded = loadState(d);
    if (loaded.kind !== 'ok') throw new Error('not loaded');
    expect(loaded.data).toStrictEqual(parsedFile(d));
    expect('dropped' in loaded.data).toBe(false);
    expect(loaded.data.istio).toBe('1.30');
    expect(loaded.revision).toBe(7);
  });

  test('reads the file again when another process changed it', async () => {
    const d = tmp();
    await saveState(d, installCluster('1.31', Date.parse('2026-01-01T00:00:00Z')), 1);
    expect(loadState(d).kind).toBe('ok');
    const doc = JSON.parse(readFileSync(join(d, STATE_FILE), 'utf8'));
    doc.revision = 2;
    doc.cluster.propagationMs = 1234;
    writeFileSync(join(d, STATE_FILE), JSON.stringify(doc));
    const loaded = loadState(d);
    expect(loaded.kind === 'ok' && [loaded.revision, loaded.data.propagationMs]).toEqual([2, 1234]);
    writeFileSync(join(d, STATE_FILE), '{"format":"meshwalk-sim-state", trunc');
    expect(loadState(d).kind).toBe('bad');
  });
});
