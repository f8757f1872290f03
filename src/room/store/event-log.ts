/**
 * The room's event log, `events.jsonl`: one stored event per line, only ever appended. A batch
 * is acknowledged only after its lines are written and fsynced, so an acknowledged event survives
 * a crash or a power cut. Batches that arrive while a sync is under way are written and synced
 * together (group commit): one fsync per batch would cap a room at the disk's sync rate.
 */
import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { parseLogLine, type LogRecord } from '../model/log-record.js';

type Pending = { text: string; resolve: () => void; reject: (err: unknown) => void };

export class EventLog {
  private pending: Pending[] = [];
  private writing: Promise<void> | undefined;
  private broken: unknown;

  private constructor(
    private readonly file: FileHandle,
    /** The size up to which the file holds whole, synced lines: a failed write is cut back to it. */
    private goodSize: number,
  ) {}

  /** Opens the log for appending; `size` is what readLog found whole (a torn tail is cut off first). */
  static async open(path: string, size: number): Promise<EventLog> {
    const file = await open(path, 'a+', 0o600);
    const now = (await file.stat()).size;
    if (now > size) await file.truncate(size);
    return new EventLog(file, size);
  }

  /** Appends `text` (whole lines) and resolves once it is on disk. */
  append(text: string): Promise<void> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      this.pending.push({ text, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      const text = batch.map((p) => p.text).join('');
      try {
        await this.file.appendFile(text);
        await this.file.datasync();
        this.goodSize += Buffer.byteLength(text);
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err);
        // Cut off what may have been half written, or the next line would be glued to it.
        await this.file.truncate(this.goodSize).catch((e: unknown) => {
          this.broken = e;
        });
      }
    }
    this.writing = undefined;
  }

  async close(): Promise<void> {
    await this.writing;
    await this.file.close();
  }
}

export interface LogReadResult {
  /** Bytes of whole lines: where appending continues. */
  size: number;
  /** Whether the file ended in a partly written line (a crash mid-write); it is not counted in `size`. */
  tornTail: boolean;
  /** Whole lines that are not events (edited by hand, or written by a newer meshwalk). */
  badLines: number;
}

/** Calls `each` for every record of the log at `path`, in order; a missing file is an empty log. */
export async function readLog(path: string, each: (r: LogRecord) => void): Promise<LogReadResult> {
  try {
    await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { size: 0, tornTail: false, badLines: 0 };
    throw err;
  }
  // Split on the newline byte, not on decoded text, so `size` is exact even around bad UTF-8.
  let rest: Buffer = Buffer.alloc(0);
  let size = 0;
  let badLines = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    const data = rest.length > 0 ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    let from = 0;
    for (let nl = data.indexOf(0x0a, from); nl !== -1; nl = data.indexOf(0x0a, from)) {
      const line = data.toString('utf8', from, nl);
      size += nl - from + 1;
      from = nl + 1;
      if (line.trim() === '') continue;
      const record = parseLogLine(line);
      if (record) each(record);
      else badLines += 1;
    }
    rest = data.subarray(from);
  }
  return { size, tornTail: rest.length > 0, badLines };
}
