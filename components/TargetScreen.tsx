import React from 'react';
import { Box, Text } from 'ink';
import { Select } from './Select.js';
import { Field } from './Field.js';
import { ErrorLine, Frame } from './Frame.js';
import { OverwriteConfirm } from './OverwriteConfirm.js';
import { tint } from './colour.js';
import { CONN_FIELDS, defaultUser, fieldsOf, type ConnField } from '../src/wizard/pgconn.js';

interface Props {
  targets: { name: string; label: string }[];
  phase: 'pick' | 'path' | 'connection' | 'password';
  target: string | null;
  out: string;
  /** postgres: the connection URL (no password), the schema, and where that is, as the summary says it. */
  url: string;
  schema: string;
  destination: string;
  /** A connection test is under way. */
  testing: boolean;
  /** The connection field being edited. */
  editing: string | null;
  confirmOverwrite: boolean;
  replaces: string | null;
  error: string | null;
  defaultOut(target: string): string;
  /** What the target list shows beside a target: its path, or the PostgreSQL server and schema. */
  destinationOf(target: string): string;
  onTarget(target: string, out: string): void;
  onOut(out: string): void;
  onOverwrite(yes: boolean): void;
  onEdit(field: ConnField): void;
  onConn(field: ConnField, raw: string): void;
  onTest(): void;
  onPassword(password: string): void;
}

export function TargetScreen(p: Props) {
  const initial = Math.max(0, p.targets.findIndex((t) => t.name === p.target));
  if (p.phase === 'pick' || !p.target) {
    // One column for the labels, however long the longest is.
    const w = Math.max(...p.targets.map((t) => t.label.length));
    return (
      <Frame step="Target" title="Where should the data go?" hint="↑↓ move · Enter choose · Esc back">
        <Select
          items={p.targets.map((t) => ({ label: `${t.label.padEnd(w)}  ${p.destinationOf(t.name)}`, value: t.name }))}
          initialIndex={initial}
          onSelect={(i) => {
            const out = p.target === i.value ? p.out : i.value === 'postgres' ? p.out : p.defaultOut(i.value);
            p.onTarget(i.value, out);
          }}
        />
      </Frame>
    );
  }
  const label = p.targets.find((t) => t.name === p.target)?.label ?? p.target;
  if (p.phase === 'connection') return <Connection {...p} label={label} />;
  if (p.phase === 'password') {
    return (
      <Frame step="Target" title={`${label}: password`} hint={p.testing ? 'Esc back' : 'type it and Enter · Esc back'}>
        {p.error ? <Text color={tint('yellow')}>{p.error}</Text> : null}
        <Box marginTop={1}>
          <Text>{'Password: '}</Text>
          {p.testing ? <Text dimColor>connecting…</Text> : <Field initial="" mask="*" onSubmit={p.onPassword} />}
        </Box>
        <Text dimColor>Used for this run only: never saved, shown or written to the profile or manifest.</Text>
      </Frame>
    );
  }
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

const HELP: Record<ConnField, string> = {
  host: 'host name, IP address or socket folder',
  port: 'a whole number from 1 to 65535',
  database: 'database name',
  user: 'user name (the password is asked for when the server wants one)',
  schema: 'lowercase letters, digits and _; created if missing',
};

function Connection(p: Props & { label: string }) {
  const fields = { ...fieldsOf(p.url), schema: p.schema };
  const shown = (f: ConnField) => fields[f] || (f === 'user' ? `(default: ${defaultUser()})` : '(default)');
  const items = [
    ...CONN_FIELDS.map((f) => ({ label: `${f.padEnd(8)}  ${shown(f)}`, value: f as string })),
    { label: 'Test the connection and continue →', value: 'test' },
  ];
  const editing = CONN_FIELDS.find((f) => f === p.editing) ?? null;
  const busy = p.testing || p.confirmOverwrite;
  return (
    <Frame
      step="Target"
      title={`${p.label}: connection`}
      hint={editing ? 'Enter save · Esc cancel' : p.confirmOverwrite ? '↑↓ move · Enter choose · Esc back' : '↑↓ move · Enter edit or test · Esc change target'}
    >
      <Select
        items={items}
        isFocused={!editing && !busy}
        initialIndex={items.length - 1}
        onSelect={(i) => (i.value === 'test' ? p.onTest() : p.onEdit(i.value as ConnField))}
      />
      {editing ? (
        <Box flexDirection="column" marginTop={1} borderStyle="round" paddingX={1}>
          <Text>
            <Text bold>{editing}</Text>
            <Text dimColor>{`  ${HELP[editing]}`}</Text>
          </Text>
          <Box>
            <Text>{'> '}</Text>
            <Field key={editing} initial={fields[editing]} onSubmit={(raw) => p.onConn(editing, raw)} />
          </Box>
        </Box>
      ) : null}
      {p.testing ? <Text dimColor>{`Connecting to ${p.destination}…`}</Text> : null}
      {p.confirmOverwrite ? (
        <Box marginTop={1}>
          <OverwriteConfirm out={p.destination} what={p.replaces} other="schema or connection" onChoice={p.onOverwrite} />
        </Box>
      ) : null}
      <ErrorLine error={p.error} />
    </Frame>
  );
}
