import React from 'react';
import { Text } from 'ink';
import { Select } from './Select.js';
import { Frame } from './Frame.js';

/** `profileCount` is null while the config is still being read: "(none saved yet)" only once it is known. */
export function StartScreen({ profileCount, onNew, onProfiles }: { profileCount: number | null; onNew(): void; onProfiles(): void }) {
  const items = [
    { label: 'New dataset', value: 'new' },
    { label: `Run a saved profile (${profileCount === null ? 'looking for profiles…' : profileCount ? profileCount : 'none saved yet'})`, value: 'profiles' },
  ];
  return (
    <Frame title="What would you like to do?" hint="↑↓ move · Enter choose · Ctrl-C quit">
      <Select items={items} onSelect={(i) => (i.value === 'new' ? onNew() : onProfiles())} />
      <Text dimColor>Generates realistic, reproducible datasets with full referential integrity.</Text>
    </Frame>
  );
}
