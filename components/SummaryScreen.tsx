import React from 'react';
import { Box, Text } from 'ink';
import type { RunSummary } from '../src/engine/runner.js';
import { humanBytes, outputBytes } from '../src/headless/summary.js';
import { Frame } from './Frame.js';

interface Props {
  summary: RunSummary | null;
  failure: string | null;
  cancelled: boolean;
  out: string;
}

export function SummaryScreen({ summary, failure, cancelled, out }: Props) {
  if (cancelled || failure || !summary) {
    return (
      <Frame step="Summary" title={cancelled ? 'Cancelled' : 'Run failed'} hint="Enter or q to exit">
        {cancelled ? <Text color="yellow">{`Cancelled: nothing was written under ${out}.`}</Text> : <Text color="red">{`✗ ${failure}`}</Text>}
      </Frame>
    );
  }
  const failed = summary.checks.filter((c) => !c.ok);
  const w = Math.max(...summary.tables.map((t) => t.name.length));
  const total = outputBytes(summary);
  return (
    <Frame step="Summary" title={failed.length ? `Done, ${failed.length} check(s) FAILED` : 'Done, all checks passed'} hint="i Inspect the output · Enter or q to exit">
      {summary.headlines.map((line, i) => (
        <Text key={`h${i}`}>{line || ' '}</Text>
      ))}
      <Box flexDirection="column" marginTop={1}>
        <Text bold>Tables</Text>
        {summary.tables.map((t) => (
          <Text key={t.name}>{`  ${t.name.padEnd(w)} ${t.rows.toLocaleString('en-US').padStart(12)} rows ${(t.ms / 1000).toFixed(2).padStart(7)} s ${humanBytes(t.bytes).padStart(9)}`}</Text>
        ))}
      </Box>
      <Box flexDirection="column" marginTop={1}>
        <Text bold>{`Integrity checks: ${summary.checks.filter((c) => c.ok && !c.info).length} passed, ${failed.length} failed`}</Text>
        {failed.map((c) => (
          <Text key={`f${c.name}`} color="red" bold>{`  ✗ FAILED ${c.name}: ${c.figure}`}</Text>
        ))}
        {summary.checks
          .filter((c) => c.ok)
          .map((c) => (
            <Text key={`p${c.name}`}>
              {c.info ? <Text dimColor>{'  i '}</Text> : <Text color="green">{'  ✓ '}</Text>}
              {`${c.name}: ${c.figure}`}
            </Text>
          ))}
      </Box>
      <Box flexDirection="column" marginTop={1}>
        <Text>{`Output: ${out} (${humanBytes(total)}, ${(summary.timings.totalMs / 1000).toFixed(2)} s)`}</Text>
        <Text dimColor>{`Manifest: ${summary.manifest}`}</Text>
        {summary.catalog ? <Text dimColor>{`Catalog: ${summary.catalog.path}`}</Text> : null}
      </Box>
    </Frame>
  );
}
