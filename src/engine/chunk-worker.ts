// A thread that generates chunks for the main thread (chunk-pool.ts): it rebuilds
// the scenario's tables from (scenario, parameters, seed), then makes its share of
// the run's chunks in order, each batch sent as typed arrays (batch-codec.ts).
// It never runs more than CREDIT batches ahead of what the main thread has taken.
import { parentPort, workerData } from 'node:worker_threads';
import { findScenario } from '../../scenarios/index.js';
import { encodeBatch } from './batch-codec.js';
import { rowEncoder } from '../sinks/row-encoding.js';
import { plan } from './runner.js';
import { stream } from './random.js';
import type { ChunkJob, ChunkMessage, ChunkWorkerData } from './chunk-pool.js';
import type { Scenario } from './model.js';

const data = workerData as ChunkWorkerData;
const scenario: Scenario = data.module ? ((await import(data.module.url)) as Record<string, Scenario>)[data.module.export] : findScenario(data.scenario);
const tables = new Map(plan({ scenario, params: data.params, seed: data.seed }).map((t) => [t.spec.name, t]));
const ahead = new Int32Array(data.ahead);
const encoders = new Map([...tables].map(([name, t]) => [name, data.encoding ? rowEncoder(data.encoding, t.spec.columns) : null]));
const post = (m: ChunkMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);

function generate(job: ChunkJob): void {
  const def = tables.get(job.table)!;
  const ctx = {
    params: data.params,
    seed: data.seed,
    chunk: job.chunk,
    batchSize: data.batchSize,
    stream: (streamName = '', table = job.table, c = job.chunk) => stream(data.seed, scenario.name, table, c, streamName),
  };
  for (const rows of def.generate(ctx)) {
    const { batch, transfer } = encodeBatch(job.table, def.spec.columns, rows);
    // Encode for the sink only while the main thread lags (batches pile up here):
    // when it waits for rows, the sink's own encoding there costs it less than
    // waiting on this thread. The bytes are the same either way.
    const bytes = Atomics.load(ahead, 0) >= data.credit / 4 ? encoders.get(job.table)?.(rows) : undefined;
    // Handed over, not copied, when it has a buffer of its own (Node cuts small Buffers from a shared pool).
    const encoded = !bytes ? null : bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
    post({ type: 'batch', batch, encoded }, encoded ? [...transfer, encoded.buffer as ArrayBuffer] : transfer);
    // Wait while CREDIT batches are in flight: the main thread counts down as it takes them.
    for (let n = Atomics.add(ahead, 0, 1) + 1; n >= data.credit; n = Atomics.load(ahead, 0)) {
      if (Atomics.load(ahead, 1) === 1) return; // stopped
      Atomics.wait(ahead, 0, n, 1000);
    }
  }
  post({ type: 'end' });
}

try {
  for (const job of data.jobs) {
    if (Atomics.load(ahead, 1) === 1) break;
    generate(job);
  }
} catch (e) {
  post({ type: 'error', message: (e as Error).message, stack: (e as Error).stack ?? '' });
}
