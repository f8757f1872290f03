/**
 * Secret and ConfigMap volumes through `meshwalk sim`: the files the kubelet projects (all keys, or
 * `items` at their `path`), `optional`, a pod that waits in ContainerCreating for a missing
 * Secret (pkg/volume/secret/secret.go), and a changed Secret reaching the pod only after the
 * kubelet's sync, which the simulator puts on its propagation clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runSimCommand } from '../../../src/sim/simulator.js';
import { shlexSplit } from '../../../src/sim/shell-words.js';
import { mountFailure, mountsOf } from '../../../src/sim/kube/pod-volumes.js';
import type { K8sObject } from '../../../src/kube/object.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function cluster(propagationMs = 0) {
  const stateDir = mkdtempSync(join(tmpdir(), 'mwvol-'));
  dirs.push(stateDir);
  let now = Date.parse('2025-01-01T00:00:00Z');
  let first = true;
  const run = async (line: string, stdin = '') => {
    const r = await runSimCommand(shlexSplit(line), {
      stateDir,
      stdin,
      cwd: stateDir,
      now,
      propagationMs,
      ...(first ? { istio: '1.24' } : {}),
    });
    first = false;
    return r;
  };
  return { run, tick: (ms: number) => (now += ms) };
}

// samples/sleep/sleep.yaml (1.24) with the volume made required, plus a ConfigMap volume with items.
const SLEEP = (optional: boolean) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: sleep}
spec:
  selector: {matchLabels: {app: sleep}}
  template:
    metadata: {labels: {app: sleep}}
    spec:
      containers:
      - name: sleep
        image: curlimages/curl
        command: ["/bin/sleep", "infinity"]
        volumeMounts:
        - {mountPath: /etc/sleep/tls, name: secret-volume}
        - {mountPath: /etc/cfg, name: cfg}
      volumes:
      - name: secret-volume
        secret: {secretName: sleep-secret, optional: ${optional}}
      - name: cfg
        configMap: {name: cfg, optional: true, items: [{key: a, path: sub/a.txt}]}
`;
const POD = '"$(kubectl get pod -l app=sleep -o jsonpath={.items..metadata.name})" -c sleep';

describe('Secret and ConfigMap volumes in pods', () => {
  test('a missing required Secret keeps the pod in ContainerCreating until it exists', async () => {
    const { run } = cluster();
    expect((await run('kubectl apply -f -', SLEEP(false))).stdout).toContain('deployment.apps/sleep created');
    expect((await run('kubectl get pods')).stdout).toMatch(/sleep-\S+ +0\/1 +ContainerCreating/);
    expect((await run('kubectl wait --for=condition=available deploy/sleep --timeout=1s')).exitCode).toBe(1);
    expect((await run('kubectl describe pod -l app=sleep')).stdout).toMatch(
      /Warning +FailedMount +0s +kubelet +MountVolume\.SetUp failed for volume "secret-volume" : secret "sleep-secret" not found/,
    );
    expect(await run('kubectl rollout status deploy/sleep --timeout=5s')).toMatchObject({
      stdout: 'Waiting for deployment "sleep" rollout to finish: 0 of 1 updated replicas are available...\n',
      stderr: 'error: timed out waiting for the condition\n',
      exitCode: 1,
    });
    await run('kubectl create secret generic sleep-secret --from-literal=ca.crt=CA');
    expect((await run('kubectl get pods')).stdout).toMatch(/sleep-\S+ +1\/1 +Running/);
    expect((await run('kubectl rollout status deploy/sleep')).stdout).toBe(
      'deployment "sleep" successfully rolled out\n',
    );
    const r = await run(`kubectl exec ${POD} -- sh -c 'ls /etc/sleep/tls; cat /etc/sleep/tls/ca.crt'`);
    expect(r).toMatchObject({ stdout: 'ca.crt\nCA', exitCode: 0 });
  });
  test('an optional volume whose Secret is missing is an empty directory', async () => {
    const { run } = cluster();
    await run('kubectl apply -f -', SLEEP(true));
    expect((await run('kubectl get pods')).stdout).toMatch(/1\/1 +Running/);
    const r = await run(`kubectl exec ${POD} -- sh -c 'ls /etc/sleep/tls; cat /etc/sleep/tls/ca.crt'`);
    expect(r.stderr).toContain("cat: can't open '/etc/sleep/tls/ca.crt': No such file or directory");
  });
  test('items project one key at its path', async () => {
    const { run } = cluster();
    await run('kubectl apply -f -', SLEEP(true));
    await run('kubectl create configmap cfg --from-literal=a=AAA --from-literal=b=BBB');
    const r = await run(`kubectl exec ${POD} -- sh -c 'ls /etc/cfg /etc/cfg/sub; cat /etc/cfg/sub/a.txt'`);
    expect(r.stdout).toBe('/etc/cfg:\nsub\n/etc/cfg/sub:\na.txt\nAAA');
  });
  test("ls -l shows the atomic writer's symlinks, ls -lL the files with their mode", async () => {
    const { run } = cluster();
    await run('kubectl create secret generic sleep-secret --from-literal=ca.crt=CA --from-literal=tls.key=KEY');
    await run('kubectl apply -f -', SLEEP(false).replace('optional: false}', 'optional: false, defaultMode: 256}'));
    expect((await run(`kubectl exec ${POD} -- ls -l /etc/sleep/tls`)).stdout).toBe(
      'total 0\n' +
        'lrwxrwxrwx    1 root     root            13 Jan  1 00:00 ca.crt -> ..data/ca.crt\n' +
        'lrwxrwxrwx    1 root     root            14 Jan  1 00:00 tls.key -> ..data/tls.key\n',
    );
    expect((await run(`kubectl exec ${POD} -- ls -lL /etc/sleep/tls`)).stdout).toBe(
      'total 8\n' +
        '-r--------    1 root     root             2 Jan  1 00:00 ca.crt\n' +
        '-r--------    1 root     root             3 Jan  1 00:00 tls.key\n',
    );
  });
  test('a changed Secret reaches the pod after the sync (the propagation delay)', async () => {
    const { run, tick } = cluster(5000);
    await run('kubectl create secret generic sleep-secret --from-literal=ca.crt=OLD');
    await run('kubectl apply -f -', SLEEP(false));
    tick(10_000);
    await run('kubectl delete secret sleep-secret');
    await run('kubectl create secret generic sleep-secret --from-literal=ca.crt=NEW');
    expect((await run(`kubectl exec ${POD} -- cat /etc/sleep/tls/ca.crt`)).stdout).toBe('OLD');
    tick(6000);
    expect((await run(`kubectl exec ${POD} -- cat /etc/sleep/tls/ca.crt`)).stdout).toBe('NEW');
  });
});

describe('the kubelet mount rules', () => {
  const pod = (volumes: unknown[]): K8sObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns' },
    spec: {
      containers: [{ name: 'c', volumeMounts: [{ name: 'v', mountPath: '/m/' }] }],
      volumes,
    } as K8sObject['spec'],
  });
  const secret: K8sObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', namespace: 'ns' },
    data: { k: Buffer.from('K').toString('base64') },
  };
  const get = (kind: string, _ns: string, name: string) => (kind === 'Secret' && name === 's' ? secret : undefined);
  test('FailedMount wording for a missing object or key', () => {
    expect(mountFailure(pod([{ name: 'v', secret: { secretName: 'x' } }]), get)).toBe(
      'MountVolume.SetUp failed for volume "v" : secret "x" not found',
    );
    expect(mountFailure(pod([{ name: 'v', configMap: { name: 'x' } }]), get)).toBe(
      'MountVolume.SetUp failed for volume "v" : configmap "x" not found',
    );
    expect(
      mountFailure(pod([{ name: 'v', secret: { secretName: 's', items: [{ key: 'nope', path: 'n' }] } }]), get),
    ).toBe('MountVolume.SetUp failed for volume "v" : secret references non-existent secret key: nope');
    expect(mountFailure(pod([{ name: 'v', secret: { secretName: 'x', optional: true } }]), get)).toBeUndefined();
  });
  test('modes: defaultMode, an item mode, else 0644', () => {
    expect(mountsOf(pod([{ name: 'v', secret: { secretName: 's' } }]), 'c', get)).toEqual([
      { dir: '/m', volume: 'v', files: { k: { text: 'K', mode: 0o644 } } },
    ]);
    expect(
      mountsOf(pod([{ name: 'v', secret: { secretName: 's', defaultMode: 0o400 } }]), 'c', get)[0]?.files['k']?.mode,
    ).toBe(0o400);
    expect(
      mountsOf(
        pod([{ name: 'v', secret: { secretName: 's', items: [{ key: 'k', path: 'd/k', mode: 0o600 }] } }]),
        'c',
        get,
      )[0]?.files,
    ).toEqual({ 'd/k': { text: 'K', mode: 0o600 } });
  });
});
