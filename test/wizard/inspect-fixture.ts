// A hand-made inspect report for the wizard's inspect screen: two tables, every kind of column,
// enough lines for a table to scroll at 80x24.
import { INSPECT_SCHEMA, type ColumnReport, type InspectReport } from '../../src/inspect/model.js';

const base = { nulls: 0, nullShare: 0, distinctApprox: false, number: null, time: null, text: null, boolean: null, hazards: [] as string[] };

const months = (from: number, counts: number[]) => counts.map((count, i) => ({ period: `2023-${String(from + i).padStart(2, '0')}`, count }));

const customers: ColumnReport[] = [
  {
    ...base,
    name: 'customer_id',
    type: 'INTEGER',
    kind: 'integer',
    distinct: 40,
    number: { min: 1, max: 40, mean: 20.5, stddev: 11.69045, q1: 10.75, median: 20.5, q3: 30.25, quartilesApprox: false, histogram: { min: 1, max: 40, width: 1.95, counts: [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2] } },
  },
  {
    ...base,
    name: 'plan',
    type: 'TEXT',
    kind: 'text',
    distinct: 3,
    text: {
      minLength: 5,
      maxLength: 10,
      top: [
        { value: 'starter', count: 22, share: 0.55 },
        { value: 'growth', count: 12, share: 0.3 },
        { value: 'enterprise', count: 6, share: 0.15 },
      ],
    },
  },
  {
    ...base,
    name: 'signup_date',
    type: 'DATE',
    kind: 'date',
    distinct: 31,
    time: { first: '2023-01-04', last: '2023-06-28', byMonth: months(1, [9, 7, 8, 6, 5, 5]), byHour: null },
  },
  {
    ...base,
    name: 'monthly_fee',
    type: 'DECIMAL(10,2)',
    kind: 'number',
    nulls: 4,
    nullShare: 0.1,
    distinct: 3,
    number: { min: 29, max: 499, mean: 126.5, stddev: 149.2, q1: 29, median: 99, q3: 99, quartilesApprox: false, histogram: { min: 29, max: 499, width: 23.5, counts: [20, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4] } },
  },
  { ...base, name: 'email', type: 'TEXT', kind: 'text', distinct: 40, text: { minLength: 14, maxLength: 31, top: [{ value: 'ada@example.com', count: 1, share: 0.025 }] } },
  {
    ...base,
    name: 'mrr_current',
    type: 'DECIMAL(10,2)',
    kind: 'number',
    distinct: 1,
    number: { min: 99, max: 99, mean: 99, stddev: 0, q1: 99, median: 99, q3: 99, quartilesApprox: false, histogram: { min: 99, max: 99, width: 0, counts: [40] } },
  },
  { ...base, name: 'is_active', type: 'BOOLEAN', kind: 'boolean', distinct: 2, boolean: { trueCount: 30, trueShare: 0.75 } },
  {
    ...base,
    name: 'country',
    type: 'TEXT',
    kind: 'text',
    distinct: 3,
    text: { minLength: 2, maxLength: 2, top: [{ value: 'NA', count: 14, share: 0.35 }, { value: 'US', count: 14, share: 0.35 }, { value: 'DE', count: 12, share: 0.3 }] },
    hazards: ['"NA" in 14 rows (35.0%): pandas reads it as missing unless keep_default_na=False'],
  },
];

export const fixture: InspectReport = {
  schema: INSPECT_SCHEMA,
  source: { kind: 'csv', location: '/tmp/fixture/out', bytes: 4096 },
  manifest: null,
  tables: [
    { name: 'customers', rows: 40, expectedRows: null, bytes: 2048, sampledRows: null, timeColumn: 'signup_date', rowsByMonth: months(1, [9, 7, 8, 6, 5, 5]), columns: customers },
    {
      name: 'subscriptions',
      rows: 1234,
      expectedRows: null,
      sampledRows: null,
      bytes: 2048,
      timeColumn: null,
      rowsByMonth: null,
      columns: [
        { ...base, name: 'subscription_id', type: 'INTEGER', kind: 'integer', distinct: 1234, number: { min: 1, max: 1234, mean: 617.5, stddev: 356.37, q1: 309.25, median: 617.5, q3: 925.75, quartilesApprox: false, histogram: { min: 1, max: 1234, width: 61.65, counts: Array(20).fill(61).map((c, i) => (i < 14 ? c + 1 : c)) } } },
        { ...base, name: 'customer_id', type: 'INTEGER', kind: 'integer', distinct: 40, number: { min: 1, max: 40, mean: 20.1, stddev: 11.5, q1: 10, median: 20, q3: 30, quartilesApprox: false, histogram: { min: 1, max: 40, width: 1.95, counts: Array(20).fill(61).map((c, i) => (i < 14 ? c + 1 : c)) } } },
      ],
    },
  ],
  relationships: [
    {
      table: 'subscriptions',
      columns: ['customer_id'],
      references: { table: 'customers', columns: ['customer_id'] },
      from: 'manifest',
      orphans: 0,
      children: { parents: 40, min: 18, mean: 30.85, max: 44, histogram: { min: 18, max: 44, width: 1.3, counts: [1, 0, 2, 1, 3, 2, 4, 3, 5, 2, 3, 2, 1, 3, 2, 1, 1, 0, 2, 2] } },
    },
  ],
  problems: [],
  ok: true,
  ms: 12,
};
