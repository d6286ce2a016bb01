// Target name -> sink.
import { UserError } from '../errors.js';
import { CsvSink } from './csv.js';
import { DuckdbSink } from './duckdb.js';
import { ParquetSink } from './parquet.js';
import { PostgresSink } from './postgres.js';
import type { Sink, SinkOptions } from './sink.js';
import { SqliteSink } from './sqlite.js';

export const TARGETS = ['csv', 'sqlite', 'parquet', 'duckdb', 'postgres'] as const;
export type Target = (typeof TARGETS)[number];

export function createSink(target: string, opts: SinkOptions): Sink {
  switch (target) {
    case 'csv':
      return new CsvSink(opts);
    case 'sqlite':
      return new SqliteSink(opts);
    case 'parquet':
      return new ParquetSink(opts);
    case 'duckdb':
      return new DuckdbSink(opts);
    case 'postgres':
      return new PostgresSink({ url: opts.url, schema: opts.schema ?? 'raw', force: opts.force, lockTimeout: opts.lockTimeout });
    default:
      throw new UserError(`unknown target "${target}"; choose one of ${TARGETS.join(', ')}`);
  }
}
