import React, { useRef } from 'react';
import { Box, Text, useInput, useStdout } from 'ink';
import { Select } from './Select.js';
import type { ParamSpec, ParamValue, Params, Scenario } from '../src/engine/model.js';
import { describeRange, formatParam, sameValue } from '../src/engine/params.js';
import { SEED_SPEC } from '../src/wizard/state.js';
import { Field } from './Field.js';
import { ErrorLine, fit, Frame } from './Frame.js';

export function shown(v: ParamValue): string {
  return v === null || v === undefined ? '(none)' : v === '' ? '""' : formatParam(v);
}

interface Props {
  scenario: Scenario;
  values: Params;
  seed: number;
  editing: string | null;
  error: string | null;
  onEdit(name: string): void;
  onCancelEdit(): void;
  onSet(name: string, raw: string): void;
  onReset(name: string): void;
  onResetAll(): void;
  onPreset(name: string): void;
  onDone(): void;
}

export function ParamsScreen(p: Props) {
  const { stdout } = useStdout();
  const width = (stdout?.columns ?? 80) - 4;
  const rows = stdout?.rows ?? 24;
  // A ref, not state: an 'r' in the same read as the arrow keys before it must see where they went.
  const highlighted = useRef<string | null>(null);
  const specs: ParamSpec[] = [...p.scenario.params, { ...SEED_SPEC, default: p.scenario.defaultSeed }];
  const valueOf = (spec: ParamSpec) => (spec.name === 'seed' ? p.seed : p.values[spec.name]);
  const nameWidth = Math.max(...specs.map((s) => s.name.length));
  const items = [
    ...specs.map((s) => {
      const changed = sameValue(valueOf(s), s.default) ? ' ' : '*';
      return { label: `${s.name.padEnd(nameWidth)} ${changed}${shown(valueOf(s)).padEnd(12)}  ${s.help}`, value: `param:${s.name}` };
    }),
    ...(p.scenario.presets ?? []).map((x) => ({ label: `Size preset: ${x.name} (${x.help})`, value: `preset:${x.name}` })),
    { label: 'Reset all to defaults', value: 'reset-all' },
    { label: 'Continue →', value: 'done' },
  ];

  useInput(
    (input) => {
      if (input === 'r' && highlighted.current?.startsWith('param:')) p.onReset(highlighted.current.slice(6));
    },
    { isActive: p.editing === null },
  );

  const editing = specs.find((s) => s.name === p.editing) ?? null;
  return (
    <Frame step="Parameters" title={`Parameters of ${p.scenario.name}`} hint={editing ? 'Enter save · Esc cancel' : '↑↓ move · Enter edit · r reset to default · Esc back'}>
      <Select
        items={items}
        isFocused={editing === null}
        limit={Math.max(5, rows - 12)}
        onHighlight={(i) => (highlighted.current = i.value)}
        itemComponent={({ isSelected, label }) => (
          <Text color={isSelected ? 'cyan' : undefined}>{fit(label, width)}</Text>
        )}
        onSelect={(i) => {
          if (i.value === 'done') p.onDone();
          else if (i.value === 'reset-all') p.onResetAll();
          else if (i.value.startsWith('preset:')) p.onPreset(i.value.slice(7));
          else p.onEdit(i.value.slice(6));
        }}
      />
      {editing ? <Editor key={editing.name} spec={editing} value={valueOf(editing)} onSubmit={(raw) => p.onSet(editing.name, raw)} /> : null}
      <ErrorLine error={p.error} />
    </Frame>
  );
}

function Editor({ spec, value, onSubmit }: { spec: ParamSpec; value: ParamValue; onSubmit(raw: string): void }) {
  const choices = spec.type === 'enum' ? spec.choices! : spec.type === 'boolean' ? ['true', 'false'] : null;
  return (
    <Box flexDirection="column" marginTop={1} borderStyle="round" paddingX={1}>
      <Text>
        <Text bold>{spec.name}</Text>
        <Text dimColor>{`  ${describeRange(spec)}`}</Text>
      </Text>
      {choices ? (
        <Select items={choices.map((c) => ({ label: c, value: c }))} initialIndex={Math.max(0, choices.indexOf(String(value)))} onSelect={(i) => onSubmit(i.value)} />
      ) : (
        <Box>
          <Text>{'> '}</Text>
          <Field initial={formatParam(value)} onSubmit={onSubmit} />
        </Box>
      )}
    </Box>
  );
}
