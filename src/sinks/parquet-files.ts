// The main thread's side of parquet-worker.ts: one worker per Parquet output,
// jobs answered in the order they were sent.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CancelledError } from '../errors.js';
import type { FileJob, FileReply } from './parquet-worker.js';

/** The worker's compiled file: beside this one in dist/, or dist's when this runs from src/ (vitest). */
function workerUrl(): URL {
  const here = new URL('./parquet-worker.js', import.meta.url);
  return existsSync(fileURLToPath(here)) ? here : new URL('../../dist/src/sinks/parquet-worker.js', import.meta.url);
}

export class ParquetFiles {
  private worker: Worker;
  private stop = new Int32Array(new SharedArrayBuffer(4));
  private next = 0;
  private waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private failed: Error | null = null;

  constructor() {
    this.worker = new Worker(workerUrl(), { workerData: { stop: this.stop } });
    this.worker.on('message', (r: FileReply) => {
      const w = this.waiting.get(r.id)!;
      this.waiting.delete(r.id);
      if (r.cancelled) w.reject(new CancelledError());
      else if (r.error !== undefined) w.reject(new Error(r.error));
      else w.resolve();
    });
    const fail = (e: Error) => {
      this.failed ??= e;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', () => fail(new CancelledError()));
  }

  run(job: Omit<FileJob, 'id'>): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...job, id });
    });
  }

  /** Stops the running job between two row groups. */
  interrupt(): void {
    Atomics.store(this.stop, 0, 1);
  }

  async end(): Promise<void> {
    await this.worker.terminate();
  }
}
