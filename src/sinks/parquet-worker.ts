// The thread that grows the Parquet files (parquet-file.ts): rewriting and
// compressing pages there leaves the main thread to generate rows, as DuckDB's
// own thread does for the COPY of the next part.
import { rmSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { CancelledError } from '../errors.js';
import { ParquetFileWriter, type ParquetFileOptions } from './parquet-file.js';

/** Appends a raw part (removed after) to the file at `path`, created on its first part; `close` writes its footer. */
export interface FileJob {
  id: number;
  path: string;
  raw: string | null;
  options: ParquetFileOptions;
  close: boolean;
}
export interface FileReply {
  id: number;
  error?: string;
  cancelled?: boolean;
}

const stop = workerData.stop as Int32Array;
const stopped = () => Atomics.load(stop, 0) === 1;
const files = new Map<string, ParquetFileWriter>();

parentPort!.on('message', (job: FileJob) => {
  const reply: FileReply = { id: job.id };
  try {
    let file = files.get(job.path);
    if (!file) {
      file = ParquetFileWriter.create(job.path, job.options);
      files.set(job.path, file);
    }
    if (job.raw) {
      file.append(job.raw, stopped);
      rmSync(job.raw);
    }
    if (job.close) {
      files.delete(job.path);
      file.close();
    }
  } catch (e) {
    files.get(job.path)?.discard();
    files.delete(job.path);
    if (e instanceof CancelledError) reply.cancelled = true;
    else reply.error = (e as Error).message;
  }
  parentPort!.postMessage(reply);
});
