import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessonFolder } from '../commands/run-check-fixtures.js';
import { meshwalk as inProcess } from '../support/meshwalk.js';

const removed = `apiVersion: authentication.istio.io/v1alpha1
kind: Policy
metadata:
  name: p
  namespace: default
spec: {}
`;
const lesson = `id: old-api
title: Old API
summary: Apply a kind Istio removed.
istio: ["1.24"]
steps:
  - id: apply
    title: Apply the old policy
    run: kubectl apply -f manifests/old.yaml
`;

describe('check names the line of a kubectl error that says what is wrong', () => {
  it('a kind that is not served: the "no matches for kind" line, not the advice after it', async () => {
    const dir = lessonFolder({ 'lessons/old.yaml': lesson, 'manifests/old.yaml': removed });
    const home = mkdtempSync(join(tmpdir(), 'mw-telling-'));
    const r = await inProcess(['check', 'old-api', '--cluster', 'sim', '--lessons', dir], {
      env: { ...process.env, MESHWALK_HOME: home },
      cwd: join(dir, '..'),
    });
    expect(r.status).toBe(1);
    const fail = r.stdout.split('\n').find((l) => l.includes('FAIL') && l.includes('exit')) ?? r.stdout;
    expect(fail).toContain('no matches for kind "Policy" in version "authentication.istio.io/v1alpha1"');
    expect(fail).not.toContain('ensure CRDs are installed first');
  });
});
