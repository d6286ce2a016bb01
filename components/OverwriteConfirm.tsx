import React from 'react';
import { Box, Text } from 'ink';
import { Select } from './Select.js';

/** The explicit choice an existing output needs before it can be replaced. */
export function OverwriteConfirm({ out, onChoice }: { out: string; onChoice(overwrite: boolean): void }) {
  return (
    <Box flexDirection="column">
      <Text color="yellow">{`⚠ ${out} already exists. Overwrite it?`}</Text>
      <Select
        items={[
          { label: 'No, choose another path', value: 'no' },
          { label: 'Overwrite it (the old output is replaced only when the new one is complete)', value: 'yes' },
        ]}
        onSelect={(i) => onChoice(i.value === 'yes')}
      />
    </Box>
  );
}
