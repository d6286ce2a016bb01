// `synthgen scenarios` and `synthgen describe NAME`.
import { describeRange, formatParam, paramDefaults } from '../engine/params.js';
import { loadOrder } from '../engine/planner.js';
import type { Scenario } from '../engine/model.js';
import { SCENARIOS, findScenario } from '../../scenarios/index.js';

export function scenariosText(): string {
  const width = Math.max(...SCENARIOS.map((s) => s.name.length));
  return SCENARIOS.map((s) => {
    const p = paramDefaults(s);
    const tables = loadOrder(s.tables(p, s.defaultSeed));
    const rows = tables.reduce((a, t) => a + t.estimateRows(p), 0);
    return `${s.name.padEnd(width)}  ${s.description}\n${' '.repeat(width)}  tables: ${tables.map((t) => t.spec.name).join(', ')}; about ${rows.toLocaleString('en-US')} rows by default; default target ${s.defaultTarget}`;
  }).join('\n') + '\n';
}

export function describeText(name: string): string {
  const s = findScenario(name);
  const p = paramDefaults(s);
  const lines = [`${s.name}: ${s.description}`, `seed document: ${s.seedFile}; default seed ${s.defaultSeed}; default target ${s.defaultTarget} at ${s.defaultOut}`, '', 'Parameters (--set name=value):'];
  const w = Math.max(...s.params.map((x) => x.name.length));
  for (const x of s.params) {
    const def = x.default === null ? '(none)' : x.default === '' ? '""' : formatParam(x.default);
    lines.push(`  ${x.name.padEnd(w)}  default ${def}; ${describeRange(x)}`, `  ${' '.repeat(w)}  ${x.help}`);
  }
  lines.push('', 'Tables, in load order (names at default parameters):');
  for (const t of loadOrder(s.tables(p, s.defaultSeed))) {
    lines.push(`  ${t.spec.name} (about ${t.estimateRows(p).toLocaleString('en-US')} rows): ${t.spec.description}`);
    lines.push(`    primary key (${t.spec.primaryKey.join(', ')})`);
    for (const fk of t.spec.foreignKeys ?? []) lines.push(`    foreign key (${fk.columns.join(', ')}) -> ${fk.references.table} (${fk.references.columns.join(', ')})`);
    for (const c of t.spec.columns) {
      const type = c.type === 'decimal' ? `decimal(${c.precision},${c.scale})` : c.type;
      lines.push(`    ${c.name.padEnd(18)} ${type.padEnd(14)} ${c.nullable ? 'NULL    ' : 'NOT NULL'}${c.description ? '  ' + c.description : ''}`);
    }
  }
  const views = s.views?.(p, 'sqlite') ?? [];
  if (views.length) lines.push('', `Views (SQL targets): ${views.map((v) => v.name).join(', ')}`);
  if (s.notes?.length) lines.push('', 'Choices the seed leaves open:', ...s.notes.map((n) => `  - ${n}`));
  return lines.join('\n') + '\n';
}
