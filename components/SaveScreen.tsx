import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { Select } from './Select.js';
import { Field } from './Field.js';
import { ErrorLine, Frame } from './Frame.js';
import { tint } from './colour.js';

interface Props {
  savedTo: string | null;
  profileName: string | null;
  command: string;
  error: string | null;
  onSave(name: string): void;
  onRun(): void;
}

export function SaveScreen(p: Props) {
  const [skipped, setSkipped] = useState(false);
  const done = p.savedTo !== null || skipped;
  return (
    <Frame step="Save" title="Save as a profile" hint={done ? 'Enter start · Esc back' : 'type a name and Enter to save · Enter on empty to skip · Esc back'}>
      {!done ? (
        <Box>
          <Text>{'Profile name (optional): '}</Text>
          <Field initial="" placeholder="e.g. qa" onSubmit={(v) => (v.trim() ? p.onSave(v.trim()) : setSkipped(true))} />
        </Box>
      ) : (
        <Box flexDirection="column">
          {p.savedTo ? <Text color={tint('green')}>{`✓ Saved profile "${p.profileName}" in ${p.savedTo}`}</Text> : <Text dimColor>Not saved.</Text>}
          <Text>Replay it without prompts:</Text>
          <Text bold>{`  ${p.savedTo ? `synthgen run --profile ${p.profileName}` : p.command}`}</Text>
          <Box marginTop={1}>
            <Select items={[{ label: 'Start the run', value: 'run' }]} onSelect={() => p.onRun()} />
          </Box>
        </Box>
      )}
      <ErrorLine error={p.error} />
    </Frame>
  );
}
