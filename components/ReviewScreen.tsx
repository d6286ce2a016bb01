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
import { Frame } from './Frame.js';
import { OverwriteConfirm } from './OverwriteConfirm.js';

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

export function ReviewScreen(p: Props) {
  const tables = loadOrder(p.scenario.tables(p.values, p.seed)).map((t) => {
    const rows = t.estimateRows(p.values);
    return { name: t.spec.name, spec: t.spec, rows, bytes: estimateBytes(t.spec, rows, p.target, p.scenario.name) };
  });
  const totalRows = tables.reduce((a, t) => a + t.rows, 0);
  const totalBytes = tables.reduce((a, t) => a + t.bytes, 0);
  const w = Math.max(5, ...tables.map((t) => t.name.length));
  const changed = Object.entries(changedParams(p.scenario, p.values));
  return (
    <Frame step="Review" title="Review the plan" hint="↑↓ move · Enter choose · Esc back">
      <Text>{`${p.scenario.name}, seed ${p.seed}${changed.length ? ', ' + changed.map(([k, v]) => `${k}=${formatParam(v as ParamValue)}`).join(', ') : ', default parameters'}`}</Text>
      <Text>
        {`-> ${p.target} ${p.out}`}
        {p.overwrite ? <Text color="yellow"> (replaces the existing output)</Text> : null}
      </Text>
      <Box flexDirection="column" marginTop={1}>
        <Text bold>{`${'table'.padEnd(w)}  ${'est. rows'.padStart(12)}  ${'est. size'.padStart(9)}`}</Text>
        {tables.map((t) => (
          <Text key={t.name}>{`${t.name.padEnd(w)}  ${t.rows.toLocaleString('en-US').padStart(12)}  ${humanBytes(t.bytes).padStart(9)}`}</Text>
        ))}
        <Text dimColor>{`${'total'.padEnd(w)}  ${totalRows.toLocaleString('en-US').padStart(12)}  ${humanBytes(totalBytes).padStart(9)}  ${seconds(estimateSeconds(tables, p.target, p.scenario.name))}`}</Text>
      </Box>
      <Box marginTop={1} flexDirection="column">
        {p.confirmOverwrite ? (
          <OverwriteConfirm out={p.out} what={p.replaces} onChoice={p.onOverwrite} />
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
