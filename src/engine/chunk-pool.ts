// The main thread's side of chunk-worker.ts: the run's chunks, in the order the
// runner takes them, dealt to the workers in turn (job i to worker i mod W), each
// worker making its jobs in order. The runner reads chunk after chunk from the
// worker that made it, so the rows reach the checks and the sink in exactly the
// order of a run without workers: the output is the same for any worker count.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { decodeBatch, type WireBatch } from './batch-codec.js';
import type { Params, Row } from './model.js';
import type { RowEncoding } from '../sinks/row-encoding.js';

export interface ChunkJob {
  table: string;
  chunk: number;
}

export interface ChunkWorkerData {
  scenario: string;
  /** A scenario outside the built-in ones: the module it is exported from. */
  module: { url: string; export: string } | null;
  params: Params;
  seed: number;
  batchSize: number;
  jobs: ChunkJob[];
  /** The sink's encoding of the rows, made here too so the main thread only writes the bytes. */
  encoding: RowEncoding | null;
  /** Int32 [batches in flight, stopped] shared with the main thread. */
  ahead: SharedArrayBuffer;
  credit: number;
}

export type ChunkMessage = { type: 'batch'; batch: WireBatch; encoded: Uint8Array | null } | { type: 'end' } | { type: 'error'; message: string; stack: string };

export const WORKERS_RANGE = { min: 0, max: 64 };

/**
 * Runs of fewer rows make their chunks on the main thread: a worker's start (a
 * thread, the scenario's modules) costs more than it saves there (measured in
 * issue #15's note).
 */
export const WORKER_MIN_ROWS = 1_000_000;
/** The main thread checks and writes every row: past a few workers they wait on it, and each costs a heap. */
const MOST_DEFAULT_WORKERS = 4;

/** --workers' default: a worker per core beside the main thread (up to 4) for runs of a million rows or more; none below. */
export function defaultWorkers(rows: number, cores = availableParallelism()): number {
  return rows >= WORKER_MIN_ROWS ? Math.max(0, Math.min(cores - 1, MOST_DEFAULT_WORKERS)) : 0;
}

/** Batches a worker may run ahead of the main thread: ~33K rows at the default batch size (64 took ~45 MB more at bar-platform QA, no faster). */
const CREDIT = 16;

function workerUrl(): URL {
  const here = new URL('./chunk-worker.js', import.meta.url);
  // Under the test runner this module is TypeScript: the worker runs from the build.
  return existsSync(fileURLToPath(here)) ? here : new URL('../../dist/src/engine/chunk-worker.js', import.meta.url);
}

/** A worker's messages, taken one at a time in the order they were sent. */
class Inbox {
  private queue: ChunkMessage[] = [];
  private head = 0;
  private waiting: ((m: ChunkMessage) => void) | null = null;

  push(m: ChunkMessage): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve(m);
    } else this.queue.push(m);
  }

  next(): Promise<ChunkMessage> | ChunkMessage {
    if (this.head < this.queue.length) {
      const m = this.queue[this.head];
      // Let go of it here: a taken message kept in the array would keep its batch's buffers alive until the next compaction.
      this.queue[this.head++] = undefined as unknown as ChunkMessage;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      return m;
    }
    return new Promise((resolve) => (this.waiting = resolve));
  }
}

export class ChunkPool {
  private workers: { worker: Worker; inbox: Inbox; ahead: Int32Array }[] = [];
  private taken = 0;

  constructor(
    run: { scenario: string; module: ChunkWorkerData['module']; params: Params; seed: number; batchSize: number; encoding: RowEncoding | null },
    private readonly jobs: ChunkJob[],
    count: number,
  ) {
    for (let w = 0; w < count; w++) {
      const ahead = new SharedArrayBuffer(8);
      const data: ChunkWorkerData = { ...run, jobs: jobs.filter((_, i) => i % count === w), ahead, credit: CREDIT };
      const worker = new Worker(workerUrl(), { workerData: data });
      const inbox = new Inbox();
      worker.on('message', (m: ChunkMessage) => inbox.push(m));
      worker.on('error', (e) => inbox.push({ type: 'error', message: e.message, stack: e.stack ?? '' }));
      worker.on('exit', (code) => {
        if (code !== 0) inbox.push({ type: 'error', message: `a generator thread stopped (exit code ${code})`, stack: '' });
      });
      this.workers.push({ worker, inbox, ahead: new Int32Array(ahead) });
    }
  }

  /** The rows of the next job, batch by batch; the jobs must be taken in their order. */
  async *next(job: ChunkJob): AsyncGenerator<{ rows: Row[]; encoded?: Uint8Array }> {
    const i = this.taken++;
    const expected = this.jobs[i];
    if (!expected || expected.table !== job.table || expected.chunk !== job.chunk) throw new Error(`chunk pool: asked for ${job.table}#${job.chunk}, next is ${expected?.table}#${expected?.chunk}`);
    const w = this.workers[i % this.workers.length];
    for (;;) {
      const m = await w.inbox.next();
      if (m.type === 'end') return;
      if (m.type === 'error') {
        const e = new Error(m.message);
        e.stack = m.stack || e.stack;
        throw e;
      }
      Atomics.sub(w.ahead, 0, 1);
      Atomics.notify(w.ahead, 0);
      const encoded = m.encoded ? Buffer.from(m.encoded.buffer, m.encoded.byteOffset, m.encoded.byteLength) : undefined;
      yield { rows: decodeBatch(m.batch), encoded };
    }
  }

  /** Stops every worker (they may be waiting for credit or mid-chunk). */
  async close(): Promise<void> {
    for (const w of this.workers) {
      Atomics.store(w.ahead, 1, 1);
      Atomics.notify(w.ahead, 0);
    }
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
