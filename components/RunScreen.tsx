// The run: one bar per table, an overall bar for the tables, and a line for what follows
// them (indexes, views, read-back checks), which can take as long as the tables.
//
// The overall bar once counted rows: a table of 24 rows that takes a second (saas-metrics'
// mrr_movements, built from every subscription) sat at 99%, and the checks after the tables
// (5 s of 14 s for saas-metrics at 200,000 customers into SQLite) ran under a full bar or one
// stuck where the rows left it. Now each table weighs what it is expected to take (the rates
// measured per target, src/engine/estimate.ts), and the steps after the tables have their own
// line with the time they have taken and are expected to take; no bar pretends to know their progress.
import React from 'react';
import { Box, Text } from 'ink';
import { postSeconds, tableSeconds } from '../src/engine/estimate.js';
import type { TableProgress } from '../src/wizard/state.js';
import { tint } from './colour.js';
import { fit, Frame } from './Frame.js';
import { ProgressBar } from './ProgressBar.js';
import { useTerminalSize } from './useTerminalSize.js';

function eta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--';
  return seconds < 60 ? `${Math.ceil(seconds)}s` : `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
}

/** 1,234,567 as is where it fits, else 1.23M. */
function count(n: number, compact: boolean): string {
  if (!compact || n < 10_000) return n.toLocaleString('en-US');
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : `${(n / 1e3).toFixed(1)}K`;
}

interface Props {
  progress: TableProgress[];
  phase: string | null;
  phaseStartedAt: number | null;
  now: number;
  out: string;
  /** For the expected time of each table and of the steps after them. */
  scenario?: string;
  target: string;
}

/** The tables' share done, each table weighted by its expected time. */
export function overallShare(progress: TableProgress[], target: string, scenario?: string): number {
  let done = 0;
  let total = 0;
  for (const t of progress) {
    const rows = Math.max(t.expected, t.rows);
    const weight = Math.max(tableSeconds(t.name, rows, target, scenario), 1e-6);
    total += weight;
    done += t.done ? weight : rows > 0 ? (weight * t.rows) / rows : 0;
  }
  if (progress.length > 0 && progress.every((t) => t.done)) return 1;
  return total > 0 ? done / total : 0;
}

/**
 * The table lines that fit in `room` rows: all of them, or the finished ones as one line, the
 * running one, and as many waiting ones as fit with one line for the rest (bar-platform has 50 tables).
 */
function visible(progress: TableProgress[], room: number): { done: TableProgress[]; shown: TableProgress[]; waiting: TableProgress[] } {
  if (progress.length <= room) return { done: [], shown: progress, waiting: [] };
  const firstOpen = progress.findIndex((t) => !t.done);
  const doneCount = firstOpen === -1 ? progress.length : firstOpen;
  // One line counts the finished tables but the last, which stays in view.
  const done = progress.slice(0, Math.max(0, doneCount - 1));
  const rest = progress.slice(done.length);
  const slots = Math.max(1, room - (done.length ? 1 : 0));
  if (rest.length <= slots) return { done, shown: rest, waiting: [] };
  return { done, shown: rest.slice(0, Math.max(1, slots - 1)), waiting: rest.slice(Math.max(1, slots - 1)) };
}

export function RunScreen({ progress, phase, phaseStartedAt, now, out, scenario, target }: Props) {
  const { columns, rows } = useTerminalSize();
  const nameWidth = Math.max(7, ...progress.map((t) => t.name.length));
  const rowsDone = progress.reduce((a, t) => a + t.rows, 0);
  const rowsTotal = progress.reduce((a, t) => a + Math.max(t.expected, t.rows), 0);
  const after = postSeconds(rowsTotal, target, scenario);

  // Shorter and shorter forms of a table's status: numbers as they are, shortened (1.23M), without the rate.
  const statusOf = (t: TableProgress, level: number) => {
    const compact = level > 0;
    const secs = t.done ? t.ms / 1000 : t.startedAt ? (now - t.startedAt) / 1000 : 0;
    const rate = secs > 0 ? t.rows / secs : 0;
    if (t.done) return `✓ ${count(t.rows, compact)} rows in ${secs.toFixed(1)}s`;
    if (!t.startedAt) return 'waiting';
    const speed = level < 2 ? ` ${count(Math.round(rate), compact)}/s` : '';
    return `${count(t.rows, compact)}/${count(t.expected, compact)}${speed} ETA ${eta(rate > 0 ? Math.max(0, t.expected - t.rows) / rate : Infinity)}`;
  };
  // The status (its ETA above all) is never cut: the bar gives way down to 4 columns, then the status shortens.
  const room = columns - 1 - nameWidth - 1 - 5 - 1;
  const widestAt = (level: number) => Math.max(0, ...progress.map((t) => statusOf(t, level).length));
  const level = [0, 1, 2].find((l) => room - widestAt(l) >= 10) ?? [0, 1, 2].find((l) => room - widestAt(l) >= 4) ?? 2;
  const status = (t: TableProgress) => statusOf(t, level);
  const barWidth = Math.max(4, Math.min(40, room - widestAt(level)));
  const line = (t: TableProgress) => (
    <Box key={t.name}>
      <Text color={t.done ? tint('green') : undefined}>{`${t.name.padEnd(nameWidth)} `}</Text>
      <ProgressBar done={t.rows} total={Math.max(t.expected, t.rows)} width={barWidth} />
      <Text>{fit(` ${status(t)}`, Math.max(0, columns - nameWidth - barWidth - 7))}</Text>
    </Box>
  );

  // The frame (4 rows and one free), a blank, the overall bar and the line after it.
  const { done, shown, waiting } = visible(progress, Math.max(3, rows - 5 - 3));
  const share = overallShare(progress, target, scenario);
  const afterLine = phase
    ? `… ${phase} ${(((now - (phaseStartedAt ?? now)) as number) / 1000).toFixed(1)}s (the steps after the tables: about ${Math.max(1, Math.round(after))}s)`
    : `then indexes, views and checks: about ${Math.max(1, Math.round(after))}s`;
  return (
    <Frame step="Run" title={`Generating into ${out}`} hint="Esc or Ctrl-C cancels: nothing half-written is left behind">
      {done.length ? <Text color={tint('green')}>{fit(`✓ ${done.length} tables done, ${done.reduce((a, t) => a + t.rows, 0).toLocaleString('en-US')} rows`, columns - 1)}</Text> : null}
      {shown.map(line)}
      {waiting.length ? <Text dimColor>{fit(`… ${waiting.length} more tables waiting`, columns - 1)}</Text> : null}
      <Box marginTop={1}>
        <Text bold>{`${'tables'.padEnd(nameWidth)} `}</Text>
        <ProgressBar done={share} total={1} width={barWidth} />
        <Text>{fit(` ${rowsDone.toLocaleString('en-US')} rows`, Math.max(0, columns - nameWidth - barWidth - 7))}</Text>
      </Box>
      <Text dimColor={!phase}>{fit(afterLine, columns - 1)}</Text>
    </Frame>
  );
}
