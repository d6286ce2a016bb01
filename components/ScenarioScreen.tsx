import React from 'react';
import { Box, Text } from 'ink';
import { Select } from './Select.js';
import type { Scenario } from '../src/engine/model.js';
import { loadOrder } from '../src/engine/planner.js';
import { defaults } from '../src/wizard/state.js';
import { fit, Frame } from './Frame.js';
import { tint } from './colour.js';
import { useTerminalSize } from './useTerminalSize.js';

function outline(s: Scenario): string {
  const p = defaults(s);
  const tables = loadOrder(s.tables(p, s.defaultSeed));
  const rows = tables.reduce((a, t) => a + t.estimateRows(p), 0);
  return `tables: ${tables.map((t) => t.spec.name).join(', ')} · about ${rows.toLocaleString('en-US')} rows by default`;
}

export function ScenarioScreen({ scenarios, current, onPick }: { scenarios: Scenario[]; current: string | null; onPick(s: Scenario): void }) {
  const initial = Math.max(0, scenarios.findIndex((s) => s.name === current));
  const width = useTerminalSize().columns - 3;
  return (
    <Frame step="Scenario" title="Pick a scenario" hint="↑↓ move · Enter choose · Esc back">
      <Select
        items={scenarios.map((s) => ({ label: s.name, value: s.name }))}
        initialIndex={initial}
        itemComponent={({ isSelected, label }) => {
          const s = scenarios.find((x) => x.name === label)!;
          return (
            <Box flexDirection="column">
              <Text color={isSelected ? tint('cyan') : undefined} bold={isSelected}>{label}</Text>
              <Text>{fit(`  ${s.description}`, width)}</Text>
              <Text dimColor>{fit(`  ${outline(s)}`, width)}</Text>
            </Box>
          );
        }}
        onSelect={(i) => onPick(scenarios.find((s) => s.name === i.value)!)}
      />
    </Frame>
  );
}
