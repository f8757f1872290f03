/**
 * The instructor's room server (`meshwalk room`): node:http on the room's network, the endpoints
 * of protocol.ts, the room's files in `dir`. One server per room folder (a lock file says so).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir } from 'node:fs/promises';
import { ExitCode, UserFacingError } from '../errors.js';
import { LockTimeout, withLockFile } from '../files/lock-file.js';
import type { LessonInfo } from './model/room-state.js';
import { DEFAULT_STUCK_RULE, type StuckRule } from './model/stuck-rule.js';
import { HostCheck } from './server/host-check.js';
import { RateLimits } from './server/rate-limits.js';
import { MAX_PARTICIPANTS, Room } from './server/room.js';
import { handleRequest } from './server/routes.js';
import { lockPath } from './store/room-dir.js';

export interface RoomServerOptions {
  /** The address to listen on. Default 127.0.0.1: only this machine. */
  host?: string;
  /** 0 = any free port. */
  port: number;
  /** The room's folder (store/room-dir.ts); created on first use. */
  dir: string;
  /** Default 10 minutes or 3 failed attempts. */
  stuck?: StuckRule;
  /** Titles and step ids of the lessons meshwalk loads. */
  lessons: readonly LessonInfo[];
  /**
   * The clock for the room's times and its rate limits; default the system clock. Timers
   * (throttle, heartbeat) are real.
   */
  clock?: { now(): number };
  /** Hears the lines worth telling the instructor (a torn log line skipped). Default: stderr. */
  warn?: (line: string) => void;
  /** Hears each join (the name as stored, how many are in the room now). Default: nothing. */
  joined?: (name: string, participants: number) => void;
  /** Between the stream's heartbeat comments. Default 15 s; tests shorten it. */
  heartbeatMs?: number;
}

export interface RoomServer {
  /** `http://HOST:PORT` as reachable from this machine (a wildcard host becomes 127.0.0.1). */
  url: string;
  port: number;
  code: string;
  key: string;
  /** Whether this start created the room (then, and only then, the key is shown). */
  created: boolean;
  close(): Promise<void>;
}

/** Open connections at most: a full room (MAX_PARTICIPANTS) with room to spare. */
const MAX_CONNECTIONS = 2 * MAX_PARTICIPANTS;

/** How often to look whether someone became stuck with time alone. */
const STUCK_CHECK_MS = 5_000;

export async function startRoomServer(o: RoomServerOptions): Promise<RoomServer> {
  const host = o.host ?? '127.0.0.1';
  const warn = o.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = o.clock ? () => o.clock!.now() : Date.now;
  await mkdir(o.dir, { recursive: true, mode: 0o700 });
  const releaseLock = await holdLock(o.dir);
  let room: Room | undefined;
  let server: Server | undefined;
  try {
    const rule = o.stuck ?? DEFAULT_STUCK_RULE;
    const opened = await Room.open({ dir: o.dir, lessons: o.lessons, rule, now, warn, joined: o.joined });
    room = opened.room;
    server = createServer();
    // Slow clients cannot hold connections open: headers in 10 s, a whole request in 30 s.
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
    // Each participant keeps about one connection; far more is someone opening them to exhaust the server.
    server.maxConnections = MAX_CONNECTIONS;
    const port = await listen(server, host, o.port);
    const streams = new Set<() => void>();
    const limits = new RateLimits(now);
    const check = new HostCheck(host, port);
    const ctx = { room, dir: o.dir, limits, host: check, streams, warn, heartbeatMs: o.heartbeatMs };
    server.on('request', handleRequest(ctx));
    const url = `http://${localAddress(host)}:${port}`;
    await room.listening(url);
    const r = room;
    const s = server;
    const stuckTimer = setInterval(() => r.checkStuck(), STUCK_CHECK_MS);
    stuckTimer.unref();
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      code: room.code,
      key: room.key,
      created: opened.created,
      close: () =>
        (closing ??= (async () => {
          clearInterval(stuckTimer);
          for (const end of streams) end();
          await new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeAllConnections();
          });
          await r.close();
          await releaseLock();
        })()),
    };
  } catch (err) {
    server?.close();
    await room?.close().catch(() => undefined);
    await releaseLock();
    throw err;
  }
}

/** The address this machine reaches a server on `host` at. */
function localAddress(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException) => {
      const where = `${host}:${port}`;
      if (err.code === 'EADDRINUSE')
        reject(
          new UserFacingError(
            `meshwalk room: port ${port} is in use on ${host}; give another with --port`,
            ExitCode.environment,
          ),
        );
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND')
        reject(
          new UserFacingError(`meshwalk room: ${host} is not an address of this machine (--host)`, ExitCode.usage),
        );
      else if (err.code === 'EACCES')
        reject(
          new UserFacingError(
            `meshwalk room: not allowed to listen on ${where}; use a port above 1023`,
            ExitCode.environment,
          ),
        );
      else reject(err);
    };
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Holds the room folder's lock until the returned function is called. */
async function holdLock(dir: string): Promise<() => Promise<void>> {
  let release!: () => void;
  const lifetime = new Promise<void>((r) => (release = r));
  let taken!: () => void;
  const acquired = new Promise<void>((r) => (taken = r));
  const held = withLockFile(
    lockPath(dir),
    async () => {
      taken();
      await lifetime;
    },
    { waitMs: 0 },
  );
  try {
    await Promise.race([acquired, held]);
  } catch (err) {
    if (err instanceof LockTimeout)
      throw new UserFacingError(
        `meshwalk room: another meshwalk room is running on ${dir}; stop it first, or give another --name`,
        ExitCode.environment,
      );
    throw err;
  }
  return async () => {
    release();
    await held;
  };
}
