/**
 * The simulated cluster's ingress gateway serving minikube.me over HTTPS (tls SIMPLE) with a real
 * self-signed certificate that openssl writes into a fresh work folder (tls.crt, tls.key): what
 * a learner's `curl --cacert tls.crt --resolve … https://minikube.me:PORT/` reaches.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSimCommand } from '../../../src/sim/simulator.js';

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

export interface HttpsGateway {
  /** A simulated command, run in the work folder. */
  sim: (argv: string[], stdin?: string) => ReturnType<typeof runSimCommand>;
  work: string;
  /** `https://minikube.me:PORT/` and the `--resolve` value that reaches it. */
  url: string;
  resolve: string;
}

/** Builds it under a folder `dirs` collects (the caller removes them). */
export async function httpsGateway(dirs: string[]): Promise<HttpsGateway> {
  const work = mkdtempSync(join(tmpdir(), 'mw-work-'));
  const stateRoot = mkdtempSync(join(tmpdir(), 'mw-state-'));
  dirs.push(work, stateRoot);
  execFileSync(
    'openssl',
    'req -x509 -nodes -days 1 -newkey rsa:2048 -keyout tls.key -out tls.crt -subj /CN=minikube.me -addext subjectAltName=DNS:minikube.me'.split(
      ' ',
    ),
    { cwd: work, stdio: 'ignore' },
  );
  const state = join(stateRoot, 'sim');
  const sim = (argv: string[], stdin?: string) =>
    runSimCommand(argv, { stateDir: state, cwd: work, ...(stdin ? { stdin } : {}) });
  const setup = async (argv: string[], stdin?: string) => {
    const r = await sim(argv, stdin);
    if (r.exitCode !== 0) throw new Error(`${argv.join(' ')}: exit ${r.exitCode}: ${r.stderr}`);
    return r.stdout;
  };
  await setup('kubectl create secret tls cred -n istio-system --key tls.key --cert tls.crt'.split(' '));
  await setup(['kubectl', 'apply', '-f', '-'], GATEWAY);
  const port = await setup([
    'kubectl',
    '-n',
    'istio-system',
    'get',
    'service',
    'istio-ingressgateway',
    '-o',
    'jsonpath={.spec.ports[?(@.name=="https")].nodePort}',
  ]);
  const ip = (await setup(['minikube', 'ip'])).trim();
  return { sim, work, url: `https://minikube.me:${port}/`, resolve: `minikube.me:${port}:${ip}` };
}
