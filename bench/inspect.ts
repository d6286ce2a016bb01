// `synthgen inspect` timed (part of `npm run bench`): saas-churn's default output
// (100,000 customers, about 5.8M rows) as Parquet, BENCH_REPEATS times (median), and,
// with SYNTHGEN_BENCH_PG_URL, bar-platform QA (about 79M rows) in PostgreSQL once:
// loaded into schema bench_inspect_qa first unless a synthgen load of it is already
// there (its manifest kept in the bench's temp folder, so a rerun loads again).
//
// Each inspect runs in a child process (this file with --inspect), which reports its
// own time and peak RSS (process.resourceUsage().maxRSS) as one JSON line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { resolveParams } from '../src/engine/params.js';
import { run } from '../src/engine/runner.js';
import { createSink } from '../src/sinks/index.js';
import { inspectDataset, type InspectTarget } from '../src/inspect/index.js';
import { saasChurn } from '../scenarios/saas-churn/index.js';
import { barPlatform } from '../scenarios/bar-platform/index.js';
import type { Scenario } from '../src/engine/model.js';

interface Sample {
  ms: number;
  maxRssKB: number;
  rows: number;
  tables: number;
  ok: boolean;
}

const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function child(target: InspectTarget): Promise<void> {
  const t0 = performance.now();
  const r = await inspectDataset(target);
  const s: Sample = { ms: performance.now() - t0, maxRssKB: process.resourceUsage().maxRSS, rows: r.tables.reduce((a, t) => a + t.rows, 0), tables: r.tables.length, ok: r.ok };
  process.stdout.write(JSON.stringify(s) + '\n');
}

function measure(target: InspectTarget, cwd: string): Sample {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--inspect', JSON.stringify(target)], { cwd, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`inspect failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Sample;
}

async function generate(scenario: Scenario, params: Record<string, unknown>, target: string, out: string, extra: { url?: string; schema?: string } = {}): Promise<void> {
  const spec = { scenario, params: resolveParams(scenario, params as never), seed: scenario.defaultSeed };
  const summary = await run(spec, createSink(target, { out, force: true, ...extra }));
  if (!summary.ok) throw new Error(`${scenario.name} ${target}: checks failed`);
}

const line = (name: string, s: Sample[]) => {
  const ms = median(s.map((x) => x.ms));
  const rss = median(s.map((x) => x.maxRssKB));
  return `${name.padEnd(38)} ${s[0].rows.toLocaleString('en-US').padStart(12)} rows ${(ms / 1000).toFixed(2).padStart(7)} s ${Math.round(s[0].rows / (ms / 1000)).toLocaleString('en-US').padStart(12)} rows/s ${(rss / 1024).toFixed(0).padStart(6)} MiB  (n=${s.length}, ok=${s.every((x) => x.ok)})`;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'synthgen-bench-inspect-'));
  const results: Record<string, { ms: number; maxRssKB: number; rows: number }> = {};
  try {
    process.stderr.write('inspect bench: generating saas-churn default to Parquet...\n');
    const churn = join(dir, 'saas_churn');
    await generate(saasChurn, {}, 'parquet', churn);
    const samples: Sample[] = [];
    for (let i = 0; i < repeats; i++) samples.push(measure({ path: churn }, dir));
    process.stdout.write(line('inspect saas-churn default (Parquet)', samples) + '\n');
    results['churn-parquet'] = { ms: median(samples.map((s) => s.ms)), maxRssKB: median(samples.map((s) => s.maxRssKB)), rows: samples[0].rows };

    const url = process.env.SYNTHGEN_BENCH_PG_URL;
    if (url) {
      const schema = 'bench_inspect_qa';
      process.stderr.write(`inspect bench: loading bar-platform QA into ${schema} (about 5 minutes)...\n`);
      const prev = process.cwd();
      process.chdir(dir); // the load's manifest lands here, where inspect looks for it
      try {
        await generate(barPlatform, { env: 'QA' }, 'postgres', schema, { url, schema });
      } finally {
        process.chdir(prev);
      }
      const s = measure({ url, schema }, dir);
      process.stdout.write(line('inspect bar-platform QA (PostgreSQL)', [s]) + '\n');
      results['bar-qa-postgres'] = { ms: s.ms, maxRssKB: s.maxRssKB, rows: s.rows };
    } else {
      process.stderr.write('inspect bench: SYNTHGEN_BENCH_PG_URL not set, bar-platform QA in PostgreSQL skipped\n');
    }
    process.stdout.write(JSON.stringify({ inspect: results }) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--inspect') await child(JSON.parse(process.argv[3]) as InspectTarget);
else await main();
