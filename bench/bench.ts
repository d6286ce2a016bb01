// `npm run bench`: throughput (rows/s) and peak memory (RSS) of the real runner
// into each sink, for saas-metrics at its default size and at 200,000 customers,
// and for a 2,000,000-row, 10-column table.
//
// Every measurement runs in its own child process (this file with --case), so
// peak RSS is that case's alone; the child reads process.resourceUsage().maxRSS
// and reports back one JSON line on stdout. Each case runs BENCH_REPEATS times
// (default 3), repeats interleaved across cases; the table shows medians.
// Outputs go to a temp dir under os.tmpdir() that is removed afterwards.
//
// Environment:
//   BENCH_REPEATS=N        runs per case (default 3)
//   BENCH_CASES=a,b        only these cases (names as in the table, e.g. wide-2m)
//   BENCH_TARGETS=csv,...  only these targets (default: every sink)
//   BENCH_WIDE_ROWS=N      rows in the wide table (default 2,000,000)
//   SYNTHGEN_BENCH_PG_URL  a PostgreSQL server for the bar-platform cases' postgres
//                          target (without it those runs are skipped; each loads into
//                          its own schema bench_<case>, replaced with --force)
//
// The bar-platform cases are the seed's QA (73M rows) and PRODUCTION (308M rows)
// sizes: PRODUCTION runs once whatever BENCH_REPEATS says (about 5-15 minutes a run).
//
// stdout: the table, then one line of JSON with every figure (`npm run bench | tail -1`).
// stderr: progress.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { Scenario } from '../src/engine/model.js';
import { resolveParams } from '../src/engine/params.js';
import { run } from '../src/engine/runner.js';
import { createSink, TARGETS } from '../src/sinks/index.js';
import { PostgresSink } from '../src/sinks/postgres.js';
import { saasMetrics } from '../scenarios/saas-metrics/index.js';
import { showAndWell } from '../scenarios/show-and-well/index.js';
import { saasChurn } from '../scenarios/saas-churn/index.js';
import { barPlatform } from '../scenarios/bar-platform/index.js';
import { benchWide, WIDE_DEFAULT_ROWS } from './wide-table.js';
import { workersFor } from '../src/commands/run.js';

interface CaseDef {
  name: string;
  scenario: Scenario;
  /** Parameters over the scenario's defaults. */
  params: () => Record<string, unknown>;
  about: string;
  /** Targets this case runs on (default: every sink but postgres); BENCH_TARGETS narrows it further. */
  targets?: readonly string[];
  /** At most this many runs, whatever BENCH_REPEATS says (the largest cases). */
  maxRepeats?: number;
}

const wideRows = () => envInt('BENCH_WIDE_ROWS', WIDE_DEFAULT_ROWS, 1);

const CASES: CaseDef[] = [
  { name: 'saas-default', scenario: saasMetrics, params: () => ({}), about: 'saas-metrics, 500 customers (default)' },
  { name: 'saas-200k', scenario: saasMetrics, params: () => ({ customers: 200_000 }), about: 'saas-metrics, customers=200000', targets: ['csv', 'sqlite'] },
  { name: 'showwell-default', scenario: showAndWell, params: () => ({}), about: 'show-and-well, seed defaults (275 days, 28 providers)', targets: ['csv', 'sqlite'] },
  { name: 'showwell-2k', scenario: showAndWell, params: () => ({ providers: 2000, cities: Array.from({ length: 40 }, (_, i) => `City ${i + 1}`) }), about: 'show-and-well, 2,000 providers in 40 cities', targets: ['csv', 'sqlite'] },
  { name: 'churn-100k', scenario: saasChurn, params: () => ({}), about: 'saas-churn, seed defaults (100,000 customers)', targets: ['parquet', 'duckdb', 'csv'] },
  { name: 'churn-1m', scenario: saasChurn, params: () => ({ customers: 1_000_000 }), about: 'saas-churn, 10x (1,000,000 customers)', targets: ['parquet'] },
  { name: 'bar-qa', scenario: barPlatform, params: () => ({ env: 'QA' }), about: 'bar-platform, QA (10,000 accounts, 50M tap events)', targets: ['parquet', 'csv', 'postgres'] },
  { name: 'bar-production', scenario: barPlatform, params: () => ({ env: 'PRODUCTION' }), about: 'bar-platform, PRODUCTION (40,000 accounts, 200M tap events)', targets: ['parquet', 'csv', 'postgres'], maxRepeats: 1 },
  { name: 'wide-2m', scenario: benchWide, params: () => ({ rows: wideRows() }), about: `bench-wide, ${wideRows().toLocaleString('en-US')} rows x 10 columns` },
];

/** What a child reports for one run. */
interface Sample {
  case: string;
  target: string;
  ok: boolean;
  rows: number;
  tables: number;
  runMs: number;
  /** CPU time of the child's every thread during run() (user + system), for cpu/wall. */
  cpuMs?: number;
  generateMs: number;
  checkMs: number;
  bytes: number;
  maxRssKB: number;
  /** Peak RSS when all rows had streamed, before indexes, views and read-back checks. */
  loadMaxRssKB: number;
  error?: string;
}

const RESULT_MARK = 'BENCH_RESULT ';

function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    console.error(`${name} must be a whole number of at least ${min}, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return n;
}

function envList(name: string, allowed: readonly string[]): string[] {
  const raw = process.env[name];
  if (!raw || raw.trim() === '') return [...allowed];
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = list.filter((s) => !allowed.includes(s));
  if (bad.length > 0) {
    console.error(`${name}: unknown ${bad.join(', ')}; choose from ${allowed.join(', ')}`);
    process.exit(2);
  }
  return list;
}

const maxRssKB = () => process.resourceUsage().maxRSS; // kilobytes on Linux

// ---------------------------------------------------------------- child side

async function child(caseName: string, target: string, tmpRoot: string, asked: number | undefined): Promise<Sample> {
  if (caseName === 'baseline') {
    // Node plus this module graph (better-sqlite3 included), no run.
    return { case: caseName, target, ok: true, rows: 0, tables: 0, runMs: 0, generateMs: 0, checkMs: 0, bytes: 0, maxRssKB: maxRssKB(), loadMaxRssKB: 0 };
  }
  const def = CASES.find((c) => c.name === caseName);
  if (!def) throw new Error(`unknown case ${caseName}`);
  const dir = mkdtempSync(join(tmpRoot, `${caseName}-${target}-`));
  try {
    const params = resolveParams(def.scenario, def.params());
    const workers = workersFor(def.scenario, asked);
    const out = join(dir, target === 'csv' ? 'out' : `out.${target === 'sqlite' ? 'db' : target}`);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const sink =
      target === 'postgres'
        ? new PostgresSink({ url: process.env.SYNTHGEN_BENCH_PG_URL, schema: `bench_${caseName.replaceAll('-', '_')}`, force: true, manifestDir: dir })
        : createSink(target, { out, force: false });
    let loadMaxRssKB = 0;
    const summary = await run({ scenario: def.scenario, params, seed: def.scenario.defaultSeed, workers }, sink, {
      onEvent: (e) => {
        if (e.type === 'phase' && loadMaxRssKB === 0) loadMaxRssKB = maxRssKB();
      },
    });
    const runMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const failed = summary.checks.filter((c) => !c.ok);
    return {
      case: caseName,
      target,
      ok: summary.ok,
      rows: summary.tables.reduce((n, t) => n + t.rows, 0),
      tables: summary.tables.length,
      runMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      generateMs: summary.timings.generateMs,
      checkMs: summary.timings.checkMs,
      bytes: summary.files.reduce((n, f) => n + f.bytes, 0),
      maxRssKB: maxRssKB(),
      loadMaxRssKB,
      ...(failed.length > 0 ? { error: `checks failed: ${failed.map((c) => `${c.name} (${c.figure})`).join('; ')}` } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// --------------------------------------------------------------- parent side

/** The child running now, so a signal to the bench stops it too. */
let current: ChildProcess | null = null;

function runChild(caseName: string, target: string, tmpRoot: string): Promise<Sample> {
  const script = fileURLToPath(import.meta.url);
  return new Promise((resolve) => {
    const proc = (current = spawn(process.execPath, [...process.execArgv, script, '--case', caseName, '--target', target, '--tmp', tmpRoot], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }));
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    proc.on('close', (code, signal) => {
      current = null;
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
      if (line) {
        resolve(JSON.parse(line.slice(RESULT_MARK.length)) as Sample);
        return;
      }
      const why = signal ? `killed by ${signal}` : `exit code ${code}`;
      resolve({ case: caseName, target, ok: false, rows: 0, tables: 0, runMs: 0, generateMs: 0, checkMs: 0, bytes: 0, maxRssKB: 0, loadMaxRssKB: 0, error: `${why}: ${(stderr || stdout).trim().slice(-500)}` });
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const mb = (kb: number) => kb / 1024;
const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
const fmt1 = (n: number) => n.toFixed(1);
const fmt2 = (n: number) => n.toFixed(2);

interface CaseResult {
  case: string;
  target: string;
  about: string;
  runs: number;
  failures: string[];
  rows: number;
  tables: number;
  medianSeconds: number;
  medianRowsPerSec: number;
  minRowsPerSec: number;
  maxRowsPerSec: number;
  medianPeakRssMB: number;
  minPeakRssMB: number;
  maxPeakRssMB: number;
  /** Median peak RSS once the rows had streamed (before indexes, views, read-back). */
  medianLoadPeakRssMB: number;
  outputMB: number;
  samples: { seconds: number; rowsPerSec: number; peakRssMB: number; loadPeakRssMB: number; generateMs: number; checkMs: number }[];
}

function summarize(caseName: string, target: string, about: string, samples: Sample[]): CaseResult {
  const good = samples.filter((s) => !s.error);
  const rps = good.map((s) => s.rows / (s.runMs / 1000));
  const rss = good.map((s) => mb(s.maxRssKB));
  const pick = (xs: number[], f: (xs: number[]) => number) => (xs.length ? f(xs) : NaN);
  return {
    case: caseName,
    target,
    about,
    runs: samples.length,
    failures: samples.filter((s) => s.error).map((s) => s.error!),
    rows: good[0]?.rows ?? 0,
    tables: good[0]?.tables ?? 0,
    medianSeconds: pick(good.map((s) => s.runMs / 1000), median),
    medianRowsPerSec: pick(rps, median),
    minRowsPerSec: pick(rps, (x) => Math.min(...x)),
    maxRowsPerSec: pick(rps, (x) => Math.max(...x)),
    medianPeakRssMB: pick(rss, median),
    minPeakRssMB: pick(rss, (x) => Math.min(...x)),
    maxPeakRssMB: pick(rss, (x) => Math.max(...x)),
    medianLoadPeakRssMB: pick(good.map((s) => mb(s.loadMaxRssKB)), median),
    outputMB: (good[0]?.bytes ?? 0) / 1024 / 1024,
    samples: good.map((s) => ({
      seconds: +(s.runMs / 1000).toFixed(3),
      rowsPerSec: Math.round(s.rows / (s.runMs / 1000)),
      peakRssMB: +mb(s.maxRssKB).toFixed(1),
      loadPeakRssMB: +mb(s.loadMaxRssKB).toFixed(1),
      generateMs: s.generateMs,
      checkMs: s.checkMs,
    })),
  };
}

function table(header: string[], rows: string[][], rightAlign: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (rightAlign[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

async function parent(): Promise<number> {
  const started = performance.now();
  const repeats = envInt('BENCH_REPEATS', 3, 1);
  const caseNames = envList('BENCH_CASES', CASES.map((c) => c.name));
  // postgres needs a server: bench/postgres.ts measures it against psql \copy; the
  // bar-platform cases load into SYNTHGEN_BENCH_PG_URL when it is set.
  const pgUrl = process.env.SYNTHGEN_BENCH_PG_URL;
  const targets = envList('BENCH_TARGETS', TARGETS.filter((t) => t !== 'postgres' || pgUrl));
  if (!pgUrl) console.error('synthgen bench: SYNTHGEN_BENCH_PG_URL not set, bar-platform postgres runs skipped');
  const cases = CASES.filter((c) => caseNames.includes(c.name));
  const tmpRoot = mkdtempSync(join(tmpdir(), 'synthgen-bench-'));
  const cleanup = () => rmSync(tmpRoot, { recursive: true, force: true });
  const onSignal = (sig: NodeJS.Signals) => {
    current?.kill('SIGKILL');
    cleanup();
    process.kill(process.pid, sig);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const samples = new Map<string, Sample[]>();
  const key = (c: string, t: string) => `${c}\u0000${t}`;
  const targetsOf = (c: CaseDef) => targets.filter((t) => (c.targets ? c.targets.includes(t) : t !== 'postgres'));
  const plan: [string, string][] = [['baseline', '-'], ...cases.flatMap((c) => targetsOf(c).map((t): [string, string] => [c.name, t]))];
  try {
    console.error(`synthgen bench: ${plan.length - 1} cases x ${repeats} runs, node ${process.version}, temp ${tmpRoot}`);
    // Repeats interleaved (round-robin over cases) so a noisy spell on the shared
    // machine spreads over cases instead of landing on all runs of one.
    for (let rep = 1; rep <= repeats; rep++) {
      for (const [c, t] of plan) {
        if (rep > (CASES.find((x) => x.name === c)?.maxRepeats ?? Infinity)) continue;
        const t0 = performance.now();
        const s = await runChild(c, t, tmpRoot);
        const wall = (performance.now() - t0) / 1000;
        if (!samples.has(key(c, t))) samples.set(key(c, t), []);
        samples.get(key(c, t))!.push(s);
        const what = s.error
          ? `FAILED ${s.error}`
          : c === 'baseline'
            ? `${fmt1(mb(s.maxRssKB))} MB`
            : `${fmtInt(s.rows)} rows in ${fmt2(s.runMs / 1000)} s = ${fmtInt(s.rows / (s.runMs / 1000))} rows/s, peak ${fmt1(mb(s.maxRssKB))} MB`;
        console.error(`  [${rep}/${repeats}] ${c} ${t}: ${what} (process ${fmt1(wall)} s, elapsed ${fmt1((performance.now() - started) / 1000)} s)`);
      }
    }
  } finally {
    cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const baseline = summarize('baseline', '-', 'node + synthgen modules loaded, no run', samples.get(key('baseline', '-'))!);
  const results = cases.flatMap((c) => targetsOf(c).map((t) => summarize(c.name, t, c.about, samples.get(key(c.name, t))!)));
  const totalSeconds = (performance.now() - started) / 1000;

  const rows = results.map((r) => [
    r.case,
    r.target,
    fmtInt(r.rows),
    fmt2(r.medianSeconds),
    fmtInt(r.medianRowsPerSec),
    `${fmtInt(r.minRowsPerSec)}-${fmtInt(r.maxRowsPerSec)}`,
    fmt1(r.medianPeakRssMB),
    `${fmt1(r.minPeakRssMB)}-${fmt1(r.maxPeakRssMB)}`,
    fmt1(r.medianLoadPeakRssMB),
    fmt1(r.outputMB),
    r.failures.length ? `${r.failures.length} FAILED` : 'ok',
  ]);
  const out: string[] = [];
  out.push('');
  out.push(`synthgen bench: median of ${repeats} run(s) per case, each in its own process; node ${process.version}, ${process.platform}/${process.arch}`);
  out.push('rows/s = rows of all tables / wall seconds of run() (generate, load, indexes and views, read-back checks, commit)');
  out.push('peak MB = the child process\'s peak RSS (process.resourceUsage().maxRSS); @load = that peak once all rows had streamed, before indexes, views and read-back checks');
  out.push('');
  out.push(
    table(
      ['case', 'target', 'rows', 'run s', 'rows/s', 'rows/s min-max', 'peak MB', 'peak MB min-max', 'peak MB @load', 'output MB', 'status'],
      rows,
      [false, false, true, true, true, true, true, true, true, true, false],
    ),
  );
  out.push('');
  out.push(`baseline peak RSS (node + synthgen modules, no run): ${fmt1(baseline.medianPeakRssMB)} MB`);
  for (const c of cases) out.push(`${c.name}: ${c.about}`);
  for (const r of results) for (const f of r.failures) out.push(`FAILED ${r.case} ${r.target}: ${f}`);
  out.push(`total bench time: ${fmt1(totalSeconds)} s`);
  out.push('');
  process.stdout.write(out.join('\n') + '\n');
  process.stdout.write(
    JSON.stringify({
      bench: 'synthgen',
      node: process.version,
      platform: `${process.platform}/${process.arch}`,
      repeats,
      totalSeconds: +totalSeconds.toFixed(1),
      baselinePeakRssMB: +baseline.medianPeakRssMB.toFixed(1),
      results: results.map((r) => ({
        ...r,
        medianSeconds: +r.medianSeconds.toFixed(3),
        medianRowsPerSec: Math.round(r.medianRowsPerSec),
        minRowsPerSec: Math.round(r.minRowsPerSec),
        maxRowsPerSec: Math.round(r.maxRowsPerSec),
        medianPeakRssMB: +r.medianPeakRssMB.toFixed(1),
        minPeakRssMB: +r.minPeakRssMB.toFixed(1),
        maxPeakRssMB: +r.maxPeakRssMB.toFixed(1),
        medianLoadPeakRssMB: +r.medianLoadPeakRssMB.toFixed(1),
        outputMB: +r.outputMB.toFixed(1),
      })),
    }) + '\n',
  );
  return results.some((r) => r.failures.length > 0) || baseline.failures.length > 0 ? 1 : 0;
}

// ------------------------------------------------------------------------ main

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const caseName = flag(args, '--case');
  if (caseName === undefined) {
    process.exitCode = await parent();
    return;
  }
  const target = flag(args, '--target') ?? 'csv';
  const tmpRoot = flag(args, '--tmp') ?? tmpdir();
  try {
    // --workers as synthgen run takes it: its default for the run's size when not given.
    const sample = await child(caseName, target, tmpRoot, flag(args, '--workers') !== undefined ? Number(flag(args, '--workers')) : undefined);
    process.stdout.write(RESULT_MARK + JSON.stringify(sample) + '\n');
  } catch (e) {
    const sample: Sample = { case: caseName, target, ok: false, rows: 0, tables: 0, runMs: 0, generateMs: 0, checkMs: 0, bytes: 0, maxRssKB: maxRssKB(), loadMaxRssKB: 0, error: e instanceof Error ? e.message : String(e) };
    process.stdout.write(RESULT_MARK + JSON.stringify(sample) + '\n');
    process.exitCode = 1;
  }
}

await main();
