import React from 'react';
import { Box, Text } from 'ink';
import { Select } from './Select.js';
import type { ParamValue, Params, Scenario } from '../src/engine/model.js';
import { formatParam } from '../src/engine/params.js';
import { loadOrder } from '../src/engine/planner.js';
import { estimateBytes, estimateSeconds } from '../src/engine/estimate.js';
import { humanBytes } from '../src/headless/summary.js';
import type { Step } from '../src/wizard/state.js';
import { changedParams } from '../src/wizard/replay.js';
import { fit, Frame } from './Frame.js';
import { OverwriteConfirm } from './OverwriteConfirm.js';
import { tint } from './colour.js';
import { useTerminalSize } from './useTerminalSize.js';

interface Props {
  scenario: Scenario;
  values: Params;
  seed: number;
  target: string;
  out: string;
  overwrite: boolean;
  confirmOverwrite: boolean;
  replaces: string | null;
  onStart(): void;
  onGoto(step: Step): void;
  onOverwrite(yes: boolean): void;
}

function seconds(s: number): string {
  return s < 1 ? 'under 1 s' : s < 90 ? `about ${Math.round(s)} s` : `about ${Math.round(s / 60)} min`;
}

/**
 * The tables to list in `room` rows: all of them when they fit, else the largest in load order
 * and one line for the rest (show-and-well's 12 or bar-platform's 50 tables pushed the title off).
 */
export function condensed<T extends { rows: number; bytes: number }>(tables: T[], room: number): { shown: T[]; rest: { count: number; rows: number; bytes: number } | null } {
  if (tables.length <= room) return { shown: tables, rest: null };
  const keep = new Set([...tables].sort((a, b) => b.rows - a.rows).slice(0, Math.max(1, room - 1)));
  const others = tables.filter((t) => !keep.has(t));
  return {
    shown: tables.filter((t) => keep.has(t)),
    rest: { count: others.length, rows: others.reduce((a, t) => a + t.rows, 0), bytes: others.reduce((a, t) => a + t.bytes, 0) },
  };
}

export function ReviewScreen(p: Props) {
  const { columns, rows } = useTerminalSize();
  const tables = loadOrder(p.scenario.tables(p.values, p.seed)).map((t) => {
    const rows = t.estimateRows(p.values);
    return { name: t.spec.name, spec: t.spec, rows, bytes: estimateBytes(t.spec, rows, p.target, p.scenario.name) };
  });
  const totalRows = tables.reduce((a, t) => a + t.rows, 0);
  const totalBytes = tables.reduce((a, t) => a + t.bytes, 0);
  const w = Math.max(5, ...tables.map((t) => t.name.length), tables.length > 9 ? `+ ${tables.length} smaller tables`.length : 0);
  const changed = Object.entries(changedParams(p.scenario, p.values));
  // Rows left for the tables: the frame (4) and a free row, the two plan lines, the table's blank, header and total,
  // and the menu (a blank and 4 items) or the overwrite question (a blank, 2 lines, 2 items, one of them 2 rows long).
  const { shown, rest } = condensed(tables, Math.max(2, rows - 5 - 2 - 3 - (p.confirmOverwrite ? 6 : 5)));
  const line = (name: string, r: number, b: number) => fit(`${name.padEnd(w)}  ${r.toLocaleString('en-US').padStart(12)}  ${humanBytes(b).padStart(9)}`, columns);
  return (
    <Frame step="Review" title="Review the plan" hint="↑↓ move · Enter choose · Esc back">
      <Text wrap="truncate-end">{`${p.scenario.name}, seed ${p.seed}${changed.length ? ', ' + changed.map(([k, v]) => `${k}=${formatParam(v as ParamValue)}`).join(', ') : ', default parameters'}`}</Text>
      <Text wrap="truncate-end">
        {`-> ${p.target} ${p.out}`}
        {p.overwrite ? <Text color={tint('yellow')}> (replaces the existing output)</Text> : null}
      </Text>
      <Box flexDirection="column" marginTop={1}>
        <Text bold>{`${'table'.padEnd(w)}  ${'est. rows'.padStart(12)}  ${'est. size'.padStart(9)}`}</Text>
        {shown.map((t) => (
          <Text key={t.name}>{line(t.name, t.rows, t.bytes)}</Text>
        ))}
        {rest ? <Text dimColor>{fit(`${line(`+ ${rest.count} smaller tables`, rest.rows, rest.bytes)}`, columns)}</Text> : null}
        <Text dimColor>{fit(`${line('total', totalRows, totalBytes)}  ${seconds(estimateSeconds(tables, p.target, p.scenario.name))}`, columns)}</Text>
      </Box>
      <Box marginTop={1} flexDirection="column">
        {p.confirmOverwrite ? (
          <OverwriteConfirm out={p.out} what={p.replaces} other={p.target === 'postgres' ? 'schema or connection' : 'path'} onChoice={p.onOverwrite} />
        ) : (
          <Select
            items={[
              { label: 'Start', value: 'start' },
              { label: 'Change scenario', value: 'scenario' },
              { label: 'Change parameters', value: 'params' },
              { label: 'Change target', value: 'target' },
            ]}
            onSelect={(i) => (i.value === 'start' ? p.onStart() : p.onGoto(i.value as Step))}
          />
        )}
      </Box>
    </Frame>
  );
}
