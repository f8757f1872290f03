/**
 * Which server addresses are on this machine: loopback, or the bridge networks that local
 * container and VM runtimes create. Anything else may be another machine, however the
 * context is named.
 */
import { BlockList, isIP } from 'node:net';

/** Loopback, plus 0.0.0.0, which k3d writes into kubeconfigs and which reaches this machine. */
const LOOPBACK: readonly [string, number, 'ipv4' | 'ipv6'][] = [
  ['127.0.0.0', 8, 'ipv4'],
  ['0.0.0.0', 32, 'ipv4'],
  ['::1', 128, 'ipv6'],
];

/**
 * Docker's default address pools (172.17-31/16, then 192.168.0.0/16 in /20 pieces; Docker
 * Desktop's VM at 192.168.65.0/24, Lima, colima, Rancher Desktop and multipass VMs also in
 * 192.168/16), Podman's default networks (10.88.0.0/16, then 10.89.x) and OrbStack's
 * machines (198.19.248.0/22).
 */
export const BRIDGE_RANGES: readonly [string, number][] = [
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['10.88.0.0', 15],
  ['198.19.248.0', 22],
];

const loopback = new BlockList();
for (const [net, prefix, family] of LOOPBACK) loopback.addSubnet(net, prefix, family);
const bridges = new BlockList();
for (const [net, prefix] of BRIDGE_RANGES) bridges.addSubnet(net, prefix, 'ipv4');

/** `::ffff:127.0.0.1` → `127.0.0.1`; `[::1]` → `::1`. */
export function normalizeIp(address: string): string {
  const a = address.replace(/^\[|\]$/g, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  return mapped ? mapped[1]! : a;
}

export function isLoopback(address: string): boolean {
  if (address === 'localhost') return true; // RFC 6761: always loopback
  const a = normalizeIp(address);
  const family = isIP(a);
  return family !== 0 && loopback.check(a, family === 4 ? 'ipv4' : 'ipv6');
}

export function isBridge(address: string): boolean {
  const a = normalizeIp(address);
  return isIP(a) === 4 && bridges.check(a, 'ipv4');
}

export function bridgeRangesText(): string {
  return BRIDGE_RANGES.map(([n, p]) => `${n}/${p}`).join(', ');
}
