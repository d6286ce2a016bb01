// The frame every wizard screen shares: a title with the step, the body, and a key hint line.
// The title is cut to one row (it must stay on screen); the hint and errors wrap at words.
import React from 'react';
import { Box, Text } from 'ink';
import { wrapText } from '../src/wizard/wrap.js';
import { tint } from './colour.js';
import { useTerminalSize } from './useTerminalSize.js';

const STEPS = ['Scenario', 'Parameters', 'Target', 'Review', 'Save', 'Run', 'Summary'];

export function Frame({ step, title, hint, children }: { step?: string; title: string; hint?: string; children: React.ReactNode }) {
  const { columns } = useTerminalSize();
  const at = step ? STEPS.indexOf(step) : -1;
  const lead = `synthgen${at >= 0 ? `  step ${at + 1}/${STEPS.length}` : ''}  `;
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold color={tint('cyan')}>synthgen</Text>
        {at >= 0 ? <Text dimColor>{`  step ${at + 1}/${STEPS.length}`}</Text> : null}
        <Text>{`  ${fit(title, Math.max(10, columns - lead.length))}`}</Text>
      </Text>
      <Box flexDirection="column" marginTop={1}>
        {children}
      </Box>
      {hint ? (
        <Box marginTop={1} flexDirection="column">
          {hint.split('\n').flatMap((line, i) =>
            wrapText(line, columns, '').map((row, j) => (
              <Text key={`${i}.${j}`} dimColor>
                {row}
              </Text>
            )),
          )}
        </Box>
      ) : null}
    </Box>
  );
}

export function ErrorLine({ error }: { error: string | null }) {
  const { columns } = useTerminalSize();
  if (!error) return null;
  return (
    <Box flexDirection="column">
      {wrapText(`✗ ${error}`, columns, '  ').map((row, i) => (
        <Text key={i} color={tint('red')}>
          {row}
        </Text>
      ))}
    </Box>
  );
}

/** Cuts a line to the terminal width so the terminal never wraps it (a wrapped line confuses Ink's redraw). */
export function fit(text: string, width: number): string {
  return text.length <= width ? text : text.slice(0, Math.max(0, width - 1)) + '…';
}
