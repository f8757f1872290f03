/** istio.io/dry-run: shadow policies are evaluated and traced but never change the decision. */
import { describe, expect, it } from 'vitest';
import { Mesh, code } from './builder.js';

function withDryRun(m: Mesh, value: string): Mesh {
  const last = m.objects.at(-1)!;
  last.metadata.annotations = { 'istio.io/dry-run': value };
  return m;
}

describe('dry-run AuthorizationPolicy', () => {
  const deny = {
    selector: { matchLabels: { app: 'httpbin' } },
    action: 'DENY',
    rules: [{ to: [{ operation: { paths: ['/headers'] } }] }],
  };
  it('a dry-run DENY that matches only logs "shadow denied"', () => {
    const m = withDryRun(new Mesh().ap('foo', 'deny-path-headers', deny), 'true');
    const d = m.decide(m.workload('foo', 'sleep'), m.workload('foo', 'httpbin'), { path: '/headers' });
    expect(code(d)).toBe('200');
    expect(d.trace.find((t) => t.stage === 'authz-deny')?.why).toContain('shadow denied');
  });
  it('"false" or no annotation enforces it; strconv.ParseBool spellings count as true', () => {
    for (const [value, want] of [
      ['false', '403'],
      ['True', '200'],
      ['1', '200'],
      ['yes', '403'],
    ] as const) {
      const m = withDryRun(new Mesh().ap('foo', 'p', deny), value);
      expect([
        value,
        code(m.decide(m.workload('foo', 'sleep'), m.workload('foo', 'httpbin'), { path: '/headers' })),
      ]).toEqual([value, want]);
    }
  });
  it('a dry-run ALLOW does not make the workload deny-by-default', () => {
    const m = withDryRun(
      new Mesh().ap('foo', 'only-ip', { action: 'ALLOW', rules: [{ to: [{ operation: { paths: ['/ip'] } }] }] }),
      'true',
    );
    expect(code(m.decide(m.workload('foo', 'sleep'), m.workload('foo', 'httpbin'), { path: '/headers' }))).toBe('200');
  });
});
