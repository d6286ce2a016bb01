// The dbt project synthgen writes for a raw layer: dbt_project.yml, an example
// profiles.yml (PostgreSQL and DuckDB), the sources with every table, column and
// description, tests (unique and not_null on primary keys, relationships on
// foreign keys, accepted_values on enumerations), freshness against as_of on
// every time-stamped table, and one staging model per table. Pure: text from
// the table specs and parameters, no I/O; the same input gives the same bytes.
// Only dbt-core built-ins plus two generic tests of its own (composite keys).
import { VERSION } from '../version.js';
import type { Column, Params, Scenario, TableSpec } from '../engine/model.js';

export type DbtKind = 'postgres' | 'duckdb';

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
  /** DuckDB: the raw database file, relative to the project folder (dbt runs inside it). */
  duckdbFile?: string;
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

function sourcesYml(input: DbtProjectInput, source: string): string {
  const dbt = input.scenario.dbt;
  const asOf = dbt?.asOf(input.params);
  const historyDays = dbt?.historyDays(input.params) ?? 0;
  const tables: Yaml[] = input.tables.map(({ spec, expectedRows }) => {
    const f = asOf ? freshnessOf(spec, expectedRows, historyDays, dbt?.periodDays) : null;
    const description = [spec.description, f && asOf ? freshnessNote(f, expectedRows, historyDays, asOf) : ''].filter(Boolean).join('\n\n');
    const tests = tableTests(spec, source);
    return {
      name: spec.name,
      description,
      config: f && asOf ? { loaded_at_field: loadedAtField(f.column, asOf), freshness: { warn_after: { count: f.warnDays, period: 'day' }, error_after: { count: f.errorDays, period: 'day' } } } : { freshness: null },
      data_tests: tests.length ? tests : undefined,
      columns: spec.columns.map((c) => {
        const t = columnTests(spec, c, source);
        return { name: c.name, description: c.description ?? '', quote: true, data_tests: t.length ? t : undefined };
      }),
    };
  });
  const header = [
    `# The raw layer synthgen loaded: every table and column, described from the data catalog, with its tests and freshness.`,
    `# Scenario ${input.scenario.name}, seed ${input.seed}; written by synthgen ${VERSION}. Sources read ${input.kind === 'duckdb' ? `the DuckDB file attached as ${DUCKDB_RAW_ALIAS}` : `schema ${input.schema}`} (PostgreSQL: schema ${input.schema}; DuckDB: the attached file).`,
  ];
  const body = yaml({
    version: 2,
    sources: [
      {
        name: source,
        description: input.scenario.description,
        database: `{{ '${DUCKDB_RAW_ALIAS}' if target.type == 'duckdb' else target.database }}`,
        schema: `{{ 'main' if target.type == 'duckdb' else '${input.schema}' }}`,
        tables,
      },
    ],
  });
  return header.join('\n') + '\n' + body;
}

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
  const pg = input.pg ?? { host: 'localhost', port: 5432, user: 'postgres', database: 'postgres' };
  const env = (name: string, fallback: string | number) => `{{ env_var('${name}', '${String(fallback).replaceAll("'", "\\'")}') }}`;
  const duckdbFile = input.duckdbFile ?? `../${slugOf(input.scenario.name)}.duckdb`;
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
            attach: [{ path: env('SYNTHGEN_DUCKDB_FILE', duckdbFile), alias: DUCKDB_RAW_ALIAS, read_only: true }],
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

function readme(input: DbtProjectInput, project: string): string {
  return [
    `# ${project}`,
    '',
    `The dbt project for the raw layer synthgen generated (scenario \`${input.scenario.name}\`, seed ${input.seed}).`,
    'Sources with descriptions, tests and freshness: `models/staging/sources.yml`; one staging view per table.',
    '',
    '```sh',
    'cd ' + '<this folder>',
    `dbt build --profiles-dir .            # staging views and every test (target ${input.kind})`,
    'dbt source freshness --profiles-dir .',
    '```',
    '',
    'Freshness is measured from the data\'s as_of, not from today (see each table\'s description).',
    input.kind === 'postgres'
      ? `The staging views depend on the raw tables: drop schema ${input.schema}_staging before reloading ${input.schema} with synthgen run --force.`
      : 'The raw DuckDB file is attached read-only; the staging views live in dbt.duckdb here.',
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
