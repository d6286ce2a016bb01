// After a failed run: the reason, and the way back to the step that can fix it
// (first), or to the others, with every setting kept. Never a dead end.
import React from 'react';
import { Box, Text } from 'ink';
import { Select } from './Select.js';
import { Frame } from './Frame.js';
import { tint } from './colour.js';

type Back = 'target' | 'params' | 'review';

const LABELS: Record<Back, string> = {
  target: 'Change the target (path or connection)',
  params: 'Change the parameters',
  review: 'Back to the review',
};

export function RunFailedScreen({ failure, fixStep, onBack, onExit }: { failure: string; fixStep: 'target' | 'params'; onBack(step: Back): void; onExit(): void }) {
  const order: Back[] = [fixStep, ...(['target', 'params', 'review'] as Back[]).filter((s) => s !== fixStep)];
  return (
    <Frame step="Summary" title="Run failed" hint={`↑↓ move · Enter choose · Esc ${fixStep === 'target' ? 'change the target' : 'change the parameters'} · q exit`}>
      <Text color={tint('red')}>{`✗ ${failure}`}</Text>
      <Text dimColor>Every setting is kept: go back, fix it and start again.</Text>
      <Box marginTop={1}>
        <Select
          items={[...order.map((s) => ({ label: LABELS[s], value: s as string })), { label: 'Exit', value: 'exit' }]}
          onSelect={(i) => (i.value === 'exit' ? onExit() : onBack(i.value as Back))}
        />
      </Box>
    </Frame>
  );
}
