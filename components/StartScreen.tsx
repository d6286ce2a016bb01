import React from 'react';
import { Text } from 'ink';
import { Select } from './Select.js';
import { Frame } from './Frame.js';

export function StartScreen({ profileCount, onNew, onProfiles }: { profileCount: number; onNew(): void; onProfiles(): void }) {
  const items = [
    { label: 'New dataset', value: 'new' },
    { label: profileCount ? `Run a saved profile (${profileCount})` : 'Run a saved profile (none saved yet)', value: 'profiles' },
  ];
  return (
    <Frame title="What would you like to do?" hint="↑↓ move · Enter choose · Ctrl-C quit">
      <Select items={items} onSelect={(i) => (i.value === 'new' ? onNew() : onProfiles())} />
      <Text dimColor>Generates realistic, reproducible datasets with full referential integrity.</Text>
    </Frame>
  );
}
