/**
 * PeerAuthentication portLevelMtls is keyed by the workload's port (the container port a
 * Service's targetPort names), not the Service port the client dials.
 */
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../src/kube/object.js';
import { runProcess } from '../../../src/sim/net/index.js';
import { fileView } from '../../../src/sim/net/file-view.js';
import { deployment, service } from './objects.js';

const objects: K8sObject[] = [
  service('bar', 'httpbin', 8000, 8080),
  deployment('bar', 'httpbin', 'docker.io/mccutchen/go-httpbin:v2.15.0'),
  deployment('legacy', 'sleep', 'curlimages/curl:8.16.0', false),
];
const strictExcept = (port: number): K8sObject => ({
  apiVersion: 'security.istio.io/v1',
  kind: 'PeerAuthentication',
  metadata: { name: 'httpbin', namespace: 'bar' },
  spec: {
    selector: { matchLabels: { app: 'httpbin' } },
    mtls: { mode: 'STRICT' },
    portLevelMtls: { [String(port)]: { mode: 'DISABLE' } },
  },
});

function fromLegacy(extra: K8sObject[]) {
  const view = fileView([...objects, ...extra], []).view;
  const pod = view.list('Pod', 'legacy').find((p) => p.metadata.name.startsWith('sleep'))!;
  return runProcess(
    { kind: 'pod', pod, container: 'sleep' },
    ['curl', 'http://httpbin.bar:8000/ip', '-s', '-o', '/dev/null', '-w', '%{http_code}\n'],
    '',
    view,
  )!;
}

// source: istio.io content/en/docs/tasks/security/authentication/authn-policy (snips.sh
// enable_mutual_tls_per_workload_4/5: portLevelMtls 80, httpbin's container port then, lets
// sleep.legacy in with 200; STRICT alone gives 000 and exit 56) and Istio
// pilot/pkg/security/authn (port-level mTLS applies to the workload's port)
describe('portLevelMtls', () => {
  it('on the container port (targetPort 8080) lets plaintext in: 200', () => {
    expect(fromLegacy([strictExcept(8080)])).toMatchObject({ stdout: '200\n', exitCode: 0 });
  });
  it('on the Service port (8000) does not apply: STRICT holds, 000 and exit 56', () => {
    expect(fromLegacy([strictExcept(8000)])).toMatchObject({ stdout: '000\n', exitCode: 56 });
  });
});
