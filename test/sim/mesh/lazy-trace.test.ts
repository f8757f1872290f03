import { describe, expect, it } from 'vitest';
import { Mesh } from './builder.js';
import { compileMesh, decide, decideTraced, objectView, type MeshRequest } from '../../../src/sim/mesh/index.js';

// decide() builds the trace only when it is read; it must read as decideTraced's, which builds it as it goes.
describe('the trace decide builds on first read', () => {
  const m = new Mesh()
    .pa('foo', 'default', 'STRICT')
    .ap('foo', 'deny-admin', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin/{**}'] } }] }] })
    .ap('foo', 'audit', { action: 'AUDIT', rules: [{}] })
    .ap('foo', 'allow-get', {
      selector: { matchLabels: { app: 'httpbin' } },
      rules: [
        { from: [{ source: { principals: ['cluster.local/ns/bar/sa/sleep'] } }] },
        { to: [{ operation: { methods: ['GET'], paths: ['/ip', '/{*}/status'] } }] },
      ],
    })
    .ap('foo', 'other', { selector: { matchLabels: { app: 'web' } }, rules: [{}] });
  const config = compileMesh(objectView(m.objects, { now: m.now }));
  const request = (path: string, method = 'GET', sidecar = true): MeshRequest => ({
    source: { kind: 'workload', workload: m.workload('bar', 'sleep', { sidecar }) },
    destination: { kind: 'workload', workload: m.workload('foo', 'httpbin'), targetPort: 8080 },
    appTls: false,
    http: { method, host: 'httpbin.foo:8000', path, headers: {} },
  });

  it.each([
    ['/ip', 'GET', true],
    ['/admin/users', 'GET', true],
    ['/v1/status?x=1', 'POST', true],
    ['/v1/status', 'GET', false],
  ])('%s %s (client sidecar: %s)', (path, method, sidecar) => {
    const req = request(path, method, sidecar);
    const lazy = decide(req, config);
    const eager = decideTraced(req, config);
    expect(lazy.outcome).toEqual(eager.outcome);
    expect(lazy.trace).toEqual(eager.trace);
    expect(lazy.trace).toBe(lazy.trace);
  });

  it('reads as a plain { outcome, trace } object', () => {
    const d = decide(request('/ip'), config);
    expect(Object.keys(d)).toEqual(['outcome', 'trace']);
    expect({ ...d }).toEqual(decideTraced(request('/ip'), config));
    expect(JSON.parse(JSON.stringify(d))).toEqual(JSON.parse(JSON.stringify({ ...d })));
  });
});
