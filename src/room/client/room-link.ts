/**
 * The participant's connection to the room: joins once (the identity is kept on disk), delivers
 * the queued events in order, and keeps the instructor's steering up to date.
 *
 * Delivery: the oldest queued events go in batches of at most MAX_EVENTS_PER_POST. The answer's
 * `ack` drops everything up to it; 409 names the seq the room expects, and sending goes on from
 * there; 429 waits as long as Retry-After says; no answer or 5xx waits 0.5 s, doubling to 10 s.
 * The room stores a seq once and acknowledges a replay without storing it, so sending an event
 * twice (a lost answer, two processes of one participant) never duplicates it.
 */
import { roomEventMapper } from '../events-from-results.js';
import {
  MAX_BODY_BYTES,
  MAX_EVENTS_PER_POST,
  type EventsResponse,
  type JoinResponse,
  type RoomEvent,
  type RoomEventBody,
  type Steering,
} from '../protocol.js';
import type { ResultEvent } from '../../engine/types.js';
import { roomRequest, type RoomReply } from './http.js';
import type { RoomJoin } from './join-flags.js';
import { identityFrom, queueDir, RoomQueue, type Identity } from './queue.js';
import type { RoomPort, RoomStatus } from './room-status.js';

export interface RoomLinkOptions {
  /** How often steering is asked for while nothing is sent. Default 3000 ms. */
  pollMs?: number;
  /** The first wait after a failure; it doubles up to `maxBackoffMs`. Default 500 ms. */
  minBackoffMs?: number;
  /** Default 10 000 ms. */
  maxBackoffMs?: number;
  /** The longest Retry-After honoured. Default 60 000 ms. */
  maxRetryAfterMs?: number;
  /** Told once per problem when it changes (e.g. the room refused the code). Default: nothing. */
  onProblem?: (line: string) => void;
}

export interface RoomLink extends RoomPort {
  /** Queues one event (seq and time are added); delivery follows. */
  report(body: RoomEventBody): void;
  /** Resolves once the room has answered (joined, steering known) or failed to, or after `ms`. */
  ready(ms: number): Promise<void>;
  /**
   * Stops: delivers what is queued for at most `flushMs` (default 2000), then leaves the rest
   * queued for the next start. Resolves with how many events are still queued.
   */
  close(flushMs?: number): Promise<number>;
}

/** The longest wait between tries while `close` flushes (its whole bound is about 2 s). */
const CLOSING_RETRY_MS = 250;
/** How long to wait before asking again with a code the room refused. */
const REFUSED_JOIN_WAIT_MS = 60_000;

export function startRoomLink(join: RoomJoin, dataDir: string, o: RoomLinkOptions = {}): RoomLink {
  const queue = new RoomQueue(queueDir(dataDir, join.url, join.code));
  const pollMs = o.pollMs ?? 3000;
  const minBackoff = o.minBackoffMs ?? 500;
  const maxBackoff = o.maxBackoffMs ?? 10_000;
  const listeners = new Set<() => void>();
  const cached = queue.steering();
  let status: RoomStatus = {
    connection: 'connecting',
    queued: queue.pending().length,
    ...(cached ? { steering: cached } : {}),
  };
  const map = roomEventMapper();
  let appending: Promise<unknown> = Promise.resolve();
  let closing = false;
  let stopped = false;
  const stop = new AbortController();
  let wake: (() => void) | undefined;
  let readyResolve: () => void = () => {};
  const readyP = new Promise<void>((r) => (readyResolve = r));
  let lastProblem: string | undefined;

  const set = (next: Partial<RoomStatus>) => {
    status = { ...status, ...next };
    if (status.connection !== 'offline') delete status.problem;
    for (const l of listeners) l();
  };
  const refreshQueued = () => set({ queued: queue.pending().length });
  const offline = (problem: string) => {
    set({ connection: 'offline', problem });
    // No answer is an answer too: whoever waits goes on offline, with the steering last seen.
    readyResolve();
    if (problem !== lastProblem) o.onProblem?.(problem);
    lastProblem = problem;
  };
  const steer = (s: unknown) => {
    if (!isSteering(s)) return;
    if (JSON.stringify(s) !== JSON.stringify(status.steering)) {
      try {
        queue.saveSteering(s);
      } catch {
        // Only an offline start needs it; the room answers again soon.
      }
    }
    lastProblem = undefined;
    set({ connection: 'connected', steering: s });
    readyResolve();
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      t.unref();
      function done() {
        clearTimeout(t);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  const kick = () => wake?.();

  const report = (body: RoomEventBody) => {
    if (stopped) return;
    appending = appending
      .then(() => queue.append([body], Date.now()))
      .then(refreshQueued, (err: unknown) => o.onProblem?.(`room events cannot be queued: ${String(err)}`))
      .then(kick);
  };

  async function identity(): Promise<Identity | 'retry'> {
    const known = queue.identity();
    if (known) return known;
    let refused: string | undefined;
    try {
      return await queue.identityOr(async () => {
        const r = await roomRequest(join.url, 'api/join', {
          method: 'POST',
          body: { code: join.code, name: join.name },
          signal: stop.signal,
        });
        if (r.ok && r.status === 200 && isJoin(r.body)) {
          steer(r.body.steering);
          return identityFrom(r.body, join.url, join.code, join.name);
        }
        refused = r.ok ? refusal(r, 'join') : r.problem;
        throw new Error(refused);
      });
    } catch (err) {
      offline(refused ?? String(err));
      return 'retry';
    }
  }

  /** `split`: send smaller batches (to find the one event refused, or to fit). */
  async function deliver(id: Identity, batch: RoomEvent[]): Promise<'sent' | 'retry' | 'split' | number> {
    const r = await roomRequest(join.url, 'api/events', {
      method: 'POST',
      token: id.token,
      body: { events: batch },
      signal: stop.signal,
    });
    if (!r.ok) return (offline(r.problem), 'retry');
    const body = r.body as Partial<EventsResponse & { expected: number }> | undefined;
    if (r.status === 200 && typeof body?.ack === 'number') {
      steer(body.steering);
      await queue.acknowledge(body.ack);
      return 'sent';
    }
    if (r.status === 409 && typeof body?.expected === 'number' && body.expected >= 1) {
      const first = queue.pending()[0]?.seq;
      // The room has everything before `expected`; when it lacks events already dropped here
      // (it lost its data), what is still queued is numbered on from what it expects.
      if (first !== undefined && body.expected < first) await queue.renumber(body.expected);
      else await queue.acknowledge(body.expected - 1);
      return 'sent';
    }
    if (r.status === 401 || r.status === 403) {
      // The room does not know this participant (a new room on the same address): join again.
      await queue.forgetIdentity(id.token);
      await queue.renumber(1);
      return 'sent';
    }
    if (r.status === 400 && batch.length === 1 && batch[0]) {
      // One event the room will never take (a newer or older room): drop it rather than block the rest.
      o.onProblem?.(`${refusal(r, 'an event')}; that event is dropped`);
      await queue.drop(batch[0].seq);
      return 'sent';
    }
    if (r.status === 400) return (offline(refusal(r, 'events')), 'split');
    if (r.status === 429) return (offline('the room asked to slow down'), r.retryAfterMs ?? maxBackoff);
    if (r.status === 413) return (offline('the room refused a batch as too large'), 'split');
    return (offline(refusal(r, 'events')), 'retry');
  }

  async function pollSteering(id: Identity): Promise<void> {
    const r = await roomRequest(join.url, 'api/steering', { method: 'GET', token: id.token, signal: stop.signal });
    if (!r.ok) return offline(r.problem);
    if (r.status === 200) return steer(r.body);
    if (r.status === 401 || r.status === 403) return queue.forgetIdentity(id.token);
    offline(refusal(r, 'steering'));
  }

  async function loop(): Promise<void> {
    let backoff = minBackoff;
    let lastAnswer = 0;
    let cap = MAX_EVENTS_PER_POST;
    const failed = async (ms?: number) => {
      const jitter = ms === undefined ? 0.75 + Math.random() / 2 : 1;
      const wait = Math.min(ms ?? backoff, o.maxRetryAfterMs ?? 60_000) * jitter;
      // While closing, the few seconds left are best spent asking often.
      await sleep(closing && ms === undefined ? Math.min(wait, CLOSING_RETRY_MS) : wait);
      backoff = Math.min(backoff * 2, maxBackoff);
    };
    while (!stopped) {
      const id = await identity();
      if (stopped) break;
      if (id === 'retry') {
        // A wrong code stays wrong, and the room locks out an address that keeps guessing.
        await failed(status.problem?.includes('join code') ? REFUSED_JOIN_WAIT_MS : undefined);
        continue;
      }
      const batch = sized(queue.pending().slice(0, cap));
      if (batch.length === 0) {
        refreshQueued();
        if (closing) break;
        if (Date.now() - lastAnswer >= pollMs) {
          await pollSteering(id);
          if (status.connection === 'connected') lastAnswer = Date.now();
          else {
            await failed();
            continue;
          }
        }
        await sleep(pollMs);
        continue;
      }
      const r = await deliver(id, batch);
      refreshQueued();
      if (r === 'sent') {
        backoff = minBackoff;
        cap = MAX_EVENTS_PER_POST;
        lastAnswer = Date.now();
        continue;
      }
      if (r === 'split' && batch.length > 1) {
        cap = Math.max(1, Math.floor(batch.length / 2));
        continue;
      }
      await failed(typeof r === 'number' ? Math.max(r, minBackoff) : undefined);
    }
  }

  const running = loop().catch((err: unknown) => o.onProblem?.(`room link stopped: ${String(err)}`));

  return {
    getStatus: () => status,
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    onResult(result: ResultEvent) {
      const body = map(result);
      if (body) report(body);
    },
    whyUsed: (lesson, step) => report({ type: 'why-used', lesson, step }),
    report,
    ready(ms) {
      // Not unref'd: the caller waits this long for the room, and the loop's own timers are.
      let t: NodeJS.Timeout | undefined;
      const late = new Promise<void>((r) => (t = setTimeout(r, ms)));
      return Promise.race([readyP, late]).finally(() => clearTimeout(t));
    },
    async close(flushMs = 2000) {
      await appending;
      closing = true;
      kick();
      const deadline = new Promise<void>((r) => {
        // Not unref'd: the process waits this long for the flush, and no longer.
        setTimeout(r, flushMs);
      });
      await Promise.race([running, deadline]);
      stopped = true;
      stop.abort();
      kick();
      await running;
      const left = queue.pending().length;
      set({ queued: left });
      return left;
    },
  };
}

/** The events of a batch that fit one request body (each event is small; this is a bound). */
function sized(events: RoomEvent[]): RoomEvent[] {
  let bytes = 20;
  const out: RoomEvent[] = [];
  for (const e of events) {
    bytes += Buffer.byteLength(JSON.stringify(e)) + 1;
    if (bytes > MAX_BODY_BYTES && out.length > 0) break;
    out.push(e);
  }
  return out;
}

function refusal(r: RoomReply & { ok: true }, what: string): string {
  const error = (r.body as { error?: unknown } | undefined)?.error;
  const said = typeof error === 'string' ? `: ${error.split('\n')[0]?.slice(0, 120)}` : '';
  if (what === 'join' && (r.status === 401 || r.status === 403)) return `the room refused the join code${said}`;
  return `the room answered ${what} with HTTP ${r.status}${said}`;
}

function isJoin(v: unknown): v is JoinResponse {
  const j = v as Partial<JoinResponse> | undefined;
  return typeof j?.participant === 'string' && typeof j.token === 'string' && j.token !== '';
}

function isSteering(v: unknown): v is Steering {
  const s = v as Partial<Steering> | undefined;
  return typeof s?.paced === 'boolean' && Array.isArray(s.unlocked);
}
