/**
 * curl on the learner's machine reads --cacert relative to the folder the command runs in (a
 * lesson's work folder), not the folder meshwalk was started from.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSimCommand } from '../../../src/sim/simulator.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  dirs.push(d);
  return d;
};

const GATEWAY = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    tls: {mode: SIMPLE, credentialName: cred}
    hosts: [minikube.me]
`;

describe('host curl --cacert FILE', () => {
  it('reads FILE from the command’s folder', async () => {
    const work = tmp('mw-work-');
    const state = join(tmp('mw-state-'), 'sim');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-nodes',
        '-days',
        '1',
        '-newkey',
        'rsa:2048',
        '-keyout',
        'tls.key',
        '-out',
        'tls.crt',
        '-subj',
        '/CN=minikube.me',
        '-addext',
        'subjectAltName=DNS:minikube.me',
      ],
      { cwd: work, stdio: 'ignore' },
    );
    expect(process.cwd()).not.toBe(work);
    const sim = (argv: string[], stdin?: string) =>
      runSimCommand(argv, { stateDir: state, cwd: work, ...(stdin ? { stdin } : {}) });
    expect(
      (await sim('kubectl create secret tls cred -n istio-system --key tls.key --cert tls.crt'.split(' '))).exitCode,
    ).toBe(0);
    expect((await sim(['kubectl', 'apply', '-f', '-'], GATEWAY)).exitCode).toBe(0);
    const port = (
      await sim([
        'kubectl',
        '-n',
        'istio-system',
        'get',
        'service',
        'istio-ingressgateway',
        '-o',
        'jsonpath={.spec.ports[?(@.name=="https")].nodePort}',
      ])
    ).stdout;
    const ip = (await sim(['minikube', 'ip'])).stdout.trim();
    const url = `https://minikube.me:${port}/`;
    const resolve = `minikube.me:${port}:${ip}`;
    const trusted = await sim([
      'curl',
      '-sS',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '--cacert',
      'tls.crt',
      '--resolve',
      resolve,
      url,
    ]);
    expect(trusted).toMatchObject({ stdout: '404', exitCode: 0 });
    const missing = await sim(['curl', '-sS', '--cacert', 'other.crt', '--resolve', resolve, url]);
    expect(missing.exitCode).toBe(77);
  });
});
