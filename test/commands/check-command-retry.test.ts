// `meshwalk check` on the simulated cluster with a propagation delay: a step's curl with an
// `expect` waits for the policy the step applied, as a verification would.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLessons } from '../../src/commands/check.js';
import { lessonFolder, recordingIo } from './run-check-fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..');
const copy = (p: string) => readFileSync(join(ROOT, 'manifests', p), 'utf8');

const lesson = `id: deny-all
title: Deny all
summary: Deny every request in authz.
istio: ["1.24"]
setup:
  - run: kubectl apply -f manifests/namespaces.yaml
  - run: kubectl apply -f manifests/books-api.yaml -n authz
  - run: kubectl apply -f manifests/sleep.yaml -n authz
steps:
  - id: deny
    title: Deny everything
    apply: manifests/allow-nothing.yaml
  - id: see
    title: See the 403
    run: 'kubectl exec deploy/sleep -n authz -c sleep -- curl -s -o /dev/null -w "%{http_code}" http://books.authz:4000/books/1'
    expect: {status: 403}
`;

describe('meshwalk check, a step command with expect', () => {
  it('passes on the simulated cluster with --propagation 800, after attempts that saw the old 200', async () => {
    const dir = lessonFolder({
      'lessons/deny-all.yaml': lesson,
      'manifests/namespaces.yaml': copy('least-privilege/namespaces.yaml'),
      'manifests/books-api.yaml': copy('apps/books-api.yaml'),
      'manifests/sleep.yaml': copy('apps/sleep.yaml'),
      'manifests/allow-nothing.yaml': copy('least-privilege/allow-nothing.yaml'),
    });
    const io = recordingIo({ MESHWALK_HOME: join(dir, '..', 'home') });
    const code = await checkLessons(
      { lessons: ['deny-all'], cluster: 'sim', propagationMs: 800, json: false, lessonsDir: dir },
      io,
    );
    const out = io.out();
    expect(out).toMatch(/attempt 1 at [\d.]+ s: saw 200, expected status 403: RETRY, again in 0\.2 s/);
    expect(out).toMatch(/attempt \d+ at [\d.]+ s: saw 403, expected status 403: PASS/);
    expect(out).not.toContain('FAIL');
    expect(out.match(/\$ kubectl exec/g)).toHaveLength(1); // shown once, however many attempts
    expect(code).toBe(0);
  });
});
