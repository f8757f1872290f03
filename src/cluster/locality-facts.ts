/**
 * The effects behind locality.ts: asks minikube for its profiles' node addresses, crc for its
 * VM address and the system resolver for the server's host name, only when the decision needs
 * them. A tool that is missing or fails is a fact too ("minikube is not installed"), not an error.
 */
import { lookup } from 'node:dns/promises';
import type { KubeContextInfo } from './kubeconfig.js';
import { identify, isLiteral, serverOf, type LocalityFacts } from './locality.js';
import { lastLine } from './kubectl-failure.js';
import { CommandError } from './port.js';
import type { Runner } from './run-process.js';

/** Resolves a host name to its addresses; the default asks the system (so /etc/hosts counts). */
export type LookupHost = (host: string) => Promise<string[]>;

export async function gatherFacts(
  info: KubeContextInfo,
  base: LocalityFacts,
  run: Runner,
  lookupHost: LookupHost = systemLookup,
): Promise<LocalityFacts> {
  const first = identify(info, base);
  const host = serverOf(info.server)?.host;
  const [minikube, crc, resolved] = await Promise.all([
    // Without a name match, minikube's node list may still recognise the server (Skaffold's rule).
    !first || first.product === 'minikube' ? minikubeProfiles(run) : undefined,
    first?.product === 'crc' ? crcIp(run) : undefined,
    // A name nothing recognised is not local whatever it resolves to: no lookup then.
    first && host && !isLiteral(host) ? resolveOne(lookupHost, host) : undefined,
  ]);
  return { ...base, ...(minikube ? { minikube } : {}), ...(crc ? { crc } : {}), ...(resolved ? { resolved } : {}) };
}

/** A host that does not resolve is a fact (no addresses), not an error. */
async function resolveOne(lookupHost: LookupHost, host: string): Promise<Record<string, string[]>> {
  try {
    return { [host]: await lookupHost(host) };
  } catch {
    return { [host]: [] };
  }
}

async function minikubeProfiles(run: Runner): Promise<NonNullable<LocalityFacts['minikube']>> {
  const r = await tool(run, ['minikube', 'profile', 'list', '-o', 'json']);
  if ('error' in r) return r;
  try {
    type Listed = { valid?: { Name?: string; Config?: { Name?: string; Nodes?: { IP?: string; Port?: number }[] } }[] };
    const parsed = JSON.parse(r.stdout) as Listed;
    const profiles: Record<string, string[]> = {};
    for (const p of parsed.valid ?? []) {
      const name = p.Name ?? p.Config?.Name;
      if (name) profiles[name] = (p.Config?.Nodes ?? []).filter((n) => n.IP).map((n) => `${n.IP}:${n.Port ?? 8443}`);
    }
    return { profiles };
  } catch {
    return { error: 'minikube profile list -o json printed something that is not JSON' };
  }
}

async function crcIp(run: Runner): Promise<NonNullable<LocalityFacts['crc']>> {
  const r = await tool(run, ['crc', 'ip']);
  if ('error' in r) return r;
  const ip = r.stdout.trim();
  return ip ? { ip } : { error: 'crc ip printed nothing' };
}

async function tool(run: Runner, argv: string[]): Promise<{ stdout: string } | { error: string }> {
  try {
    const r = await run(argv, { timeoutMs: 10_000 });
    const said = lastLine(r.stderr) ?? lastLine(r.stdout) ?? 'no output';
    if (r.exitCode !== 0) return { error: `${argv.join(' ')} exited ${r.exitCode}: ${said}` };
    return { stdout: r.stdout };
  } catch (err) {
    if (err instanceof CommandError) return { error: `${argv[0]} is not installed` };
    throw err;
  }
}

/** The system resolver, bounded: a hanging DNS server must not hang meshwalk. */
async function systemLookup(host: string): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), 3_000);
  });
  try {
    return (await Promise.race([lookup(host, { all: true }), timeout])).map((a) => a.address);
  } finally {
    clearTimeout(timer);
  }
}
