// --shard k/N: one deterministic slice of every table, by chunk ranges, so N
// machines can each make a part of one run and the parts, in order, are the run.
import { UserError } from '../errors.js';

export interface Shard {
  /** 0-based: k of k/N (a Kubernetes indexed Job's JOB_COMPLETION_INDEX, an AWS Batch array index). */
  index: number;
  count: number;
}

export const MAX_SHARDS = 4096;
/** Targets whose output can be made in slices: a folder per shard, a file per table in each. */
export const SHARD_TARGETS: readonly string[] = ['csv', 'parquet'];

export function parseShard(text: string, flag = '--shard'): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new UserError(`${flag} ${JSON.stringify(text)}: expected k/N, e.g. 0/4 for the first of four shards`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) throw new UserError(`${flag} ${text}: N must be 1 to ${MAX_SHARDS}`);
  if (index >= count) throw new UserError(`${flag} ${text}: k counts from 0, so it is 0 to ${count - 1} for N = ${count}`);
  return { index, count };
}

/**
 * The chunks [from, to) of a table of `chunks` chunks that shard k/N makes: N
 * contiguous ranges, in order, differing in size by at most one chunk. A table
 * of fewer chunks than shards leaves some shards with none of it.
 */
export function chunkRange(chunks: number, shard: Shard | undefined): [number, number] {
  if (!shard) return [0, chunks];
  return [Math.floor((chunks * shard.index) / shard.count), Math.floor((chunks * (shard.index + 1)) / shard.count)];
}

export const shardText = (s: Shard) => `${s.index}/${s.count}`;
