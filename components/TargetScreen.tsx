import React from 'react';
import { Box, Text } from 'ink';
import { Select } from './Select.js';
import { Field } from './Field.js';
import { ErrorLine, Frame } from './Frame.js';
import { OverwriteConfirm } from './OverwriteConfirm.js';

interface Props {
  targets: { name: string; label: string }[];
  phase: 'pick' | 'path';
  target: string | null;
  out: string;
  confirmOverwrite: boolean;
  replaces: string | null;
  error: string | null;
  defaultOut(target: string): string;
  onTarget(target: string, out: string): void;
  onOut(out: string): void;
  onOverwrite(yes: boolean): void;
}

export function TargetScreen(p: Props) {
  const initial = Math.max(0, p.targets.findIndex((t) => t.name === p.target));
  if (p.phase === 'pick' || !p.target) {
    return (
      <Frame step="Target" title="Where should the data go?" hint="↑↓ move · Enter choose · Esc back">
        <Select
          items={p.targets.map((t) => ({ label: `${t.label.padEnd(12)} ${p.target === t.name ? p.out : p.defaultOut(t.name)}`, value: t.name }))}
          initialIndex={initial}
          onSelect={(i) => {
            const out = p.target === i.value ? p.out : p.defaultOut(i.value);
            p.onTarget(i.value, out);
          }}
        />
      </Frame>
    );
  }
  const label = p.targets.find((t) => t.name === p.target)?.label ?? p.target;
  return (
    <Frame step="Target" title={`${label}: output path`} hint={p.confirmOverwrite ? '↑↓ move · Enter choose · Esc back' : 'Enter confirm · Esc change target'}>
      <Box>
        <Text>{'Path: '}</Text>
        {p.confirmOverwrite ? <Text>{p.out}</Text> : <Field initial={p.out} onSubmit={p.onOut} />}
      </Box>
      {p.confirmOverwrite ? (
        <Box marginTop={1}>
          <OverwriteConfirm out={p.out} what={p.replaces} onChoice={p.onOverwrite} />
        </Box>
      ) : null}
      <ErrorLine error={p.error} />
    </Frame>
  );
}
