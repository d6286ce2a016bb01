// The dbt project synthgen writes for a raw layer: dbt_project.yml, an example
// profiles.yml (PostgreSQL and DuckDB), the sources with every table, column and
// description, tests (unique and not_null on primary keys, relationships on
// foreign keys, accepted_values on enumerations), freshness against as_of on
// every time-stamped table, and one staging model per table. Pure: text from
// the table specs and parameters, no I/O; the same input gives the same bytes.
// Only dbt-core built-ins plus two generic tests of its own (composite keys).
// File outputs (Parquet, CSV, SQLite) are read through dbt-duckdb: Parquet and CSV
// as external locations (read_parquet / read_csv with the specs' types), SQLite
// attached with DuckDB's sqlite extension.
import { VERSION } from '../version.js';
import type { Column, Params, Scenario, TableSpec } from '../engine/model.js';
import { columnType, quoteString } from '../sinks/sql.js';

export type DbtKind = 'postgres' | 'duckdb' | 'parquet' | 'csv' | 'sqlite';
/** Kinds whose raw layer is read by dbt-duckdb (the profile has no PostgreSQL output). */
const FILE_KINDS = new Set<DbtKind>(['parquet', 'csv', 'sqlite']);

export interface DbtTable {
  spec: TableSpec;
  /** Expected rows from the parameters (not what landed): the rate freshness is judged by. */
  expectedRows: number;
}

export interface DbtProjectInput {
  scenario: Pick<Scenario, 'name' | 'description' | 'dbt'>;
  params: Params;
  seed: number;
  tables: DbtTable[];
  /** Which profile output the project targets by default. */
  kind: DbtKind;
  /** PostgreSQL: the schema the raw tables are in. */
  schema: string;
  /** DuckDB, SQLite: the raw database file; Parquet, CSV: the output folder. Relative to the project folder (dbt runs inside it). */
  rawPath?: string;
  /** Parquet: the tables written as a folder of part files (<table>/part-NNNNN.parquet) instead of <table>.parquet. */
  partFolders?: readonly string[];
  /** PostgreSQL: connection defaults for the profile (never a password: that comes from PGPASSWORD). */
  pg?: { host: string; port: number; user: string; database: string };
}

export interface DbtFile {
  path: string;
  text: string;
}

/** The alias the DuckDB profile attaches the raw file under (read-only: dbt never writes the raw data). */
export const DUCKDB_RAW_ALIAS = 'synthgen_raw';

/**
 * Freshness thresholds: a table of N expected rows over D days of history gets rows
 * at a rate r = N / D a day. If rows arrive as a Poisson process, the gap from the
 * last row to as_of exceeds t days with probability exp(-r t); warn_after is where
 * that is 1e-3 (t = ln(1e3) / r), error_after where it is 1e-9 (t = ln(1e9) / r),
 * each rounded up to whole days and at least one day (rows cluster in hours of the
 * day: only whole days are close to Poisson), plus the table's period (rows stamped
 * with a period's first day: its length; a date: one day).
 */
export const WARN_P = 1e-3;
export const ERROR_P = 1e-9;

export interface Freshness {
  column: string;
  ratePerDay: number;
  periodDays: number;
  warnDays: number;
  errorDays: number;
}

export function freshnessOf(spec: TableSpec, expectedRows: number, historyDays: number, periodDays: Record<string, number> = {}): Freshness | null {
  if (!spec.timeColumn || expectedRows <= 0 || historyDays <= 0) return null;
  const column = spec.columns.find((c) => c.name === spec.timeColumn);
  if (!column) throw new Error(`table ${spec.name}: timeColumn ${spec.timeColumn} is not one of its columns`);
  const ratePerDay = expectedRows / historyDays;
  const period = periodDays[spec.name] ?? (column.type === 'date' ? 1 : 0);
  const days = (p: number) => Math.max(1, Math.ceil(-Math.log(p) / ratePerDay)) + period;
  return { column: column.name, ratePerDay, periodDays: period, warnDays: days(WARN_P), errorDays: days(ERROR_P) };
}

export const slugOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
export const projectNameOf = (scenario: string) => `synthgen_${slugOf(scenario)}`;

// ---- YAML: every string double-quoted (JSON strings are valid YAML), so no value is misread ----

type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml | undefined };

function yamlScalar(v: string | number | boolean | null): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

const isScalar = (v: Yaml): v is string | number | boolean | null => v === null || typeof v !== 'object';

function yamlLines(v: Yaml, indent: string): string[] {
  if (isScalar(v)) return [indent + yamlScalar(v)];
  const out: string[] = [];
  if (Array.isArray(v)) {
    for (const item of v) {
      if (isScalar(item) || (Array.isArray(item) && item.every(isScalar))) {
        out.push(`${indent}- ${isScalar(item) ? yamlScalar(item) : `[${item.map((x) => yamlScalar(x as string)).join(', ')}]`}`);
      } else {
        const inner = yamlLines(item, indent + '  ');
        out.push(indent + '- ' + inner[0].slice(indent.length + 2), ...inner.slice(1));
      }
    }
    return out;
  }
  for (const [key, value] of Object.entries(v)) {
    if (value === undefined) continue;
    const k = /^[A-Za-z_+][A-Za-z0-9_+-]*$/.test(key) ? key : JSON.stringify(key);
    if (isScalar(value)) out.push(`${indent}${k}: ${yamlScalar(value)}`);
    else if (Array.isArray(value) && value.length === 0) out.push(`${indent}${k}: []`);
    else if (Array.isArray(value) && value.every(isScalar) && value.length <= 12) out.push(`${indent}${k}: [${value.map((x) => yamlScalar(x as string)).join(', ')}]`);
    else out.push(`${indent}${k}:`, ...yamlLines(value, indent + '  '));
  }
  return out;
}

export const yaml = (v: Yaml) => yamlLines(v, '').join('\n') + '\n';

// ---- the files ----

const sqlIdent = (name: string) => '"' + name.replaceAll('"', '""') + '"';

/** The time column shifted by (now - as_of) (plain SQL: dbt renders it before macros exist): dbt measures now - max(shifted) = as_of - max(column). Works in PostgreSQL and DuckDB. */
export function loadedAtField(column: string, asOf: string): string {
  return `${sqlIdent(column)} + (current_timestamp - cast('${asOf} 00:00:00+00' as timestamptz))`;
}

function columnTests(spec: TableSpec, c: Column, source: string): Yaml[] {
  const tests: Yaml[] = [];
  if (spec.primaryKey.includes(c.name)) {
    tests.push('not_null');
    if (spec.primaryKey.length === 1) tests.push('unique');
  }
  for (const fk of spec.foreignKeys ?? []) {
    if (fk.columns.length === 1 && fk.columns[0] === c.name) {
      tests.push({ relationships: { arguments: { to: `source('${source}', '${fk.references.table}')`, field: fk.references.columns[0] } } });
    }
  }
  if (c.values?.length) tests.push({ accepted_values: { arguments: { values: c.values } } });
  return tests;
}

function tableTests(spec: TableSpec, source: string): Yaml[] {
  const tests: Yaml[] = [];
  if (spec.primaryKey.length > 1) tests.push({ synthgen_unique_combination: { arguments: { columns: spec.primaryKey } } });
  for (const fk of spec.foreignKeys ?? []) {
    if (fk.columns.length > 1) {
      tests.push({ synthgen_relationships_multi: { arguments: { columns: fk.columns, to: `source('${source}', '${fk.references.table}')`, fields: fk.references.columns } } });
    }
  }
  return tests;
}

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

function freshnessNote(f: Freshness, expectedRows: number, historyDays: number, asOf: string): string {
  const period = f.periodDays ? ` plus ${days(f.periodDays)} (rows are stamped with their period's first day)` : '';
  return (
    `Freshness is measured from as_of ${asOf}, not from today: ${f.column} is shifted by (now - as_of). ` +
    `Thresholds from the expected rate, ${expectedRows.toLocaleString('en-US')} rows over ${historyDays.toLocaleString('en-US')} days (${f.ratePerDay.toPrecision(3)} a day): ` +
    `a healthy table's gap to as_of exceeds t days with probability exp(-rate x t) (Poisson); warn where that is ${WARN_P}, error where it is ${ERROR_P}, ` +
    `in whole days, at least one${period}.`
  );
}

const DEFAULT_RAW: Record<DbtKind, (slug: string) => string> = {
  postgres: () => '',
  duckdb: (slug) => `../${slug}.duckdb`,
  sqlite: (slug) => `../${slug}.db`,
  parquet: (slug) => `../${slug}_parquet`,
  csv: (slug) => `../${slug}`,
};

const rawPathOf = (input: DbtProjectInput) => input.rawPath ?? DEFAULT_RAW[input.kind](slugOf(input.scenario.name));

/** The types the CSV sink's text forms are read back as: DuckDB's own for each logical type. */
const csvColumns = (spec: TableSpec) => `{${spec.columns.map((c) => `${quoteString(c.name)}: ${quoteString(columnType(c, { text: 'VARCHAR' }))}`).join(', ')}}`;

/**
 * Where dbt-duckdb reads a table of a Parquet or CSV output: a table function over
 * its files, relative to the project folder. The 'template' formatter leaves the
 * braces of read_csv's columns alone; a '$' in the path is doubled for it.
 */
export function externalLocation(input: DbtProjectInput, spec: TableSpec): string | null {
  const dir = rawPathOf(input).replaceAll('\\', '/');
  const at = (file: string) => quoteString(`${dir}/${file}`).replaceAll('$', '$$$$');
  if (input.kind === 'parquet') {
    // A big table is a folder of part files: the glob reads exactly its parts.
    return input.partFolders?.includes(spec.name)
      ? `read_parquet(${at(`${spec.name}/part-*.parquet`)}, hive_partitioning = false)`
      : `read_parquet(${at(`${spec.name}.parquet`)})`;
  }
  if (input.kind === 'csv') {
    // As the CSV sink writes it: a header row, RFC 4180 quoting, an empty field for NULL
    // (empty text too: the sink writes both the same way), ISO dates and timestamps.
    return `read_csv(${at(`${spec.name}.csv`)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false, columns = ${csvColumns(spec)})`;
  }
  return null;
}

function sourcesYml(input: DbtProjectInput, source: string): string {
  const dbt = input.scenario.dbt;
  const asOf = dbt?.asOf(input.params);
  const historyDays = dbt?.historyDays(input.params) ?? 0;
  const arrivals = dbt?.arrivals?.(input.params) ?? {};
  const tables: Yaml[] = input.tables.map(({ spec, expectedRows: rows }) => {
    // Rows that come in clusters arrive at the rate of their clusters.
    const expectedRows = arrivals[spec.name] ?? rows;
    const f = asOf ? freshnessOf(spec, expectedRows, historyDays, dbt?.periodDays) : null;
    const description = [spec.description, f && asOf ? freshnessNote(f, expectedRows, historyDays, asOf) : ''].filter(Boolean).join('\n\n');
    const tests = tableTests(spec, source);
    const external = externalLocation(input, spec);
    const freshness = f && asOf ? { loaded_at_field: loadedAtField(f.column, asOf), freshness: { warn_after: { count: f.warnDays, period: 'day' }, error_after: { count: f.errorDays, period: 'day' } } } : { freshness: null };
    return {
      name: spec.name,
      description,
      config: external ? { external_location: external, formatter: 'template', ...freshness } : freshness,
      data_tests: tests.length ? tests : undefined,
      columns: spec.columns.map((c) => {
        const t = columnTests(spec, c, source);
        return { name: c.name, description: c.description ?? '', quote: true, data_tests: t.length ? t : undefined };
      }),
    };
  });
  const header = [
    `# The raw layer synthgen loaded: every table and column, described from the data catalog, with its tests and freshness.`,
    `# Scenario ${input.scenario.name}, seed ${input.seed}; written by synthgen ${VERSION}. Sources read ${READS[input.kind](input)}.`,
  ];
  const external = input.kind === 'parquet' || input.kind === 'csv';
  const body = yaml({
    version: 2,
    sources: [
      {
        name: source,
        description: input.scenario.description,
        // Parquet and CSV tables are external locations: no database or schema to read from.
        database: external ? undefined : FILE_KINDS.has(input.kind) ? DUCKDB_RAW_ALIAS : `{{ '${DUCKDB_RAW_ALIAS}' if target.type == 'duckdb' else target.database }}`,
        schema: external ? undefined : FILE_KINDS.has(input.kind) ? 'main' : `{{ 'main' if target.type == 'duckdb' else '${input.schema}' }}`,
        tables,
      },
    ],
  });
  return header.join('\n') + '\n' + body;
}

const READS: Record<DbtKind, (input: DbtProjectInput) => string> = {
  postgres: (i) => `schema ${i.schema} (PostgreSQL: schema ${i.schema}; DuckDB: the attached file)`,
  duckdb: (i) => `the DuckDB file attached as ${DUCKDB_RAW_ALIAS} (PostgreSQL: schema ${i.schema}; DuckDB: the attached file)`,
  sqlite: (i) => `the SQLite file ${rawPathOf(i)} attached as ${DUCKDB_RAW_ALIAS} by dbt-duckdb`,
  parquet: (i) => `the Parquet files in ${rawPathOf(i)} through dbt-duckdb (external_location)`,
  csv: (i) => `the CSV files in ${rawPathOf(i)} through dbt-duckdb (external_location, with each column's type)`,
};

function stagingSql(spec: TableSpec, source: string): string {
  return [
    `-- Staging model for ${spec.name}: one row per raw row, every column as loaded.`,
    `select`,
    spec.columns.map((c) => `    ${sqlIdent(c.name)}`).join(',\n'),
    `from {{ source('${source}', '${spec.name}') }}`,
    '',
  ].join('\n');
}

function modelsYml(input: DbtProjectInput, source: string): string {
  return yaml({
    version: 2,
    models: input.tables.map(({ spec }) => ({ name: `stg_${source}__${spec.name}`, description: `${spec.description} (staging view over source ${source}.${spec.name})` })),
  });
}

function profilesYml(input: DbtProjectInput, project: string): string {
  const env = (name: string, fallback: string | number) => `{{ env_var('${name}', '${String(fallback).replaceAll("'", "\\'")}') }}`;
  const raw = rawPathOf(input);
  if (FILE_KINDS.has(input.kind)) {
    const attach = input.kind === 'sqlite' ? { attach: [{ path: env('SYNTHGEN_SQLITE_FILE', raw), type: 'sqlite', alias: DUCKDB_RAW_ALIAS, read_only: true }] } : {};
    return (
      [
        `# The profile for this project: run dbt inside this folder with --profiles-dir . (or copy into ~/.dbt/profiles.yml).`,
        input.kind === 'sqlite'
          ? `# duckdb: attaches the raw SQLite file read-only as ${DUCKDB_RAW_ALIAS} (DuckDB's sqlite extension) and builds the staging views in dbt.duckdb here.`
          : `# duckdb: reads the ${input.kind === 'csv' ? 'CSV' : 'Parquet'} files of ${raw} (paths relative to this folder) and builds the staging views in dbt.duckdb here.`,
      ].join('\n') +
      '\n' +
      yaml({ [project]: { target: 'duckdb', outputs: { duckdb: { type: 'duckdb', path: 'dbt.duckdb', ...attach, threads: 1 } } } })
    );
  }
  const pg = input.pg ?? { host: 'localhost', port: 5432, user: 'postgres', database: 'postgres' };
  return (
    [
      `# Example profiles for this project: run dbt inside this folder with --profiles-dir . (or copy into ~/.dbt/profiles.yml).`,
      `# postgres: reads schema ${input.schema}, builds the staging views in the schema below; the password comes from PGPASSWORD.`,
      `# duckdb: attaches the raw DuckDB file read-only as ${DUCKDB_RAW_ALIAS} and builds the staging views in dbt.duckdb here.`,
    ].join('\n') +
    '\n' +
    yaml({
      [project]: {
        target: input.kind,
        outputs: {
          postgres: {
            type: 'postgres',
            host: env('PGHOST', pg.host),
            port: `{{ env_var('PGPORT', '${pg.port}') | as_number }}`,
            user: env('PGUSER', pg.user),
            password: env('PGPASSWORD', ''),
            dbname: env('PGDATABASE', pg.database),
            schema: `${input.schema}_staging`.slice(0, 63),
            threads: 4,
          },
          duckdb: {
            type: 'duckdb',
            path: 'dbt.duckdb',
            attach: [{ path: env('SYNTHGEN_DUCKDB_FILE', raw), alias: DUCKDB_RAW_ALIAS, read_only: true }],
            threads: 1,
          },
        },
      },
    })
  );
}

function projectYml(input: DbtProjectInput, project: string): string {
  return (
    `# dbt project for the raw layer of synthgen scenario ${input.scenario.name} (seed ${input.seed}), written by synthgen ${VERSION}.\n` +
    yaml({
      name: project,
      version: '1.0.0',
      'config-version': 2,
      profile: project,
      'model-paths': ['models'],
      'test-paths': ['tests'],
      'macro-paths': ['macros'],
      'target-path': 'target',
      'clean-targets': ['target', 'logs'],
      flags: { send_anonymous_usage_stats: false },
      models: { [project]: { staging: { '+materialized': 'view' } } },
    })
  );
}

const GENERIC_TESTS: DbtFile[] = [
  {
    path: 'tests/generic/synthgen_unique_combination.sql',
    text: `-- A composite primary key: no two rows share the same values of all the columns.
{% test synthgen_unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as n
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
`,
  },
  {
    path: 'tests/generic/synthgen_relationships_multi.sql',
    text: `-- A composite foreign key: every child row whose key columns are all set has a parent.
{% test synthgen_relationships_multi(model, columns, to, fields) %}
select child.*
from {{ model }} as child
left join {{ to }} as parent
  on {% for c in columns %}child.{{ c }} = parent.{{ fields[loop.index0] }}{% if not loop.last %} and {% endif %}{% endfor %}
where {% for c in columns %}child.{{ c }} is not null and {% endfor %}parent.{{ fields[0] }} is null
{% endtest %}
`,
  },
];

const README_NOTE: Record<DbtKind, (input: DbtProjectInput) => string> = {
  postgres: (i) => `The staging views depend on the raw tables: drop schema ${i.schema}_staging before reloading ${i.schema} with synthgen run --force.`,
  duckdb: () => 'The raw DuckDB file is attached read-only; the staging views live in dbt.duckdb here.',
  sqlite: (i) =>
    `The raw SQLite file (${rawPathOf(i)}, or SYNTHGEN_SQLITE_FILE) is attached read-only through DuckDB's sqlite extension, which DuckDB downloads on first use ` +
    '(offline: copy sqlite_scanner.duckdb_extension for your DuckDB version and platform into ~/.duckdb/extensions/, or run INSTALL sqlite once online). The staging views live in dbt.duckdb here.',
  parquet: (i) => `Sources read the Parquet files of ${rawPathOf(i)} (relative to this folder: run dbt here, and move the two folders together); the staging views live in dbt.duckdb here.`,
  csv: (i) =>
    `Sources read the CSV files of ${rawPathOf(i)} (relative to this folder: run dbt here, and move the two folders together) with each column's type from the table specs; ` +
    'an empty field is NULL (the CSV writes empty text the same way). The staging views live in dbt.duckdb here.',
};

function readme(input: DbtProjectInput, project: string): string {
  return [
    `# ${project}`,
    '',
    `The dbt project for the raw layer synthgen generated (scenario \`${input.scenario.name}\`, seed ${input.seed}).`,
    'Sources with descriptions, tests and freshness: `models/staging/sources.yml`; one staging view per table.',
    '',
    '```sh',
    'cd ' + '<this folder>',
    `dbt build --profiles-dir .            # staging views and every test (target ${FILE_KINDS.has(input.kind) ? 'duckdb' : input.kind})`,
    'dbt source freshness --profiles-dir .',
    '```',
    '',
    'Freshness is measured from the data\'s as_of, not from today (see each table\'s description).',
    README_NOTE[input.kind](input),
    '',
  ].join('\n');
}

/** Every file of the project, in a fixed order. */
export function dbtProject(input: DbtProjectInput): DbtFile[] {
  const project = projectNameOf(input.scenario.name);
  const source = slugOf(input.scenario.name);
  const needsGeneric = input.tables.some(({ spec }) => spec.primaryKey.length > 1 || (spec.foreignKeys ?? []).some((fk) => fk.columns.length > 1));
  return [
    { path: 'dbt_project.yml', text: projectYml(input, project) },
    { path: 'profiles.yml', text: profilesYml(input, project) },
    { path: 'README.md', text: readme(input, project) },
    { path: 'models/staging/sources.yml', text: sourcesYml(input, source) },
    { path: 'models/staging/models.yml', text: modelsYml(input, source) },
    ...input.tables.map(({ spec }) => ({ path: `models/staging/stg_${source}__${spec.name}.sql`, text: stagingSql(spec, source) })),
    ...(needsGeneric ? GENERIC_TESTS : []),
  ];
}
