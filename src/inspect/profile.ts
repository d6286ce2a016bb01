// The statistics of each table and relationship, computed by the source's own engine:
// per table a row count, one aggregate query over every column, and one pass of
// counts (histogram bins, months, hours, top values); per relationship an orphan
// count and the children-per-parent distribution. Every figure is exact up to
// EXACT_ROWS rows (model.ts says what is estimated above).
import { quoteIdent, quoteString } from '../sinks/sql.js';
import { num, PANDAS_NA, type Backend, type Key, type SourceColumn, type SourceTable } from './backend.js';
import { EXACT_ROWS, HISTOGRAM_BINS, TOP_MAX_DISTINCT, TOP_VALUES, type ColumnReport, type Histogram, type PeriodCount, type RelationshipReport, type TableReport } from './model.js';

/** The bins of a histogram over [min, max]: one per value for integers with a small range, else HISTOGRAM_BINS. */
export function binsFor(integer: boolean, min: number, max: number): { min: number; width: number; bins: number } {
  if (integer && max - min + 1 <= HISTOGRAM_BINS) return { min, width: 1, bins: max - min + 1 };
  if (max === min) return { min, width: 0, bins: 1 };
  return { min, width: (max - min) / HISTOGRAM_BINS, bins: HISTOGRAM_BINS };
}

/** Counts by bin index (a bin past the last, the maximum itself, joins the last). */
function histogramOf(b: { min: number; width: number; bins: number }, max: number, byBin: Map<string, number>): Histogram {
  const counts = new Array<number>(b.bins).fill(0);
  for (const [k, n] of byBin) counts[Math.min(Math.max(Number(k), 0), b.bins - 1)] += n;
  return { min: b.min, max, width: b.width, counts };
}

/** Every month from the first to the last present, zeros included. */
export function monthsOf(byMonth: Map<string, number>): PeriodCount[] {
  const keys = [...byMonth.keys()].filter((k) => /^\d{4}-\d{2}$/.test(k)).sort();
  if (!keys.length) return [];
  const out: PeriodCount[] = [];
  let [y, m] = keys[0].split('-').map(Number);
  const last = keys[keys.length - 1];
  for (;;) {
    const period = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    out.push({ period, count: byMonth.get(period) ?? 0 });
    if (period >= last) return out;
    if (++m > 12) [y, m] = [y + 1, 1];
  }
}

/** A date or timestamp as the report shows it: 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS'. */
function timeText(v: unknown, kind: 'date' | 'timestamp'): string {
  const s = String(v).replace('T', ' ');
  return kind === 'date' || s.length === 10 ? s.slice(0, 10) + (kind === 'date' ? '' : ' 00:00:00') : s.slice(0, 19);
}

const quartilesFrom = (v: unknown): [number, number, number] | null => {
  if (v === null || v === undefined) return null;
  const list = typeof v === 'string' ? (JSON.parse(v) as unknown[]) : (v as unknown[]);
  return list.map(Number) as [number, number, number];
};

/** 12 significant digits: sums in parallel add in a varying order, and their last bits must not make two reports of the same data differ. */
const stable = <T extends number | null>(x: T): T => (x === null ? x : (Number(x.toPrecision(12)) as T));
const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const count = (n: number) => n.toLocaleString('en-US');

/** One table's report; `hazardsOf` adds what the source's kind makes risky. */
export async function profileTable(b: Backend, t: SourceTable, extras: { expectedRows: number | null; timeColumn: string | null }): Promise<TableReport> {
  const d = b.d;
  const from = d.table(t.name);
  const rows = num((await b.all(`SELECT count(*) AS n FROM ${from}`))[0].n)!;
  const exact = rows <= EXACT_ROWS;
  const exactDistinct = exact || b.exactDistinct;
  const q = (c: SourceColumn) => quoteIdent(c.name);

  // 1. One aggregate query over every column.
  const aggs: string[] = [];
  t.columns.forEach((c, i) => {
    const x = q(c);
    aggs.push(`count(${x}) AS nn${i}`);
    // json and other types may have no equality operator (PostgreSQL's json): their text is compared.
    if (exactDistinct) aggs.push(`count(DISTINCT ${c.kind === 'json' || c.kind === 'other' ? d.text(x) : x}) AS dc${i}`);
    if (c.kind === 'integer' || c.kind === 'number') {
      const v = d.double(x);
      aggs.push(`min(${v}) AS mn${i}`, `max(${v}) AS mx${i}`, `avg(${v}) AS av${i}`, `${d.stddev(v)} AS sd${i}`);
      if (exact) aggs.push(`${b.quartilesAggregate(v)} AS qs${i}`);
      if (b.kind === 'sqlite') for (const cls of ['integer', 'real', 'text']) aggs.push(`sum(CASE WHEN typeof(${x}) = '${cls}' THEN 1 ELSE 0 END) AS ${cls}${i}`);
    } else if (c.kind === 'date' || c.kind === 'timestamp') {
      aggs.push(`${d.timeText('min', x, c.kind)} AS mn${i}`, `${d.timeText('max', x, c.kind)} AS mx${i}`);
    } else if (c.kind === 'text' || c.kind === 'json') {
      aggs.push(`min(length(${d.text(x)})) AS mn${i}`, `max(length(${d.text(x)})) AS mx${i}`);
    } else if (c.kind === 'boolean') {
      aggs.push(`sum(${d.isTrue(x)}) AS tc${i}`);
    }
  });
  const a = aggs.length ? (await b.all(`SELECT ${aggs.join(', ')} FROM ${from}`))[0] : {};
  const nonNull = t.columns.map((_, i) => num(a[`nn${i}`]) ?? 0);

  // Tables over EXACT_ROWS: the source's estimates.
  const numeric = t.columns.filter((c) => c.kind === 'integer' || c.kind === 'number');
  const distinct = exactDistinct ? t.columns.map((_, i) => num(a[`dc${i}`])) : b.approxDistinct ? await b.approxDistinct(t.name, t.columns) : t.columns.map(() => null);
  const bigQuartiles = exact ? [] : await b.approxQuartiles(t.name, numeric);
  const quartiles = (c: SourceColumn, i: number) => (exact ? quartilesFrom(a[`qs${i}`]) : bigQuartiles[numeric.indexOf(c)] ?? null);

  // 2. Counts in one pass: histogram bins, months and hours, top values, CSV's missing-value look-alikes.
  const exprs: string[] = [];
  const slot = (e: string) => exprs.push(e) - 1;
  const plan = t.columns.map((c, i) => {
    const x = q(c);
    const p: { bins?: ReturnType<typeof binsFor>; bin?: number; month?: number; hour?: number; top?: number; na?: number } = {};
    if (nonNull[i] === 0) return p;
    if (c.kind === 'integer' || c.kind === 'number') {
      const mn = num(a[`mn${i}`])!;
      const mx = num(a[`mx${i}`])!;
      p.bins = binsFor(c.kind === 'integer', mn, mx);
      if (p.bins.width > 0) p.bin = slot(d.floorInt(`(${d.double(x)} - ${d.double(quoteString(String(mn)))}) / ${d.double(quoteString(String(p.bins.width)))}`));
    } else if (c.kind === 'date' || c.kind === 'timestamp') {
      p.month = slot(d.month(x));
      if (c.kind === 'timestamp') p.hour = slot(d.hour(x));
    } else if (c.kind === 'text') {
      const dc = distinct[i];
      if (dc !== null && dc <= TOP_MAX_DISTINCT) p.top = slot(x);
      if (b.kind === 'csv') p.na = slot(`CASE WHEN ${x} IN (${PANDAS_NA.map(quoteString).join(', ')}) THEN ${x} END`);
    }
    return p;
  });
  const counted = await b.countsBy(t.name, exprs, rows);
  // Counts of a sample, scaled to the table's rows.
  const scale = counted.sample ? rows / counted.sample : 1;
  const counts = counted.counts.map((m) => (scale === 1 ? m : new Map([...m].map(([k, n]) => [k, Math.round(n * scale)]))));

  const columns: ColumnReport[] = t.columns.map((c, i) => {
    const nn = nonNull[i];
    const p = plan[i];
    const r: ColumnReport = {
      name: c.name,
      type: c.type,
      kind: c.kind,
      nulls: rows - nn,
      nullShare: share(rows - nn, rows),
      distinct: distinct[i] ?? null,
      distinctApprox: !exactDistinct && distinct[i] !== null,
      number: null,
      time: null,
      text: null,
      boolean: null,
      hazards: [],
    };
    if (nn === 0) return r;
    if (p.bins) {
      const [q1, median, q3] = quartiles(c, i) ?? [NaN, NaN, NaN];
      const max = num(a[`mx${i}`])!;
      r.number = {
        min: num(a[`mn${i}`])!,
        max,
        mean: stable(num(a[`av${i}`])!),
        stddev: stable(num(a[`sd${i}`])),
        q1,
        median,
        q3,
        quartilesApprox: !exact,
        histogram: p.bin === undefined ? { min: p.bins.min, max, width: 0, counts: [nn] } : histogramOf(p.bins, max, counts[p.bin]),
      };
      if (b.kind === 'sqlite') r.hazards.push(...sqliteStorageHazards(c, num(a[`integer${i}`]) ?? 0, num(a[`real${i}`]) ?? 0, num(a[`text${i}`]) ?? 0));
    } else if (p.month !== undefined) {
      const kind = c.kind as 'date' | 'timestamp';
      const hours = p.hour === undefined ? null : Array.from({ length: 24 }, (_, h) => counts[p.hour!].get(String(h)) ?? 0);
      r.time = { first: timeText(a[`mn${i}`], kind), last: timeText(a[`mx${i}`], kind), byMonth: monthsOf(counts[p.month]), byHour: hours };
    } else if (c.kind === 'text' || c.kind === 'json') {
      const top =
        p.top === undefined
          ? null
          : [...counts[p.top]]
              .sort(([va, na], [vb, nb]) => nb - na || (va < vb ? -1 : va > vb ? 1 : 0))
              .slice(0, TOP_VALUES)
              .map(([value, n]) => ({ value, count: n, share: share(n, nn) }));
      r.text = { minLength: num(a[`mn${i}`])!, maxLength: num(a[`mx${i}`])!, top };
      if (p.na !== undefined) r.hazards.push(...csvMissingHazards(counts[p.na], rows));
    } else if (c.kind === 'boolean') {
      const tc = num(a[`tc${i}`]) ?? 0;
      r.boolean = { trueCount: tc, trueShare: share(tc, nn) };
    }
    return r;
  });

  const isTime = (c: ColumnReport) => c.kind === 'date' || c.kind === 'timestamp';
  const timeColumn = (columns.find((c) => c.name === extras.timeColumn && isTime(c)) ?? columns.find(isTime))?.name ?? null;
  return {
    name: t.name,
    rows,
    expectedRows: extras.expectedRows,
    bytes: t.bytes,
    sampledRows: counted.sample,
    timeColumn,
    rowsByMonth: columns.find((c) => c.name === timeColumn)?.time?.byMonth ?? null,
    columns,
  };
}

function csvMissingHazards(found: Map<string, number>, rows: number): string[] {
  return [...found]
    .sort(([va, na], [vb, nb]) => nb - na || (va < vb ? -1 : 1))
    .map(([value, n]) => `"${value}" in ${count(n)} rows (${(100 * share(n, rows)).toFixed(1)}%): pandas reads it as missing unless keep_default_na=False`);
}

function sqliteStorageHazards(c: SourceColumn, integers: number, reals: number, texts: number): string[] {
  const out: string[] = [];
  if (integers > 0 && reals > 0) {
    out.push(`stored as INTEGER in ${count(integers)} rows and REAL in ${count(reals)}: SQLite divides the integers as integers (99/2 = 49); use CAST(${c.name} AS REAL)`);
  }
  if (texts > 0) out.push(`${count(texts)} values stored as TEXT in a numeric column: SQLite compares and sums them differently`);
  return out;
}

/** A foreign key's orphans and children per parent. */
export async function profileKey(b: Backend, k: Key, from: 'manifest' | 'declared'): Promise<RelationshipReport> {
  const d = b.d;
  const pairs = k.columns.map((c, i) => `p.${quoteIdent(k.references.columns[i])} = c.${quoteIdent(c)}`).join(' AND ');
  const orphanRows = await b.all(
    `SELECT count(*) AS n FROM ${d.table(k.table)} c WHERE ${k.columns.map((col) => `c.${quoteIdent(col)} IS NOT NULL`).join(' AND ')}
        AND NOT EXISTS (SELECT 1 FROM ${d.table(k.references.table)} p WHERE ${pairs})`,
  );
  const dist = await b.all(
    `SELECT x.n AS n, count(*) AS parents FROM (SELECT count(c.${quoteIdent(k.columns[0])}) AS n FROM ${d.table(k.references.table)} p LEFT JOIN ${d.table(k.table)} c ON ${pairs}
        GROUP BY ${k.references.columns.map((col) => `p.${quoteIdent(col)}`).join(', ')}) x GROUP BY x.n`,
  );
  const byN = dist.map((r) => [num(r.n)!, num(r.parents)!] as const).sort((x, y) => x[0] - y[0]);
  const parents = byN.reduce((s, [, p]) => s + p, 0);
  let children: RelationshipReport['children'] = null;
  if (parents > 0) {
    const min = byN[0][0];
    const max = byN[byN.length - 1][0];
    const bins = binsFor(true, min, max);
    const byBin = new Map<string, number>();
    for (const [n, p] of byN) {
      const bin = bins.width === 0 ? 0 : Math.floor((n - min) / bins.width);
      byBin.set(String(bin), (byBin.get(String(bin)) ?? 0) + p);
    }
    children = { parents, min, mean: byN.reduce((s, [n, p]) => s + n * p, 0) / parents, max, histogram: histogramOf(bins, max, byBin) };
  }
  return { table: k.table, columns: k.columns, references: k.references, from, orphans: num(orphanRows[0].n)!, children };
}
