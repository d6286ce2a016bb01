// The text view of an inspect report, as styled lines: `synthgen inspect` prints them
// (with ANSI colours on a terminal, plain when piped or NO_COLOR), the wizard's inspect
// screen draws the same lines with Ink. Every line fits the width it is given.
import { bar, clip, count, figure, len, percent, sparkline } from './charts.js';
import { TOP_MAX_DISTINCT, type ColumnReport, type InspectReport, type PeriodCount, type RelationshipReport, type TableReport } from './model.js';

export type Style = 'title' | 'heading' | 'ok' | 'bad' | 'warn' | 'dim' | 'bar';
export interface Seg {
  text: string;
  style?: Style;
}
export type Line = Seg[];

const seg = (text: string, style?: Style): Seg => (style ? { text, style } : { text });
const plain = (text: string): Line => [seg(text)];
/** Indentation of a column's detail lines. */
const IN = '    ';

/** Characters a terminal would act on (escapes, newlines) shown as JSON escapes: data never drives the terminal. */
export const printable = (s: string) => (/[\u0000-\u001f\u007f-\u009f]/.test(s) ? JSON.stringify(s).slice(1, -1) : s);

export function humanBytes(n: number | null): string {
  if (n === null) return '-';
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** Words of `text` in lines of at most `width`, the later ones indented by `indent`. */
function wrap(text: string, width: number, indent: string): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (len(next) > width && line) {
      out.push(line);
      line = indent + word;
    } else line = next;
  }
  out.push(line);
  return out.map((l) => clip(l, width));
}

/** Figures packed into detail lines of at most `width`, two spaces apart, none split. */
function flow(items: string[], width: number): Line[] {
  const out: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? `${line}  ${item}` : `${IN}${item}`;
    if (len(next) > width && line) {
      out.push(line);
      line = `${IN}${item}`;
    } else line = next;
  }
  out.push(line);
  return out.map((l) => plain(clip(l, width)));
}

/** A label, a sparkline of periods between the first and last period's names, fitted to `width`. */
function periodLine(label: string, periods: PeriodCount[], width: number): Line {
  if (!periods.length) return [seg(label, 'dim')];
  const first = periods[0].period;
  const last = periods[periods.length - 1].period;
  const room = width - len(label) - len(first) - len(last) - 2;
  if (room < 4) return [seg(clip(`${label}${first}..${last}`, width), 'dim')];
  return [seg(label, 'dim'), seg(`${first} `), seg(sparkline(periods.map((p) => p.count), room), 'bar'), seg(` ${last}`)];
}

/** The dataset as a whole: source, manifest, files, checks, tables, relationships, problems. */
export function overviewLines(r: InspectReport, width: number): Line[] {
  const rows = r.tables.reduce((s, t) => s + t.rows, 0);
  const lines: Line[] = [
    [seg(clip(`${r.source.location}`, width), 'title')],
    plain(clip(`${r.source.kind}, ${r.tables.length} table${r.tables.length === 1 ? '' : 's'}, ${count(rows)} rows${r.source.bytes !== null ? `, ${humanBytes(r.source.bytes)}` : ''}, inspected in ${(r.ms / 1000).toFixed(1)} s`, width)),
  ];
  const m = r.manifest;
  if (m) {
    lines.push(plain(clip(`synthgen ${m.synthgen} run of ${m.scenario}, seed ${m.seed} (manifest ${m.path})`, width)));
    const bad = m.files.filter((f) => f.status !== 'ok');
    if (m.files.length) lines.push(bad.length ? [seg(`✗ ${bad.length} of ${m.files.length} files differ from the manifest`, 'bad')] : [seg('✓ ', 'ok'), seg(`${m.files.length} file${m.files.length === 1 ? '' : 's'} match their recorded sha256`)]);
    const failed = m.checks.filter((c) => !c.ok);
    const passed = m.checks.filter((c) => c.ok && !c.info).length;
    const info = m.checks.filter((c) => c.info).length;
    lines.push([], [seg(`The run's checks: ${passed} passed, ${failed.length} failed${info ? `, ${info} for information` : ''}`, 'heading')]);
    for (const c of [...failed, ...m.checks.filter((c) => c.ok)]) {
      const mark = !c.ok ? seg('  ✗ ', 'bad') : c.info ? seg('  i ', 'dim') : seg('  ✓ ', 'ok');
      const [head, ...rest] = wrap(`${c.name}: ${c.figure}`, width - 4, '  ');
      lines.push([mark, seg(head, c.ok ? undefined : 'bad')], ...rest.map((t) => plain(`    ${t}`)));
    }
  } else {
    lines.push([seg('No synthgen manifest: no expected rows, checks or file hashes to compare with.', 'dim')]);
  }

  lines.push([], ...tablesLines(r, width));
  const risky = r.tables.flatMap((t) => t.columns.filter((c) => c.hazards.length).map((c) => `${t.name}.${c.name}`));
  if (risky.length) lines.push(...wrap(`Hazards in ${risky.length} column${risky.length === 1 ? '' : 's'} (under each table): ${risky.join(', ')}`, width - 2, '  ').map((t, i) => [seg(i ? '  ' : '! ', 'warn'), seg(t)]));
  if (r.relationships.length) lines.push([], ...relationshipLines(r.relationships, width));
  lines.push([]);
  if (r.problems.length) {
    lines.push([seg(`${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}`, 'bad')]);
    for (const p of r.problems) lines.push(...wrap(p, width - 4, '  ').map((t, i) => [seg(i ? '    ' : '  ✗ ', 'bad'), seg(t)]));
  } else {
    lines.push([seg('✓ ', 'ok'), seg(m ? 'The data is what the manifest records; no orphans.' : r.relationships.length ? 'No orphans.' : 'Nothing to compare with.')]);
  }
  return lines;
}

function tablesLines(r: InspectReport, width: number): Line[] {
  const withExpected = r.tables.some((t) => t.expectedRows !== null);
  // name | rows | expected | size | cols
  const figures = (t: TableReport) => [count(t.rows), ...(withExpected ? [t.expectedRows === null ? '-' : count(t.expectedRows)] : []), humanBytes(t.bytes), String(t.columns.length)];
  const heads = ['rows', ...(withExpected ? ['expected'] : []), 'size', 'cols'];
  const widths = heads.map((h, i) => Math.max(len(h), ...r.tables.map((t) => len(figures(t)[i]))));
  const right = widths.reduce((s, w) => s + w + 2, 0);
  const nameWidth = Math.max(5, Math.min(Math.max(...r.tables.map((t) => len(t.name)), 6), width - 2 - right));
  const row = (name: string, cells: string[]) => `  ${clip(name, nameWidth).padEnd(nameWidth)}${cells.map((c, i) => '  ' + c.padStart(widths[i])).join('')}`;
  return [
    [seg('Tables'.padEnd(nameWidth + 2) + heads.map((h, i) => '  ' + h.padStart(widths[i])).join(''), 'heading')],
    ...r.tables.map((t) => {
      const off = t.expectedRows !== null && t.expectedRows !== t.rows;
      return [seg(row(t.name, figures(t)), off ? 'bad' : undefined)];
    }),
  ];
}

function relationshipLines(rels: RelationshipReport[], width: number): Line[] {
  const lines: Line[] = [[seg(clip('Relationships: orphans, and children per parent (min mean max)', width), 'heading')]];
  for (const k of rels) {
    const name = `${k.table}.${k.columns.join('+')} -> ${k.references.table}.${k.references.columns.join('+')}`;
    lines.push(plain(clip(`  ${name}${k.from === 'manifest' ? ' (manifest)' : ''}`, width)));
    const orphans = seg(`orphans ${count(k.orphans)}`, k.orphans ? 'bad' : 'ok');
    if (!k.children) {
      lines.push([seg(IN), orphans, seg('  no parent rows', 'dim')]);
      continue;
    }
    const c = k.children;
    const text = `  per parent ${figure(c.min)} ${figure(c.mean)} ${figure(c.max)}  `;
    const room = width - len(IN) - len(orphans.text) - len(text);
    lines.push([seg(IN), orphans, seg(text), seg(room >= 4 ? sparkline(c.histogram.counts, room) : '', 'bar')]);
  }
  return lines;
}

/** One table: rows, size, rows per month, each column with its figures and charts, then its relationships (unless the overview showed them). */
export function tableLines(r: InspectReport, t: TableReport, width: number, withRelationships = true): Line[] {
  const expected = t.expectedRows === null ? '' : t.expectedRows === t.rows ? ' (as the manifest records)' : ` (the manifest records ${count(t.expectedRows)})`;
  const lines: Line[] = [
    [seg(clip(t.name, width), 'title')],
    [seg(clip(`${count(t.rows)} rows${expected}, ${t.columns.length} columns, ${humanBytes(t.bytes)}`, width), t.expectedRows !== null && t.expectedRows !== t.rows ? 'bad' : undefined)],
  ];
  if (t.sampledRows !== null) lines.push([seg(clip(`charts and top values from a sample of ${count(t.sampledRows)} rows, counts scaled`, width), 'dim')]);
  if (t.rowsByMonth && t.timeColumn) lines.push(periodLine(clip(`rows per month (${t.timeColumn}) `, Math.floor(width / 2)), t.rowsByMonth, width));
  const rels = r.relationships.filter((k) => k.table === t.name || k.references.table === t.name);
  const nameWidth = Math.min(Math.max(...t.columns.map((c) => len(c.name)), 6), Math.floor(width / 3));
  const typeWidth = Math.min(Math.max(...t.columns.map((c) => len(c.type)), 4), 14);
  for (const c of t.columns) lines.push([], ...columnLines(c, nameWidth, typeWidth, width));
  if (rels.length && withRelationships) lines.push([], ...relationshipLines(rels, width));
  return lines;
}

function columnLines(c: ColumnReport, nameWidth: number, typeWidth: number, width: number): Line[] {
  const distinct = c.distinct === null ? '' : `  distinct ${c.distinctApprox ? '~' : ''}${count(c.distinct)}`;
  const head: Line = [seg(clip(c.name, nameWidth).padEnd(nameWidth), 'heading'), seg(`  ${clip(c.type, typeWidth).padEnd(typeWidth)}`, 'dim'), seg(clip(`  nulls ${percent(c.nullShare)}${distinct}`, Math.max(0, width - nameWidth - typeWidth - 2)))];
  const lines: Line[] = [head];
  const room = width - len(IN);
  if (c.number) {
    const n = c.number;
    const approx = n.quartilesApprox ? '~' : '';
    lines.push(
      ...flow(
        [`min ${figure(n.min)}`, `max ${figure(n.max)}`, `mean ${figure(n.mean)}`, `sd ${figure(n.stddev)}`, `q1 ${approx}${figure(n.q1)}`, `median ${approx}${figure(n.median)}`, `q3 ${approx}${figure(n.q3)}`],
        width,
      ),
      [seg(`${IN}histogram `, 'dim'), seg(sparkline(n.histogram.counts, width - len(IN) - 10), 'bar')],
    );
  } else if (c.time) {
    const tm = c.time;
    lines.push(periodLine(`${IN}by month `, tm.byMonth, width));
    lines.push(plain(clip(`${IN}first ${tm.first}  last ${tm.last}`, width)));
    if (tm.byHour) lines.push([seg(`${IN}by hour `, 'dim'), seg('0h '), seg(sparkline(tm.byHour, 24), 'bar'), seg(' 23h')]);
  } else if (c.text) {
    const tx = c.text;
    if (tx.top && tx.top[0]?.count === 1) {
      lines.push([seg(`${IN}every value distinct`, 'dim')]);
    } else if (tx.top) {
      const shown = tx.top.slice(0, 5);
      const valueWidth = Math.min(Math.max(...shown.map((v) => len(printable(v.value))), 5), Math.floor(room / 3));
      for (const v of shown) {
        const label = `${IN}${clip(printable(v.value), valueWidth).padEnd(valueWidth)} ${percent(v.share).padStart(6)} `;
        lines.push([seg(label), seg(bar(v.share, Math.max(1, width - len(label))), 'bar')]);
      }
    } else if (c.kind === 'text' && c.distinct !== null) {
      lines.push([seg(`${IN}over ${count(TOP_MAX_DISTINCT)} distinct values: no top values`, 'dim')]);
    }
    lines.push(plain(`${IN}length ${tx.minLength === tx.maxLength ? count(tx.minLength) : `${count(tx.minLength)}-${count(tx.maxLength)}`}`));
  } else if (c.boolean) {
    const label = `${IN}true ${percent(c.boolean.trueShare).padStart(6)} `;
    lines.push([seg(label), seg(bar(c.boolean.trueShare, Math.min(40, width - len(label))), 'bar')]);
  } else if (c.nulls > 0 && c.nullShare === 1) {
    lines.push([seg(`${IN}every value is NULL`, 'dim')]);
  }
  for (const h of c.hazards) lines.push(...wrap(h, width - len(IN) - 2, '  ').map((t, i) => [seg(i ? `${IN}  ` : `${IN}! `, 'warn'), seg(t)]));
  return lines;
}

const ANSI: Record<Style, [string, string]> = {
  title: ['\x1b[1m', '\x1b[22m'],
  heading: ['\x1b[1m', '\x1b[22m'],
  ok: ['\x1b[32m', '\x1b[39m'],
  bad: ['\x1b[31;1m', '\x1b[39;22m'],
  warn: ['\x1b[33m', '\x1b[39m'],
  dim: ['\x1b[2m', '\x1b[22m'],
  bar: ['\x1b[36m', '\x1b[39m'],
};

/** Lines as text: ANSI styles with `colour`, plain otherwise. */
export function toText(lines: Line[], colour: boolean): string {
  return lines.map((l) => l.map((s) => (colour && s.style && s.text ? ANSI[s.style][0] + s.text + ANSI[s.style][1] : s.text)).join('').trimEnd()).join('\n') + '\n';
}
