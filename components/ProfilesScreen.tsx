import React from 'react';
import { Text } from 'ink';
import { Select } from './Select.js';
import type { Profile } from '../src/config/profiles.js';
import { ErrorLine, Frame } from './Frame.js';
import { withoutPassword } from '../src/sinks/pgurl.js';

export function ProfilesScreen(props: { filepath: string | null; profiles: Record<string, Profile>; error: string | null; onPick(name: string): void }) {
  const names = Object.keys(props.profiles);
  return (
    <Frame title="Run a saved profile" hint="↑↓ move · Enter choose · Esc back">
      {props.filepath ? <Text dimColor>{`from ${props.filepath}`}</Text> : <Text>No synthgen config found here yet: start a new dataset and save it as a profile.</Text>}
      <Select
        items={names.map((n) => {
          const p = props.profiles[n];
          const where = p.target === 'postgres' ? `${p.url ? withoutPassword(p.url) : '(PG* variables)'} schema ${p.schema ?? 'raw'}` : (p.out ?? '');
          return { label: `${n}: ${p.scenario} -> ${p.target ?? 'default target'} ${where}`.trimEnd(), value: n };
        })}
        onSelect={(i) => props.onPick(i.value)}
      />
      <ErrorLine error={props.error} />
    </Frame>
  );
}
