// CATALOG.md: the data catalog written with every file output, for the person
// who opens the folder later. What each table and column means and how it is
// distributed, the choices the seed left open, and the figures this run
// measured as baselines. Deterministic: the same scenario, parameters, seed,
// synthgen version and target give the same bytes (no timings, dates of the
// run or paths), whatever the batch size.
import { VERSION } from '../version.js';
import { formatParam } from './params.js';
import type { CheckResult, Column, Scenario, TableDef } from './model.js';
import type { RunSummary } from './runner.js';

/** Text for one cell of a Markdown table: on one line, pipes escaped. */
const cell = (text: string) => text.replace(/\r?\n/g, ' ').replaceAll('|', '\\|');
const code = (text: string) => '`' + text.replaceAll('`', "'") + '`';
const rows = (n: number) => n.toLocaleString('en-US');

function typeOf(c: Column): string {
  return c.type === 'decimal' ? `decimal(${c.precision},${c.scale})` : c.type;
}

function table(header: string[], body: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

function paramLines(summary: RunSummary, scenario: Scenario): string[] {
  const names = Object.keys(summary.params);
  if (!names.length) return ['This scenario has no parameters.'];
  const help = new Map(scenario.params.map((p) => [p.name, p.help]));
  return table(
    ['parameter', 'value', 'meaning'],
    names.map((n) => {
      const v = summary.params[n];
      return [code(n), v === null ? '(none)' : code(formatParam(v)), help.get(n) ?? ''];
    }),
  );
}

function tableLines(def: TableDef, summary: RunSummary): string[] {
  const spec = def.spec;
  const landed = summary.tables.find((t) => t.name === spec.name);
  const fks = spec.foreignKeys ?? [];
  return [
    `### ${spec.name}`,
    '',
    spec.description || '(no description)',
    '',
    `- Rows: ${landed ? rows(landed.rows) : 'not generated'}`,
    `- Primary key: ${spec.primaryKey.map(code).join(', ')}`,
    `- Foreign keys: ${fks.length ? fks.map((fk) => `${fk.columns.map(code).join(', ')} -> ${code(fk.references.table)} (${fk.references.columns.map(code).join(', ')})`).join('; ') : 'none'}`,
    '',
    ...table(
      ['column', 'type', 'null', 'meaning and distribution'],
      spec.columns.map((c) => [code(c.name), typeOf(c), c.nullable ? 'NULL' : 'NOT NULL', c.description ?? '']),
    ),
  ];
}

function checkRow(c: CheckResult): string[] {
  return [c.name, c.info ? 'info' : c.ok ? 'passed' : 'FAILED', c.phase === 'target' ? 'read back from the output' : 'generated rows', c.figure];
}

/** The catalog of a run's output, as Markdown. `tables` in load order (what the runner streamed). */
export function catalogMarkdown(summary: RunSummary, tables: TableDef[], scenario: Scenario): string {
  const lines = [
    `# Data catalog: ${summary.scenario}`,
    '',
    `Synthetic data made by synthgen ${VERSION} from scenario ${code(summary.scenario)} with seed ${summary.seed}, written as ${summary.target}.`,
    'The same scenario, parameters, seed and synthgen version make the same data again.',
    '',
    scenario.description,
    '',
    `Seed document: ${scenario.seedFile || '(none)'}`,
    '',
    '## Parameters',
    '',
    ...paramLines(summary, scenario),
    '',
    '## Tables',
    '',
    `In load order (parents before children): ${tables.map((t) => code(t.spec.name)).join(', ')}.`,
  ];
  for (const def of tables) lines.push('', ...tableLines(def, summary));
  lines.push('', '## Simplifications and choices', '');
  const notes = scenario.notes ?? [];
  lines.push(...(notes.length ? notes.map((n) => `- ${n}`) : ['No notes for this scenario.']));
  lines.push('', '## Metric baselines', '');
  if (summary.headlines.length) lines.push('What this run measured in its rows:', '', '```text', ...summary.headlines, '```', '');
  lines.push('Every check, with its figure (info: a figure for reference that never fails a run):', '');
  lines.push(...table(['check', 'result', 'measured on', 'figure'], summary.checks.map(checkRow)));
  return lines.join('\n') + '\n';
}
