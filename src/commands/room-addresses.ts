/** The addresses participants can reach a room server at, for the join line. */
import { networkInterfaces } from 'node:os';

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

export const isWildcard = (host: string) => WILDCARDS.has(host);

/** Whether only this machine can reach `host`. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The URLs to give participants: each non-internal IPv4 address for a wildcard host (else loopback). */
export function joinUrls(host: string, port: number): string[] {
  if (!isWildcard(host)) return [`http://${host.includes(':') ? `[${host}]` : host}:${port}`];
  const found = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((i) => i.family === 'IPv4' && !i.internal)
    .map((i) => `http://${i.address}:${port}`);
  return found.length > 0 ? found : [`http://127.0.0.1:${port}`];
}
