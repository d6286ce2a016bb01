// The --help text.
import { VERSION } from './version.js';

export const USAGE = `synthgen ${VERSION}: realistic, reproducible synthetic datasets with full referential integrity

Usage:
  synthgen                               interactive wizard (needs a terminal)
  synthgen run --scenario NAME [options] generate without prompts
  synthgen run --profile NAME [--config FILE] [options]
  synthgen transform --in DIR [--out ROOT] [--force]
                                         run the scenario's SQL pipeline over a Parquet output
                                         (DIR = data/raw writes data/staging, data/analytics)
  synthgen dbt --url URL --schema S --out DIR [--force] [--manifest FILE]
                                         write the dbt project for a PostgreSQL load (sources,
                                         tests, freshness, staging models); a duckdb run of
                                         bar-platform writes it beside the file (<name>_dbt)
  synthgen inspect PATH [--table T] [--json] [--manifest FILE]
  synthgen inspect --url URL --schema S [--table T] [--json]
                                         statistics and charts of a dataset (a CSV or Parquet
                                         folder, a SQLite or DuckDB file, a PostgreSQL schema);
                                         exit 1 when it differs from its manifest or has orphans
  synthgen merge-manifests DIR... [--out FILE] [--json]
                                         the whole run's checks over the N folders of a
                                         --shard run (exit 1 when a check fails)
  synthgen merge-manifests --url URL --schema S [--force] [--json] [--lock-timeout S]
                                         build schema S from the shards a --target postgres
                                         --shard run loaded, with a single load's checks
  synthgen scenarios                     list the built-in scenarios
  synthgen describe NAME                 tables, columns and parameters of a scenario
  synthgen --help | --version

Run options:
  --scenario NAME       scenario to generate (see synthgen scenarios)
  --seed N              random seed (default: the scenario's)
  --set key=value       set a parameter; repeat for several (see synthgen describe NAME)
  --target T            csv, sqlite, parquet, duckdb or postgres (default: the scenario's)
  --out PATH            output folder (csv, parquet) or file (sqlite, duckdb)
  --url URL             postgres: postgres://user@host:port/db (else PGHOST, PGUSER, PGDATABASE;
                        the password from PGPASSWORD or ~/.pgpass, never a profile)
  --schema NAME         postgres: target schema (default raw)
  --lock-timeout S      postgres: seconds to wait for another session's lock on the tables
                        it replaces before giving up, old data intact (default 10)
  --force               replace an existing output
  --json                print the summary as JSON on stdout
  --profile NAME        run a saved profile; flags override its values
  --config FILE         read profiles from FILE instead of searching for a synthgen config
  --batch-size N        rows per batch (output is identical for any value)
  --pipeline            after a Parquet run, run the scenario's SQL pipeline (saas-churn)
  --parquet-parts       parquet: write a table of more than 524,288 rows as a folder
                        <table>/part-00000.parquet, ... (default: one <table>.parquet each)
  --workers N           threads that generate rows beside the one that checks and writes
                        (default: one per core beside it, at most 4, for a million rows
                        or more; none below); the output is identical for any N
  --shard k/N           csv, parquet, postgres: make only slice k (0 to N-1) of every table,
                        for N machines; the N outputs in order are the single run (postgres:
                        into synthgen_shards_<schema>, then merge-manifests --url --schema)
  --verbose             show stack traces on errors

Exit codes: 0 ok, 1 an integrity check failed, 2 bad input or environment, 130 interrupted.
`;
