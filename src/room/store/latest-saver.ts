/**
 * Saves a snapshot that keeps changing (room.json on every join and steering change): each
 * `save()` resolves once a write that started after the call has finished, and calls that come
 * in while a write is under way share the next one. So writes never overlap, the last one always
 * holds the latest snapshot, and 200 joins at once cost a few writes, not 200.
 */
export class LatestSaver {
  private running: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(private readonly write: () => Promise<void>) {}

  save(): Promise<void> {
    if (this.running === undefined) return this.start();
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.start();
      });
    return this.next;
  }

  /** Waits for every write asked for so far. */
  async settled(): Promise<void> {
    await this.next?.catch(() => undefined);
    await this.running?.catch(() => undefined);
  }

  private start(): Promise<void> {
    const run = this.write().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }
}
