/**
 * Whether a kube context is a local, disposable cluster: the one decision, pure, with its
 * reasons as data. Local needs both (1) an identity: the cluster or context name of a local
 * product, the CA file under ~/.minikube (`minikube -p foo` names everything `foo`), or a server
 * that minikube lists as one of its nodes; and (2) an address: the server is where that product
 * puts its API server. A context called `minikube` that points at a cloud address fails (2).
 */
import { isAbsolute, join, basename } from 'node:path';
import { assertNever } from '../errors.js';
import { bridgeRangesText, isBridge, isLoopback, normalizeIp } from './ip-ranges.js';
import type { KubeContextInfo } from './kubeconfig.js';
import { minikubeProfileOf, productByName, type LocalProduct } from './local-kinds.js';

export type { LocalProduct } from './local-kinds.js';

/** What the effects around this function found out (locality-facts.ts). */
export interface LocalityFacts {
  /** The user's home directory (for ~/.minikube). */
  home: string;
  /** $MINIKUBE_HOME, if set. */
  minikubeHome?: string;
  /** `minikube profile list -o json`: node `host:port`s by profile name, or why it could not be asked. */
  minikube?: { profiles: Record<string, string[]> } | { error: string };
  /** `crc ip`, or why it could not be asked. */
  crc?: { ip: string } | { error: string };
  /** What each server host name resolves to (through the system resolver, so /etc/hosts counts). */
  resolved?: Record<string, string[]>;
}

/** How the context was recognised. */
export interface Identity {
  product: LocalProduct;
  by: 'cluster name' | 'context name' | 'CA file' | 'minikube node';
  /** The name, path or address that matched. */
  matched: string;
  /** For minikube: the profile whose addresses count. */
  profile?: string;
}

/** The address half of the decision. */
export interface AddressCheck {
  ok: boolean;
  /** The server as `host:port`. */
  server: string;
  /** What the host is (itself when an IP address; empty when it does not resolve). */
  addresses: string[];
  /** What the product's server address must be, in words. */
  expected: string;
}

export type Locality =
  | { local: true; product: LocalProduct; identity: Identity; address: AddressCheck; why: string }
  | { local: false; identity?: Identity; address?: AddressCheck; why: string };

/** Recognises the product, from names and the CA path, and (when known) minikube's node list. */
export function identify(info: KubeContextInfo, facts: LocalityFacts): Identity | undefined {
  for (const [by, name] of [
    ['cluster name', info.cluster],
    ['context name', info.context],
  ] as const) {
    const product = productByName(name);
    if (!product) continue;
    return { product, by, matched: name, ...(product === 'minikube' ? { profile: minikubeProfileOf(info) } : {}) };
  }
  const mkHome = minikubeDir(facts);
  if (info.certificateAuthority && underDir(info.certificateAuthority, mkHome)) {
    return { product: 'minikube', by: 'CA file', matched: info.certificateAuthority, profile: minikubeProfileOf(info) };
  }
  const server = serverOf(info.server);
  if (server && facts.minikube && 'profiles' in facts.minikube) {
    const profile = Object.entries(facts.minikube.profiles).find(([, nodes]) => nodes.includes(server.hostPort));
    if (profile) return { product: 'minikube', by: 'minikube node', matched: server.hostPort, profile: profile[0] };
  }
  return undefined;
}

export function decideLocality(info: KubeContextInfo, facts: LocalityFacts): Locality {
  const identity = identify(info, facts);
  if (!identity) {
    const at = info.server || '(no server)';
    return { local: false, why: `cluster "${info.cluster}" at ${at} matches no known local cluster` };
  }
  const what = identity.by === 'CA file' ? `under ${minikubeDir(facts)}` : `"${identity.matched}"`;
  const named = `${identity.by} ${what} matched ${identity.product}`;
  const server = serverOf(info.server);
  const no = `${named}, but the address did not`;
  if (!server) return { local: false, identity, why: `${no}: server "${info.server}" is not a URL` };
  // kubectl sends every request through a cluster's proxy-url: the server may be anywhere behind it.
  if (info.proxyUrl) return { local: false, identity, why: `${no}: requests go through proxy-url ${info.proxyUrl}` };
  const address = checkAddress(identity, server, facts);
  const at = `server ${server.hostPort}`;
  if (!address.ok) {
    const resolved = address.addresses[0] === server.host ? '' : ` (${address.addresses.join(', ')})`;
    const is = address.addresses.length === 0 ? ' (its host does not resolve)' : resolved;
    return { local: false, identity, address, why: `${no}: ${at}${is} is not ${address.expected}` };
  }
  return { local: true, product: identity.product, identity, address, why: `${named}; ${at} is ${address.expected}` };
}

const ON_THIS_MACHINE = `a loopback address or on a Docker/Podman bridge (${bridgeRangesText()})`;

function checkAddress(identity: Identity, server: Server, facts: LocalityFacts): AddressCheck {
  const addresses = isLiteral(server.host) ? [server.host] : (facts.resolved?.[server.host] ?? []);
  const all = (ok: (a: string) => boolean) => addresses.length > 0 && addresses.every(ok);
  const result = (ok: boolean, expected: string): AddressCheck => {
    return { ok, server: server.hostPort, addresses, expected };
  };
  switch (identity.product) {
    case 'minikube': {
      // Drivers that forward a port (docker on macOS and Windows, rootless, qemu's user network) write 127.0.0.1.
      const mk = facts.minikube;
      if (!mk || 'error' in mk) {
        // minikube cannot say (not installed, broken): fall back to where its drivers put nodes.
        const why = mk ? mk.error : 'minikube was not asked';
        return result(
          all((a) => isLoopback(a) || isBridge(a)),
          `${ON_THIS_MACHINE} (minikube cannot say: ${why})`,
        );
      }
      const nodes = mk.profiles[identity.profile ?? ''];
      if (!nodes) {
        const has = Object.keys(mk.profiles).join(', ') || 'none';
        return result(false, `an address minikube reports: it has no profile "${identity.profile}" (it has: ${has})`);
      }
      const ok = nodes.includes(server.hostPort) || all((a) => nodes.some((n) => hostOf(n) === a)) || all(isLoopback);
      const listed = nodes.join(', ') || 'none';
      return result(ok, `a node of minikube profile "${identity.profile}" (${listed}) or a loopback address`);
    }
    case 'crc': {
      const vm = facts.crc && 'ip' in facts.crc ? facts.crc.ip : undefined;
      const said = facts.crc ? ('ip' in facts.crc ? `crc ip: ${facts.crc.ip}` : facts.crc.error) : 'crc was not asked';
      return result(
        all((a) => isLoopback(a) || a === vm),
        `the CRC VM address (${said}) or a loopback address`,
      );
    }
    case 'docker-desktop':
    case 'kind':
    case 'k3d':
    case 'microk8s':
    case 'rancher-desktop':
    case 'colima':
    case 'orbstack':
      return result(
        all((a) => isLoopback(a) || isBridge(a)),
        ON_THIS_MACHINE,
      );
    default:
      return assertNever(identity.product, 'local product');
  }
}

interface Server {
  host: string;
  hostPort: string;
}

export function serverOf(url: string): Server | undefined {
  try {
    const u = new URL(url);
    const host = normalizeIp(u.hostname);
    if (!host) return undefined;
    return { host, hostPort: `${u.hostname}:${u.port || (u.protocol === 'http:' ? '80' : '443')}` };
  } catch {
    return undefined;
  }
}

/** A host that needs no resolving: an IP address, or `localhost`. */
export function isLiteral(host: string): boolean {
  return host === 'localhost' || /^[\d.]+$/.test(host) || host.includes(':');
}

function hostOf(hostPort: string): string {
  return normalizeIp(hostPort.replace(/:\d+$/, ''));
}

function minikubeDir(f: LocalityFacts): string {
  const home = f.minikubeHome;
  if (home) return basename(home) === '.minikube' ? home : join(home, '.minikube');
  return join(f.home, '.minikube');
}

function underDir(file: string, dir: string): boolean {
  if (!isAbsolute(file)) return false;
  const norm = (p: string) => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const fold = (p: string) => (process.platform === 'win32' ? norm(p).toLowerCase() : norm(p));
  const [f, d] = [fold(file), fold(dir)];
  return f.startsWith(`${d}/`);
}
