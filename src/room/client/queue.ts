/**
 * The participant's outbox for one room, on disk: events wait here until the room acknowledges
 * them, so a Wi-Fi drop, a restart of the room server or of meshwalk itself loses nothing.
 *
 * `<data>/rooms-joined/<hash of room URL and code>/`:
 * - `identity.json`: the join response (participant id and token), mode 0600;
 * - `events.jsonl`: queued events, one JSON line each, appended (fsynced) as they happen;
 * - `sent.json`: `{ acked, lastSeq }`, rewritten atomically when acknowledged events are dropped;
 * - `steering.json`: the last steering seen, so an offline start still knows the room's pace;
 * - `lock`: every change holds it (src/files/lock-file.ts), so two meshwalk processes of the
 *   same participant (the TUI and `meshwalk run`) never give one seq twice or lose an append.
 *
 * `seq` counts from 1 without gaps: the next one is one past the highest in `events.jsonl` or
 * `sent.json`. A line torn by a crash mid-append is not an event (it is skipped, and its seq
 * given again), so a crash at any instant leaves whole events only.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { appendFile, open } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { withLockFile } from '../../files/lock-file.js';
import type { JoinResponse, RoomEvent, RoomEventBody, Steering } from '../protocol.js';

/** The join response kept for the next start, with what it was for. */
export interface Identity {
  url: string;
  code: string;
  name: string;
  participant: string;
  token: string;
}

interface Sent {
  /** The highest seq the room acknowledged. */
  acked: number;
  /** The highest seq ever given (events.jsonl may have been emptied). */
  lastSeq: number;
}

/**
 * The folder of one room's outbox under meshwalk's data directory. Rooms read codes without
 * case, spaces or dashes, so `abcd 1234` and `ABCD-1234` are one room here too.
 */
export function queueDir(dataDir: string, url: string, code: string): string {
  const same = code.toUpperCase().replace(/[\s-]+/g, '');
  const hash = createHash('sha256').update(`${url}\n${same}`).digest('hex').slice(0, 16);
  return join(dataDir, 'rooms-joined', hash);
}

export class RoomQueue {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /** Gives the bodies the next seqs and appends them; resolves with the events as queued. */
  append(bodies: readonly RoomEventBody[], at: number): Promise<RoomEvent[]> {
    return this.locked(async () => {
      let seq = this.lastSeq();
      const events = bodies.map((b) => ({ ...b, seq: ++seq, at }) as RoomEvent);
      if (events.length === 0) return events;
      // After a torn last line, start on a line of our own so the new event stays whole.
      const text = events.map((e) => `${JSON.stringify(e)}\n`).join('');
      const file = await open(this.path('events.jsonl'), 'a', 0o600);
      try {
        const size = (await file.stat()).size;
        const torn = size > 0 && !this.readText('events.jsonl').endsWith('\n');
        await appendFile(file, torn ? `\n${text}` : text);
        await file.sync();
      } finally {
        await file.close();
      }
      return events;
    });
  }

  /** Queued events not yet acknowledged, in seq order. */
  pending(): RoomEvent[] {
    const { acked } = this.sent();
    const bySeq = new Map<number, RoomEvent>();
    for (const e of this.events()) if (e.seq > acked && !bySeq.has(e.seq)) bySeq.set(e.seq, e);
    return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  /** The room stored everything up to `ack`: drop it. An older ack changes nothing. */
  acknowledge(ack: number): Promise<void> {
    return this.locked(async () => {
      const sent = this.sent();
      if (ack <= sent.acked) return;
      const lastSeq = Math.max(this.lastSeq(), ack);
      writeFileAtomic(this.path('sent.json'), JSON.stringify({ acked: ack, lastSeq }));
      this.rewrite(this.events().filter((e) => e.seq > ack));
    });
  }

  /**
   * The room no longer has what it acknowledged (it lost its data, or this is a new
   * participant): number what is still queued from `first` on and forget older acks.
   */
  renumber(first: number): Promise<void> {
    return this.locked(async () => {
      const queued = this.pending();
      const events = queued.map((e, i) => ({ ...e, seq: first + i }));
      writeFileAtomic(
        this.path('sent.json'),
        JSON.stringify({ acked: first - 1, lastSeq: first - 1 + events.length } satisfies Sent),
      );
      this.rewrite(events);
    });
  }

  /**
   * The room refused this one event as invalid: it is removed, and the ones after it move down
   * one seq, so the stream stays without gaps. Nothing of it was stored, so nothing else changes.
   */
  drop(seq: number): Promise<void> {
    return this.locked(async () => {
      const events = this.pending();
      if (!events.some((e) => e.seq === seq)) return;
      const kept = events.filter((e) => e.seq !== seq).map((e) => (e.seq > seq ? { ...e, seq: e.seq - 1 } : e));
      const sent = this.sent();
      writeFileAtomic(this.path('sent.json'), JSON.stringify({ acked: sent.acked, lastSeq: this.lastSeq() - 1 }));
      this.rewrite(kept);
    });
  }

  identity(): Identity | undefined {
    return this.readJson<Identity>('identity.json');
  }

  /**
   * The stored identity, or the one `join` obtains, stored before it is used: under the lock, so
   * two processes starting together join once.
   */
  identityOr(join: () => Promise<Identity>): Promise<Identity> {
    return this.locked(async () => {
      const known = this.identity();
      if (known) return known;
      const fresh = await join();
      writeFileAtomic(this.path('identity.json'), JSON.stringify(fresh));
      return fresh;
    });
  }

  /** Forgets a token the room refused; `joinResponse` fields must not outlive it. */
  forgetIdentity(token: string): Promise<void> {
    return this.locked(async () => {
      if (this.identity()?.token !== token) return;
      writeFileAtomic(this.path('identity.json'), '{}');
    });
  }

  steering(): Steering | undefined {
    return this.readJson<Steering>('steering.json');
  }

  saveSteering(s: Steering): void {
    writeFileAtomic(this.path('steering.json'), JSON.stringify(s));
  }

  private lastSeq(): number {
    return this.events().reduce((m, e) => Math.max(m, e.seq), this.sent().lastSeq);
  }

  private sent(): Sent {
    const s = this.readJson<Partial<Sent>>('sent.json');
    const n = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);
    return { acked: n(s?.acked), lastSeq: n(s?.lastSeq) };
  }

  private events(): RoomEvent[] {
    const out: RoomEvent[] = [];
    for (const line of this.readText('events.jsonl').split('\n')) {
      if (line.trim() === '') continue;
      try {
        const e = JSON.parse(line) as RoomEvent;
        if (Number.isInteger(e.seq) && e.seq > 0 && typeof e.type === 'string') out.push(e);
      } catch {
        // A line torn by a crash mid-append: never sent, its seq is given again.
      }
    }
    return out;
  }

  private rewrite(events: readonly RoomEvent[]): void {
    writeFileAtomic(this.path('events.jsonl'), events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  }

  private readText(name: string): string {
    try {
      return readFileSync(this.path(name), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw err;
    }
  }

  private readJson<T>(name: string): T | undefined {
    const text = this.readText(name);
    try {
      const v = text === '' ? undefined : (JSON.parse(text) as unknown);
      return v !== null && typeof v === 'object' && Object.keys(v).length > 0 ? (v as T) : undefined;
    } catch {
      return undefined;
    }
  }

  private path(name: string): string {
    return join(this.dir, name);
  }

  /** One change at a time in this process (in order), and across processes through the lock file. */
  private locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(() => withLockFile(this.path('lock'), fn));
    this.tail = run.catch(() => undefined);
    return run;
  }
}

/** The identity to keep from a join response. */
export function identityFrom(j: JoinResponse, url: string, code: string, name: string): Identity {
  return { url, code, name, participant: j.participant, token: j.token };
}
