/**
 * Parses many lesson files on worker threads when the machine has cores to spare. The yaml
 * parser costs about 0.4 ms per KiB, so 200 lessons take most of a second on one core. Each
 * worker pays ~0.2 s to load and warm up yaml and zod, so on 2 cores (measured, loaded) one
 * thread was as fast; workers start only from 4 cores. MESHWALK_LINT_THREADS=N overrides.
 * A worker runs this very module (from the bundled chunk that holds it): the code at the
 * bottom answers the parent. Under tsx/vitest (a .ts module) it stays on one thread.
 */
import { availableParallelism } from 'node:os';
import {
  isMainThread,
  parentPort,
  receiveMessageOnPort,
  MessageChannel,
  Worker,
  workerData,
} from 'node:worker_threads';
import type { StagedLesson } from '../lesson/parse.js';
import { stageAll } from './stage-lessons.js';

type Job = { file: string; root: string; manifests?: boolean };

/** Below this many files one thread is faster than starting workers. */
const MIN_FILES_FOR_WORKERS = 40;
const WORKER_FLAG = 'meshwalk-stage-lessons';
/** With fewer cores the workers' start-up cost eats the gain (bench/lint.mjs). */
const MIN_CORES_FOR_WORKERS = 4;

export function stageInParallel(jobs: readonly Job[]): StagedLesson[] {
  const threads = workerCount(jobs.length);
  if (threads <= 1) return stageAll(jobs);
  // Interleave so each thread gets a similar mix; the main thread takes a share too.
  const shares: Job[][] = Array.from({ length: threads }, () => []);
  jobs.forEach((job, i) => shares[i % threads]?.push(job));
  const channels = shares.slice(1).map((share) => {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { flag: WORKER_FLAG, jobs: share, port: port2 },
      transferList: [port2],
    });
    worker.unref();
    return { port: port1, worker };
  });
  const mine = stageAll(shares[0] ?? []);
  const results: StagedLesson[][] = [mine];
  for (const { port, worker } of channels) {
    // Synchronous wait: Atomics.wait would also do, but the message itself carries the result.
    let message = receiveMessageOnPort(port);
    while (!message) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      message = receiveMessageOnPort(port);
    }
    const reply = message.message as { staged?: StagedLesson[]; error?: string };
    void worker.terminate();
    if (!reply.staged) throw new Error(`lesson worker failed: ${reply.error ?? 'no reply'}`);
    results.push(reply.staged);
  }
  // Undo the interleaving.
  return jobs.map((_, i) => results[i % threads]?.[Math.floor(i / threads)] as StagedLesson);
}

function workerCount(files: number): number {
  if (files < MIN_FILES_FOR_WORKERS || !import.meta.url.endsWith('.js')) return 1;
  const env = Number(process.env.MESHWALK_LINT_THREADS);
  if (Number.isInteger(env) && env > 0) return Math.min(env, 8, Math.floor(files / 20));
  const cores = availableParallelism();
  return cores < MIN_CORES_FOR_WORKERS ? 1 : Math.max(1, Math.min(cores, 4, Math.floor(files / 50)));
}

if (!isMainThread && (workerData as { flag?: string } | null)?.flag === WORKER_FLAG) {
  // After every module of the bundle has finished evaluating (this one may come first in a cycle).
  setImmediate(() => {
    const { jobs, port } = workerData as { jobs: Job[]; port: MessagePort };
    try {
      port.postMessage({ staged: stageAll(jobs) });
    } catch (err) {
      port.postMessage({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
    parentPort?.close();
  });
}
