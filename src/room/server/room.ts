/**
 * The running room: the store (room.json and the event log) and what is folded from it, behind
 * the operations the HTTP routes call. Every answer is a value; a refused request carries the
 * status and one line saying why. Changes are announced to `onChange` listeners (the streams).
 */
import { mkdir } from 'node:fs/promises';
import type { EventsResponse, JoinResponse, RoomEvent, RoomState, Steering, SteerRequest } from '../protocol.js';
import { logLine } from '../model/log-record.js';
import { applyEvent, newProgress, type Progress } from '../model/participant-progress.js';
import { roomState, type LessonInfo } from '../model/room-state.js';
import { judgeBatch } from '../model/seq-rules.js';
import { noSteering, steer, steeringFor, type SteerChange } from '../model/steering.js';
import { isStuck, type StuckRule } from '../model/stuck-rule.js';
import { EventLog, readLog } from '../store/event-log.js';
import { LatestSaver } from '../store/latest-saver.js';
import { eventLogPath } from '../store/room-dir.js';
import { readRoomFile, writeRoomFile, type RoomFile } from '../store/room-file.js';
import { newJoinCode, newParticipantId, newSecret, normalCode, sameSecret, sha256 } from './room-secrets.js';

/** More participants than any workshop room holds; a bound on what one join code can make the server keep. */
export const MAX_PARTICIPANTS = 1000;

export type Answer<T> = { ok: true; value: T } | { ok: false; status: number; error: string; expected?: number };
const refuse = (status: number, error: string): { ok: false; status: number; error: string } => ({
  ok: false,
  status,
  error,
});

export interface RoomOptions {
  dir: string;
  lessons: readonly LessonInfo[];
  rule: StuckRule;
  now: () => number;
  /** Hears one line per thing worth telling the instructor (a torn log line skipped). */
  warn: (line: string) => void;
}

export class Room {
  private readonly progress = new Map<string, Progress>();
  private readonly byTokenHash = new Map<string, string>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly listeners = new Set<() => void>();
  private readonly saver: LatestSaver;
  private stuckNow = new Set<string>();
  private version: number;

  private constructor(
    private readonly o: RoomOptions,
    private readonly file: RoomFile,
    private readonly log: EventLog,
    loaded: number,
  ) {
    this.saver = new LatestSaver(() => writeRoomFile(o.dir, this.file));
    this.version = loaded + file.participants.length;
  }

  /** Opens the room in `o.dir`, creating it on first use (`created`). */
  static async open(o: RoomOptions): Promise<{ room: Room; created: boolean }> {
    await mkdir(o.dir, { recursive: true, mode: 0o700 });
    const existing = await readRoomFile(o.dir);
    const file: RoomFile = existing ?? {
      version: 1,
      code: newJoinCode(),
      key: newSecret(),
      createdAt: o.now(),
      participants: [],
      steering: noSteering(),
    };
    if (!existing) await writeRoomFile(o.dir, file);
    const progress = new Map(file.participants.map((p) => [p.id, newProgress(p.id, p.name, p.joinedAt)]));
    let loaded = 0;
    let strangers = 0;
    const path = eventLogPath(o.dir);
    const read = await readLog(path, (r) => {
      const p = progress.get(r.participant);
      if (!p) strangers += 1;
      else if (r.event.seq > p.lastSeq) {
        applyEvent(p, r.event, r.received);
        loaded += 1;
      }
    });
    if (read.tornTail)
      o.warn(
        `meshwalk room: ${path} ended in a partly written line (the server stopped while writing it); it was never acknowledged and is dropped`,
      );
    const skipped = read.badLines + strangers;
    if (skipped > 0) o.warn(`meshwalk room: skipped ${skipped} unreadable line${skipped === 1 ? '' : 's'} of ${path}`);
    const room = new Room(o, file, await EventLog.open(path, read.size), loaded);
    for (const [id, p] of progress) room.progress.set(id, p);
    for (const p of file.participants) room.byTokenHash.set(p.tokenHash, p.id);
    room.stuckNow = room.stuckIds();
    return { room, created: !existing };
  }

  get code(): string {
    return this.file.code;
  }

  get key(): string {
    return this.file.key;
  }

  /** Whether `given` is the instructor's key. */
  isKey(given: string): boolean {
    return sameSecret(given, this.file.key);
  }

  /** The participant a bearer token belongs to. The lookup is by hash, so its timing tells nothing of the token. */
  participantOf(token: string): string | undefined {
    return this.byTokenHash.get(sha256(token));
  }

  async join(code: string, name: string): Promise<Answer<JoinResponse>> {
    if (!sameSecret(normalCode(code), normalCode(this.file.code))) return refuse(403, 'wrong room code');
    if (this.progress.size >= MAX_PARTICIPANTS)
      return refuse(403, `the room is full (${MAX_PARTICIPANTS} participants)`);
    let id = newParticipantId();
    while (this.progress.has(id)) id = newParticipantId();
    const token = newSecret();
    const entry = { id, name, tokenHash: sha256(token), joinedAt: this.o.now() };
    this.file.participants.push(entry);
    this.progress.set(id, newProgress(id, name, entry.joinedAt));
    this.byTokenHash.set(entry.tokenHash, id);
    try {
      await this.saver.save();
    } catch (err) {
      // Not on disk, so not joined: the token would not survive a restart.
      this.file.participants = this.file.participants.filter((p) => p.id !== id);
      this.progress.delete(id);
      this.byTokenHash.delete(entry.tokenHash);
      throw err;
    }
    this.changed();
    return { ok: true, value: { participant: id, token, steering: steeringFor(this.file.steering, id) } };
  }

  /** Stores a participant's batch, one batch at a time per participant, so seq checks never race. */
  append(participant: string, events: readonly RoomEvent[]): Promise<Answer<EventsResponse>> {
    const before = this.queues.get(participant) ?? Promise.resolve();
    const run = before.then(
      () => this.appendNow(participant, events),
      () => this.appendNow(participant, events),
    );
    const tail = run.catch(() => undefined);
    this.queues.set(participant, tail);
    void tail.then(() => {
      if (this.queues.get(participant) === tail) this.queues.delete(participant);
    });
    return run;
  }

  private async appendNow(participant: string, events: readonly RoomEvent[]): Promise<Answer<EventsResponse>> {
    const p = this.progress.get(participant);
    if (!p) return refuse(401, 'unknown participant; join the room again');
    const verdict = judgeBatch(p.lastSeq, events);
    if (verdict.kind === 'gap')
      return {
        ok: false,
        status: 409,
        error: `events must follow on from seq ${verdict.expected - 1}`,
        expected: verdict.expected,
      };
    if (verdict.events.length > 0) {
      const received = this.o.now();
      await this.log.append(verdict.events.map((event) => logLine({ participant, received, event })).join(''));
      for (const e of verdict.events) applyEvent(p, e, received);
      this.changed();
    }
    return { ok: true, value: { ack: verdict.ack, steering: steeringFor(this.file.steering, participant) } };
  }

  steeringOf(participant: string): Steering {
    return steeringFor(this.file.steering, participant);
  }

  async steer(req: SteerRequest): Promise<Answer<Steering>> {
    const change = this.resolve(req);
    if (!change.ok) return change;
    this.file.steering = steer(this.file.steering, change.value, this.o.now());
    await this.saver.save();
    this.changed();
    return { ok: true, value: steeringFor(this.file.steering) };
  }

  /** Names become ids, and a lesson must be one the room knows (or one a participant is in). */
  private resolve(req: SteerRequest): Answer<SteerChange> {
    switch (req.action) {
      case 'pace':
      case 'broadcast':
        return { ok: true, value: req };
      case 'unlock':
      case 'lock': {
        const known =
          this.o.lessons.some((l) => l.id === req.lesson) ||
          [...this.progress.values()].some((p) => p.cells[req.lesson] || p.lesson === req.lesson) ||
          this.file.steering.unlocked.includes(req.lesson);
        if (known) return { ok: true, value: req };
        const ids = this.o.lessons.map((l) => l.id).join(', ');
        return refuse(400, `no lesson ${req.lesson} in this room${ids ? ` (lessons: ${ids})` : ''}`);
      }
      case 'suggest-reset': {
        const id = this.findParticipant(req.participant);
        return id.ok ? { ok: true, value: { action: 'suggest-reset', participantId: id.value } } : id;
      }
    }
  }

  /** A participant by id, else by name (any case); a name two people share must be given as the id. */
  findParticipant(idOrName: string): Answer<string> {
    if (this.progress.has(idOrName)) return { ok: true, value: idOrName };
    const wanted = idOrName.toLowerCase();
    const named = [...this.progress.values()].filter((p) => p.name.toLowerCase() === wanted);
    if (named.length === 1) return { ok: true, value: named[0]!.id };
    if (named.length === 0) return refuse(404, `no participant ${idOrName} in this room`);
    return refuse(
      400,
      `${named.length} participants are named ${idOrName}; give the id (${named.map((p) => p.id).join(', ')})`,
    );
  }

  state(lesson?: string): RoomState {
    return roomState({
      version: this.version,
      now: this.o.now(),
      participants: [...this.progress.values()],
      steering: this.file.steering,
      lessons: this.o.lessons,
      rule: this.o.rule,
      ...(lesson === undefined ? {} : { lesson }),
    });
  }

  /** Names by participant id, for the export. */
  names(): Map<string, string> {
    return new Map(this.file.participants.map((p) => [p.id, p.name]));
  }

  /** Announces a change when someone became stuck (or stopped being) with time alone. */
  checkStuck(): void {
    const now = this.stuckIds();
    if (now.size !== this.stuckNow.size || [...now].some((id) => !this.stuckNow.has(id))) this.changed();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records where the server listens, for the subcommands. */
  async listening(url: string): Promise<void> {
    this.file.url = url;
    await this.saver.save();
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()]);
    await this.saver.settled();
    await this.log.close();
  }

  private stuckIds(): Set<string> {
    const now = this.o.now();
    return new Set([...this.progress.values()].filter((p) => isStuck(p, this.o.rule, now)).map((p) => p.id));
  }

  private changed(): void {
    this.version += 1;
    this.stuckNow = this.stuckIds();
    for (const l of this.listeners) l();
  }
}
