import React, { useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { Select } from './Select.js';
import type { ParamSpec, ParamValue, Params, Scenario } from '../src/engine/model.js';
import { describeRange, formatParam, sameValue } from '../src/engine/params.js';
import { SEED_SPEC } from '../src/wizard/state.js';
import { Field } from './Field.js';
import { ErrorLine, fit, Frame } from './Frame.js';
import { wrapText } from '../src/wizard/wrap.js';
import { tint } from './colour.js';
import { useTerminalSize } from './useTerminalSize.js';

export function shown(v: ParamValue): string {
  return v === null || v === undefined ? '(none)' : v === '' ? '""' : formatParam(v);
}

interface Props {
  scenario: Scenario;
  values: Params;
  seed: number;
  editing: string | null;
  /** "Reset all to defaults" waits for a yes. */
  confirmReset: boolean;
  error: string | null;
  onEdit(name: string): void;
  onCancelEdit(): void;
  onSet(name: string, raw: string): void;
  onReset(name: string): void;
  /** "Reset all to defaults" was chosen: ask first. */
  onAskResetAll(): void;
  onResetAll(): void;
  onPreset(name: string): void;
  onDone(): void;
}

export function ParamsScreen(p: Props) {
  const { columns, rows } = useTerminalSize();
  const width = columns - 4;
  // A ref for the keys (an 'r' in the same read as the arrow keys before it must see where they went), state to draw the help.
  const highlighted = useRef<string | null>(null);
  const [shownItem, setShownItem] = useState<string | null>(null);
  const specs: ParamSpec[] = [...p.scenario.params, { ...SEED_SPEC, default: p.scenario.defaultSeed }];
  const valueOf = (spec: ParamSpec) => (spec.name === 'seed' ? p.seed : p.values[spec.name]);
  const nameWidth = Math.max(...specs.map((s) => s.name.length));
  const items = [
    ...specs.map((s) => {
      const changed = sameValue(valueOf(s), s.default) ? ' ' : '*';
      return { label: `${s.name.padEnd(nameWidth)} ${changed}${shown(valueOf(s)).padEnd(12)}  ${s.help}`, value: `param:${s.name}` };
    }),
    ...(p.scenario.presets ?? []).map((x) => ({ label: `Size preset: ${x.name} (${x.help})`, value: `preset:${x.name}` })),
    { label: 'Reset all to defaults…', value: 'reset-all' },
    { label: 'Continue →', value: 'done' },
  ];

  useInput(
    (input) => {
      if (input === 'r' && highlighted.current?.startsWith('param:')) p.onReset(highlighted.current.slice(6));
    },
    { isActive: p.editing === null && !p.confirmReset },
  );

  const editing = specs.find((s) => s.name === p.editing) ?? null;
  // The highlighted parameter's whole help, wrapped (its row in the list is cut to the width).
  const spec = shownItem?.startsWith('param:') ? specs.find((s) => `param:${s.name}` === shownItem) : undefined;
  const help = !editing && !p.confirmReset && spec ? wrapText(`${spec.name}: ${spec.help} (${describeRange(spec)})`, columns, '  ').slice(0, 3) : [];
  const errorRows = p.error ? wrapText(`✗ ${p.error}`, columns, '  ').length : 0;
  // Rows under the list: the editor's box (5) or the question (4) or the help; the frame takes 4 and one stays free.
  const below = (editing ? 5 : p.confirmReset ? 4 : help.length ? help.length + 1 : 0) + errorRows;
  return (
    <Frame step="Parameters" title={`Parameters of ${p.scenario.name}`} hint={editing ? 'Enter save · Esc cancel' : p.confirmReset ? '↑↓ move · Enter choose · Esc keeps the values' : '↑↓ move · Enter edit · r reset to default · Esc back'}>
      <Select
        items={items}
        isFocused={editing === null && !p.confirmReset}
        wrap={false}
        limit={Math.max(3, rows - 5 - below)}
        onHighlight={(i) => {
          highlighted.current = i.value;
          setShownItem(i.value);
        }}
        itemComponent={({ isSelected, label }) => (
          <Text color={isSelected ? tint('cyan') : undefined}>{fit(label, width)}</Text>
        )}
        onSelect={(i) => {
          if (i.value === 'done') p.onDone();
          else if (i.value === 'reset-all') p.onAskResetAll();
          else if (i.value.startsWith('preset:')) p.onPreset(i.value.slice(7));
          else p.onEdit(i.value.slice(6));
        }}
      />
      {help.length ? (
        <Box flexDirection="column" marginTop={1}>
          {help.map((line, i) => (
            <Text key={i} dimColor>
              {line}
            </Text>
          ))}
        </Box>
      ) : null}
      {p.confirmReset ? (
        <Box flexDirection="column" marginTop={1}>
          <Text color={tint('yellow')}>{fit('⚠ Reset every parameter and the seed to the defaults?', columns)}</Text>
          <Select
            items={[
              { label: 'No, keep my values', value: 'no' },
              { label: 'Yes, reset all to defaults', value: 'yes' },
            ]}
            onSelect={(i) => (i.value === 'yes' ? p.onResetAll() : p.onCancelEdit())}
          />
        </Box>
      ) : null}
      {editing ? <Editor key={editing.name} spec={editing} value={valueOf(editing)} onSubmit={(raw) => p.onSet(editing.name, raw)} /> : null}
      <ErrorLine error={p.error} />
    </Frame>
  );
}

function Editor({ spec, value, onSubmit }: { spec: ParamSpec; value: ParamValue; onSubmit(raw: string): void }) {
  const choices = spec.type === 'enum' ? spec.choices! : spec.type === 'boolean' ? ['true', 'false'] : null;
  return (
    <Box flexDirection="column" marginTop={1} borderStyle="round" paddingX={1}>
      <Text wrap="truncate-end">
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
