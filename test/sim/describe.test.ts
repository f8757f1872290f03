/** `kubectl describe` with kubectl 1.32's layout (describe.go through Go's tabwriter). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runSimCommand } from '../../src/sim/simulator.js';
import { shlexSplit } from '../../src/sim/shell-words.js';
import { tabwrite } from '../../src/sim/kubectl/tabwriter.js';
import { smartLabel } from '../../src/sim/kubectl/describe-text.js';

process.env.TZ = 'UTC';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function cluster() {
  const stateDir = mkdtempSync(join(tmpdir(), 'mwdescribe-'));
  dirs.push(stateDir);
  const now = Date.parse('2025-01-01T00:00:00Z');
  return (line: string, stdin = '') => runSimCommand(shlexSplit(line), { stateDir, stdin, cwd: stateDir, now });
}

describe('tabwriter (Go text/tabwriter, padding 2)', () => {
  test('a column block is the run of lines with a cell in that column; the last cell is never padded', () => {
    expect(tabwrite('Name:\tx\nNamespace:\tfoo\nSpec:\n  Mode:\tSTRICT\nEvents:\t<none>\n')).toBe(
      'Name:       x\nNamespace:  foo\nSpec:\n  Mode:  STRICT\nEvents:  <none>\n',
    );
    expect(tabwrite('Conditions:\n  Type\tStatus\n  Ready \tTrue \n')).toBe(
      'Conditions:\n  Type    Status\n  Ready   True \n',
    );
    expect(tabwrite('a\tb\tc\naaaa\tb\n\tbbbbbb\tc\n')).toBe('a     b  c\naaaa  b\n      bbbbbb  c\n');
  });

  test('smartLabelFor', () => {
    expect(smartLabel('apiVersion')).toBe('API Version');
    expect(smartLabel('portLevelMtls')).toBe('Port Level Mtls');
    expect(smartLabel('uid')).toBe('UID');
    expect(smartLabel('jwksUri')).toBe('Jwks Uri');
    expect(smartLabel('8080')).toBe('8080');
    expect(smartLabel('creationTimestamp')).toBe('Creation Timestamp');
  });
});

describe('kubectl describe', () => {
  test('an Istio kind through the generic describer', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    await run(
      'kubectl apply -f -',
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: foo, labels: {a: b}}\nspec: {mtls: {mode: STRICT}}\n',
    );
    const r = await run('kubectl describe peerauthentication default -n foo');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(
      /^Name: {9}default\nNamespace: {4}foo\nLabels: {7}a=b\nAnnotations: {2}<none>\nAPI Version: {2}security\.istio\.io\/v1\nKind: {9}PeerAuthentication\nMetadata:\n {2}Creation Timestamp: {2}2025-01-01T00:00:00Z\n {2}Generation: {10}1\n {2}Resource Version: {4}\d+\n {2}UID: {17}[0-9a-f-]{36}\nSpec:\n {2}Mtls:\n {4}Mode: {2}STRICT\nEvents: {4}<none>\n$/,
    );
  });

  test('pod: identity, sidecar containers, conditions, volumes; a name prefix finds the pod', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    await run('kubectl label ns foo istio-injection=enabled');
    await run('kubectl apply -f samples/httpbin/httpbin.yaml -n foo');
    const r = await run('kubectl describe pod httpbin -n foo');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^Name: {13}httpbin-[a-z0-9]+-[a-z0-9]{5}$/);
    expect(lines.slice(1, 5)).toEqual([
      'Namespace:        foo',
      'Service Account:  httpbin',
      'Node:             minikube/192.168.49.2',
      'Start Time:       Wed, 01 Jan 2025 00:00:00 +0000',
    ]);
    expect(r.stdout).toContain('Labels:           app=httpbin\n                  pod-template-hash=');
    expect(r.stdout).toMatch(
      /\nIPs:\n {2}IP: {11}10\.244\.\d+\.\d+\nControlled By: {2}ReplicaSet\/httpbin-[a-z0-9]+\nInit Containers:\n {2}istio-init:\n/,
    );
    expect(r.stdout).toContain('\n  istio-proxy:\n');
    expect(r.stdout).toContain(
      '\nQoS Class:       BestEffort\nNode-Selectors:  <none>\nTolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n                 node.kubernetes.io/unreachable:NoExecute op=Exists for 300s\nEvents:          <none>\n\n',
    );
    // By exact name: no trailing blank line.
    const name = lines[0]?.split(/\s+/)[1] ?? '';
    expect((await run(`kubectl describe pods/${name} -n foo`)).stdout.endsWith('Events:          <none>\n')).toBe(true);
  });

  test('secret sizes but never values; config map data; service endpoints; namespace; service account', async () => {
    const run = cluster();
    await run('kubectl create ns foo');
    await run('kubectl create secret generic creds --from-literal=password=s3cret -n foo');
    const secret = await run('kubectl describe secret creds -n foo');
    expect(secret.stdout).toBe(
      'Name:         creds\nNamespace:    foo\nLabels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\npassword:  6 bytes\n',
    );
    expect(secret.stdout).not.toContain('s3cret');
    expect((await run('kubectl describe ns foo')).stdout).toBe(
      'Name:         foo\nLabels:       kubernetes.io/metadata.name=foo\nAnnotations:  <none>\nStatus:       Active\n\nNo resource quota.\n\nNo LimitRange resource.\n',
    );
    await run('kubectl apply -f samples/httpbin/httpbin.yaml -n foo');
    expect((await run('kubectl describe sa httpbin -n foo')).stdout).toBe(
      'Name:                httpbin\nNamespace:           foo\nLabels:              <none>\nAnnotations:         <none>\nImage pull secrets:  <none>\nMountable secrets:   <none>\nTokens:              <none>\nEvents:              <none>\n',
    );
    const svc = (await run('kubectl describe svc httpbin -n foo')).stdout;
    expect(svc).toMatch(
      /\nPort: {21}http {2}8000\/TCP\nTargetPort: {15}8080\/TCP\nEndpoints: {16}10\.244\.\d+\.\d+:8080\nSession Affinity: {9}None\n/,
    );
    const cm = (await run('kubectl describe configmap istio -n istio-system')).stdout;
    expect(cm).toContain('\nData\n====\nmesh:\n----\n');
    expect(cm.endsWith('\nBinaryData\n====\n\nEvents:  <none>\n')).toBe(true);
  });

  test('errors: not found, nothing found, no type', async () => {
    const run = cluster();
    expect(await run('kubectl describe pod nope')).toEqual({
      stdout: '',
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
      exitCode: 1,
    });
    expect(await run('kubectl describe pods')).toEqual({
      stdout: '',
      stderr: 'No resources found in default namespace.\n',
      exitCode: 0,
    });
    expect(await run('kubectl describe')).toMatchObject({
      stderr:
        'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n',
      exitCode: 1,
    });
  });
});
