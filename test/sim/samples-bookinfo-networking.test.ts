/** The Bookinfo traffic-management samples (request routing, fault injection, shifting) embedded per release. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runSimCommand } from '../../src/sim/simulator.js';
import { readSample } from '../../src/sim/samples/index.js';
import { shlexSplit } from '../../src/sim/shell-words.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function cluster(istio: string) {
  const stateDir = mkdtempSync(join(tmpdir(), 'mwbookinfo-'));
  dirs.push(stateDir);
  let first = true;
  return async (line: string) => {
    const r = await runSimCommand(shlexSplit(line), {
      stateDir,
      stdin: '',
      cwd: stateDir,
      now: Date.parse('2025-01-01T00:00:00Z'),
      ...(first ? { istio } : {}),
    });
    first = false;
    return r;
  };
}

const NETWORKING = [
  'virtual-service-reviews-v3.yaml',
  'virtual-service-reviews-test-v2.yaml',
  'virtual-service-ratings-test-delay.yaml',
  'virtual-service-ratings-test-abort.yaml',
  'virtual-service-reviews-50-v3.yaml',
  'virtual-service-reviews-80-20.yaml',
  'virtual-service-reviews-90-10.yaml',
  'virtual-service-reviews-v2-v3.yaml',
  'virtual-service-reviews-jason-v2-v3.yaml',
];

describe('Bookinfo networking samples', () => {
  test('each applies in 1.24 as from a release folder', async () => {
    const run = cluster('1.24');
    await run('kubectl apply -f samples/bookinfo/networking/destination-rule-all.yaml');
    const created: Record<string, string> = {
      'virtual-service-reviews-v3.yaml': 'virtualservice.networking.istio.io/reviews created\n',
      'virtual-service-reviews-test-v2.yaml': 'virtualservice.networking.istio.io/reviews configured\n',
      'virtual-service-ratings-test-delay.yaml': 'virtualservice.networking.istio.io/ratings created\n',
    };
    for (const f of NETWORKING) {
      const r = await run(`kubectl apply -f samples/bookinfo/networking/${f}`);
      expect(r.exitCode, `${f}: ${r.stderr}`).toBe(0);
      if (created[f]) expect(r.stdout).toBe(created[f]);
    }
    expect((await run('kubectl get vs ratings -o jsonpath={.spec.http[0].fault.abort.httpStatus}')).stdout).toBe('500');
    expect((await run('kubectl apply -f samples/bookinfo/networking/destination-rule-all-mtls.yaml')).exitCode).toBe(0);
  });

  test('the Gateway API variants are embedded (and need the Gateway API CRDs)', async () => {
    expect(await readSample('samples/bookinfo/gateway-api/route-reviews-v3.yaml', '1.24')).toContain('kind: HTTPRoute');
    const run = cluster('1.24');
    const r = await run('kubectl apply -f samples/bookinfo/gateway-api/route-reviews-v1.yaml');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('ensure CRDs are installed first');
  });

  test('older releases get their own copy', async () => {
    expect(await readSample('samples/bookinfo/networking/virtual-service-reviews-v3.yaml', '1.4')).toContain(
      'networking.istio.io/v1alpha3',
    );
    expect(await readSample('samples/bookinfo/networking/virtual-service-reviews-v3.yaml', '1.24')).toContain(
      'kind: VirtualService',
    );
  });
});
