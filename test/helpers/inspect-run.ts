// Running `synthgen inspect` the way a user does (the built binary, no TTY) and
// turning the figures of inspect-data.ts into what its JSON must hold.
import { expect } from 'vitest';
import { runCli, snapshot, type CliResult } from './binary.js';
import type { ExpectedColumn, ExpectedHistogram, ExpectedRelationship, ExpectedTable } from './inspect-data.js';

/**
 * Inspect runs in a time zone far from UTC (+05:45), so a figure that leans on the local
 * time zone (a timestamp's hour, a date read as local midnight) shows up as a wrong one.
 */
export const INSPECT_ENV = { TZ: 'Asia/Kathmandu' };

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Json = any;

/**
 * `synthgen inspect ARGS --json` in `dir`, which must come out of it byte for byte and
 * mtime for mtime as it went in (inspect only reads). Returns the parsed report.
 */
export function inspectJson(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): { r: CliResult; report: Json } {
  const before = snapshot(dir);
  const r = runCli(dir, ['inspect', ...args, '--json'], 60_000, { ...INSPECT_ENV, ...env });
  expect(snapshot(dir), 'inspect changed files it read').toEqual(before);
  let report: Json;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    throw new Error(`inspect ${args.join(' ')}: exit ${r.status}, stdout not JSON: ${r.stdout.slice(0, 300)} / stderr: ${r.stderr}`);
  }
  return { r, report };
}

/** Floats an engine may compute in another order: equal to 9 decimal places. */
export const near = (x: number) => expect.closeTo(x, 9);

const histogramOf = (h: ExpectedHistogram, exactEnds: boolean) => ({
  min: exactEnds ? h.min : near(h.min),
  max: exactEnds ? h.max : near(h.max),
  width: near(h.width),
  counts: h.counts,
});

/** A column as the report must hold it; `type` as the source names it (a matcher where the test leaves it open). */
export function columnMatcher(c: ExpectedColumn, type: unknown): Record<string, unknown> {
  const integer = c.kind === 'integer';
  const n = c.number;
  return {
    name: c.name,
    type,
    kind: c.kind,
    nulls: c.nulls,
    nullShare: near(c.nullShare),
    distinct: c.distinct,
    distinctApprox: false,
    number: n && {
      min: integer ? n.min : near(n.min),
      max: integer ? n.max : near(n.max),
      mean: near(n.mean),
      stddev: n.stddev === null ? null : near(n.stddev),
      q1: near(n.q1),
      median: near(n.median),
      q3: near(n.q3),
      quartilesApprox: false,
      histogram: histogramOf(n.histogram, integer),
    },
    time: c.time,
    text: c.text && { minLength: c.text.minLength, maxLength: c.text.maxLength, top: c.text.top && c.text.top.map((t) => ({ value: t.value, count: t.count, share: near(t.share) })) },
    boolean: c.boolean && { trueCount: c.boolean.trueCount, trueShare: near(c.boolean.trueShare) },
    // SQLite's mixed storage: the sentence is free, but it names both counts.
    hazards: c.storageMix
      ? [expect.stringMatching(new RegExp(`^(?=.*\\b${c.storageMix.integer}\\b)(?=.*\\b${c.storageMix.real}\\b)(?=.*integer)(?=.*real)`, 'is'))]
      : c.hazards,
  };
}

export function relationshipMatcher(r: ExpectedRelationship): Record<string, unknown> {
  const ch = r.children;
  return {
    table: r.table,
    columns: r.columns,
    references: r.references,
    from: r.from,
    orphans: r.orphans,
    children: ch && { parents: ch.parents, min: ch.min, mean: near(ch.mean), max: ch.max, histogram: histogramOf(ch.histogram, true) },
  };
}

const relKey = (r: { table: string; columns: string[] }) => `${r.table}(${r.columns.join(',')})`;

/**
 * Every figure of every table and relationship, each compared on its own (expect.soft, so one
 * run shows every wrong figure). `typeOf` gives the expected `type` of a column.
 */
export function expectFigures(
  report: Json,
  expected: { tables: ExpectedTable[]; relationships: ExpectedRelationship[] },
  label: string,
  typeOf: (table: string, column: string) => unknown,
  bytesOf: ((table: string) => number) | null,
): void {
  expect(report.schema).toBe('synthgen-inspect/1');
  const names = (report.tables as Json[]).map((t) => t.name).sort();
  expect(names, `${label}: tables`).toEqual(expected.tables.map((t) => t.name).sort());
  for (const want of expected.tables) {
    const got = (report.tables as Json[]).find((t) => t.name === want.name);
    if (!got) continue;
    const where = `${label} ${want.name}`;
    expect.soft({ rows: got.rows, expectedRows: got.expectedRows, timeColumn: got.timeColumn }, where).toEqual({ rows: want.rows, expectedRows: want.expectedRows, timeColumn: want.timeColumn });
    expect.soft(got.rowsByMonth, `${where} rowsByMonth`).toEqual(want.rowsByMonth);
    if (bytesOf) expect.soft(got.bytes, `${where} bytes`).toBe(bytesOf(want.name));
    else expect.soft(got.bytes === null || (Number.isInteger(got.bytes) && got.bytes >= 0), `${where} bytes: ${got.bytes}`).toBe(true);
    expect.soft((got.columns as Json[]).map((c) => c.name), `${where} columns`).toEqual(want.columns.map((c) => c.name));
    for (const c of want.columns) {
      const gotColumn = (got.columns as Json[]).find((x) => x.name === c.name);
      expect.soft(gotColumn, `${where}.${c.name}`).toEqual(columnMatcher(c, typeOf(want.name, c.name)));
    }
  }
  const rels = [...(report.relationships as Json[])].sort((a, b) => relKey(a).localeCompare(relKey(b)));
  const wantRels = [...expected.relationships].sort((a, b) => relKey(a).localeCompare(relKey(b)));
  expect.soft(rels, `${label} relationships`).toEqual(wantRels.map(relationshipMatcher));
}
