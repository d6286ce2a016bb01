// The frame every wizard screen shares: a title with the step, the body, and a key hint line.
import React from 'react';
import { Box, Text } from 'ink';

const STEPS = ['Scenario', 'Parameters', 'Target', 'Review', 'Save', 'Run', 'Summary'];

export function Frame({ step, title, hint, children }: { step?: string; title: string; hint?: string; children: React.ReactNode }) {
  const at = step ? STEPS.indexOf(step) : -1;
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold color="cyan">synthgen</Text>
        {at >= 0 ? <Text dimColor>{`  step ${at + 1}/${STEPS.length}`}</Text> : null}
        <Text>{`  ${title}`}</Text>
      </Text>
      <Box flexDirection="column" marginTop={1}>
        {children}
      </Box>
      {hint ? (
        <Box marginTop={1}>
          <Text dimColor>{hint}</Text>
        </Box>
      ) : null}
    </Box>
  );
}

export function ErrorLine({ error }: { error: string | null }) {
  return error ? <Text color="red">{`✗ ${error}`}</Text> : null;
}

/** Cuts a line to the terminal width so the terminal never wraps it (a wrapped line confuses Ink's redraw). */
export function fit(text: string, width: number): string {
  return text.length <= width ? text : text.slice(0, Math.max(0, width - 1)) + '…';
}
