import React from 'react';
import { Box, Text, useStdout } from 'ink';
import type { TableProgress } from '../src/wizard/state.js';
import { fit, Frame } from './Frame.js';
import { ProgressBar } from './ProgressBar.js';

function eta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--';
  return seconds < 60 ? `${Math.ceil(seconds)}s` : `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
}

export function RunScreen({ progress, phase, now, out }: { progress: TableProgress[]; phase: string | null; now: number; out: string }) {
  const { stdout } = useStdout();
  const columns = stdout?.columns ?? 80;
  const nameWidth = Math.max(7, ...progress.map((t) => t.name.length));
  const barWidth = Math.max(10, Math.min(40, columns - nameWidth - 44));
  const done = progress.reduce((a, t) => a + t.rows, 0);
  const total = progress.reduce((a, t) => a + Math.max(t.expected, t.rows), 0);
  return (
    <Frame step="Run" title={`Generating into ${out}`} hint="Esc or Ctrl-C cancels: nothing half-written is left behind">
      {progress.map((t) => {
        const secs = t.done ? t.ms / 1000 : t.startedAt ? (now - t.startedAt) / 1000 : 0;
        const rate = secs > 0 ? t.rows / secs : 0;
        const status = t.done
          ? `✓ ${t.rows.toLocaleString('en-US')} rows in ${secs.toFixed(1)}s`
          : t.startedAt
            ? `${t.rows.toLocaleString('en-US')}/${t.expected.toLocaleString('en-US')} ${Math.round(rate).toLocaleString('en-US')}/s ETA ${eta(rate > 0 ? (t.expected - t.rows) / rate : Infinity)}`
            : 'waiting';
        return (
          <Box key={t.name}>
            <Text color={t.done ? 'green' : undefined}>{`${t.name.padEnd(nameWidth)} `}</Text>
            <ProgressBar done={t.rows} total={Math.max(t.expected, t.rows)} width={barWidth} />
            <Text>{fit(` ${status}`, Math.max(0, columns - nameWidth - barWidth - 7))}</Text>
          </Box>
        );
      })}
      <Box marginTop={1}>
        <Text bold>{`${'overall'.padEnd(nameWidth)} `}</Text>
        <ProgressBar done={done} total={total} width={barWidth} />
        <Text>{` ${done.toLocaleString('en-US')} rows`}</Text>
      </Box>
      {phase ? <Text dimColor>{`… ${phase}`}</Text> : null}
    </Frame>
  );
}
