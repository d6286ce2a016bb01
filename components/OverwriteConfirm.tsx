import React from 'react';
import { Box, Text } from 'ink';
import { Select } from './Select.js';
import { tint } from './colour.js';

/** The explicit choice an earlier synthgen output needs before it can be replaced; `what` says what it is, `other` what to choose instead. */
export function OverwriteConfirm({ out, what, other = 'path', onChoice }: { out: string; what: string | null; other?: string; onChoice(overwrite: boolean): void }) {
  return (
    <Box flexDirection="column">
      <Text color={tint('yellow')}>{`⚠ ${out} already exists${what ? ` (${what})` : ''}. Overwrite it?`}</Text>
      <Select
        items={[
          { label: `No, choose another ${other}`, value: 'no' },
          { label: 'Overwrite it (the old output is replaced only when the new one is complete)', value: 'yes' },
        ]}
        onSelect={(i) => onChoice(i.value === 'yes')}
      />
    </Box>
  );
}
