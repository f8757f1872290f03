/**
 * DNS rebinding: a page on an attacker's site can make its own name resolve to this laptop and
 * then talk to the room server as if it were the same site. The browser still sends the
 * attacker's name as `Host`, so the server answers only to the names and addresses it is really
 * reached at.
 */
import { hostname, networkInterfaces } from 'node:os';

const WILDCARD = new Set(['0.0.0.0', '::', '']);
const REFRESH_MS = 5_000;

export class HostCheck {
  private names = new Set<string>();
  private refreshedAt = 0;

  constructor(
    private readonly boundHost: string,
    private readonly port: number,
  ) {
    this.refresh();
  }

  /** Whether a request's Host header names this server. */
  allows(header: string | undefined): boolean {
    if (header === undefined) return false;
    const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(header.trim());
    if (!m) return false;
    const port = m[2] === undefined ? 80 : Number(m[2]);
    if (port !== this.port) return false;
    const name = m[1]!.toLowerCase().replace(/\.$/, '');
    if (this.names.has(name)) return true;
    // An address may have come up since (a laptop that changes network): look again, not too often.
    if (WILDCARD.has(this.boundHost) && Date.now() - this.refreshedAt > REFRESH_MS) {
      this.refresh();
      return this.names.has(name);
    }
    return false;
  }

  private refresh(): void {
    const names = new Set(['localhost', '127.0.0.1', '[::1]']);
    const add = (address: string) =>
      names.add(address.includes(':') ? `[${address.toLowerCase()}]` : address.toLowerCase());
    if (WILDCARD.has(this.boundHost)) {
      for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) add(i.address);
      const own = hostname().toLowerCase();
      names.add(own);
      names.add(`${own}.local`);
    } else add(this.boundHost.replace(/^\[|\]$/g, ''));
    this.names = names;
    this.refreshedAt = Date.now();
  }
}
