// `synthgen merge-manifests DIR...`: the whole run's checks over the shards of a
// --shard k/N run, as text or JSON; --out FILE keeps them as one manifest.
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { mergeShards, type MergedRun } from '../shards/merge.js';
import { VERSION } from '../version.js';

export interface MergeFlags {
  dirs: string[];
  out?: string;
  json?: boolean;
  force?: boolean;
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
