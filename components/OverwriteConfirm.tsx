import React from 'react';
import { Box, Text } from 'ink';
import SelectInput from 'ink-select-input';

/** The explicit choice an existing output needs before it can be replaced. */
export function OverwriteConfirm({ out, onChoice }: { out: string; onChoice(overwrite: boolean): void }) {
  return (
    <Box flexDirection="column">
      <Text color="yellow">{`⚠ ${out} already exists. Overwrite it?`}</Text>
      <SelectInput
        items={[
          { label: 'No, choose another path', value: 'no' },
          { label: 'Overwrite it (the old output is replaced only when the new one is complete)', value: 'yes' },
        ]}
        onSelect={(i) => onChoice(i.value === 'yes')}
      />
    </Box>
  );
}
