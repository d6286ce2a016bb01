// `synthgen merge-manifests DIR...`: the whole run's checks over the shards of a
// --shard k/N run, as text or JSON; --out FILE keeps them as one manifest.
// `synthgen merge-manifests --url U --schema S`: the finishing step of a sharded
// PostgreSQL load (src/shards/pg-merge.ts), reported as a single run is.
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { mergeShards, type MergedRun } from '../shards/merge.js';
import { VERSION } from '../version.js';
import { checkWhole } from '../engine/params.js';
import { headlessProgress } from '../headless/progress.js';
import { summaryJson, summaryText } from '../headless/summary.js';
import { LOCK_TIMEOUT_RANGE } from '../sinks/pglimits.js';
import { URL_PASSWORD_WARNING, urlHasPassword } from '../sinks/pgurl.js';
import { mergePgShards } from '../shards/pg-merge.js';
import { schemaProblem } from './destination.js';
import { withSignals } from './signals.js';

export interface MergeFlags {
  dirs: string[];
  out?: string;
  json?: boolean;
  force?: boolean;
  url?: string;
  schema?: string;
  lockTimeout?: string;
}

export function mergedText(m: MergedRun): string {
  const rule = '='.repeat(60);
  const width = Math.max(...m.tables.map((t) => t.name.length));
  const failed = m.checks.filter((c) => !c.ok).length;
  return [
    `synthgen ${m.scenario} (seed ${m.seed}) -> ${m.target}, ${m.shards.length} shard${m.shards.length > 1 ? 's' : ''} merged`,
    rule,
    ...(m.headlines.length ? ['', ...m.headlines] : []),
    '',
    'Tables:',
    ...m.tables.map((t) => `  ${t.name.padEnd(width)}  ${t.rows.toLocaleString('en-US').padStart(12)} rows  ${t.files.length} file${t.files.length === 1 ? '' : 's'}`),
    '',
    'Data Integrity Checks:',
    ...m.checks.map((c) => `  ${c.info ? 'i' : c.ok ? '✓' : '✗ FAILED'} ${c.name}: ${c.figure}`),
    '',
    m.ok ? 'All checks passed' : `${failed} check(s) FAILED`,
    rule,
    '',
  ].join('\n');
}

export async function mergeManifestsCommand(flags: MergeFlags): Promise<number> {
  if (flags.url !== undefined || flags.schema !== undefined) return await mergePostgres(flags);
  if (flags.lockTimeout !== undefined) throw new UserError('--lock-timeout is for the PostgreSQL merge (merge-manifests --url URL --schema S)');
  if (flags.out !== undefined && existsSync(flags.out) && !flags.force) throw new UserError(`--out ${flags.out} exists; choose another name or add --force to replace it`);
  const merged = await mergeShards(flags.dirs, (table) => process.stderr.write(`checking ${table}\n`));
  if (flags.out !== undefined) {
    // Written whole under a temporary name, then renamed: a stop leaves the old file or the new one.
    const temp = `${flags.out}.synthgen-tmp-${process.pid}`;
    writeFileSync(temp, JSON.stringify({ synthgen: VERSION, ...merged }, null, 2) + '\n');
    renameSync(temp, flags.out);
  }
  process.stdout.write(flags.json ? JSON.stringify(merged, null, 2) + '\n' : mergedText(merged));
  return merged.ok ? 0 : 1;
}

/** The PostgreSQL form: S's tables built from the shards in synthgen_shards_<S>, swapped in, the shards dropped. */
async function mergePostgres(flags: MergeFlags): Promise<number> {
  if (flags.dirs.length) throw new UserError(`merge-manifests takes the shards' folders or --url/--schema of a PostgreSQL load, not both (got ${flags.dirs[0]})`);
  if (flags.out !== undefined) throw new UserError('--out is for merging folders; the PostgreSQL merge writes synthgen-manifest.postgres.<schema>.json here, as a run does');
  const schema = flags.schema ?? 'raw';
  const problem = schemaProblem(schema, '--schema');
  if (problem) throw new UserError(problem);
  let lockTimeout: number | undefined;
  if (flags.lockTimeout !== undefined) {
    const r = checkWhole('--lock-timeout', flags.lockTimeout, LOCK_TIMEOUT_RANGE.min, LOCK_TIMEOUT_RANGE.max);
    if ('error' in r) throw new UserError(r.error);
    lockTimeout = r.value;
  }
  if (urlHasPassword(flags.url)) process.stderr.write(URL_PASSWORD_WARNING);
  const progress = headlessProgress();
  try {
    return await withSignals(async (signal) => {
      const summary = await mergePgShards({ url: flags.url, schema, force: flags.force ?? false, lockTimeout }, { onEvent: progress.listener, signal });
      progress.stop();
      process.stdout.write(flags.json ? summaryJson(summary) : summaryText(summary));
      return summary.ok ? 0 : 1;
    });
  } finally {
    progress.stop();
  }
}
