// The run screen (issue #14): the overall bar weighs each table by its expected time (a
// 24-row table that takes a second no longer sits at 99%), the steps after the tables have
// their own line, 50 tables fit 80x24 with the title on top, and ETA is never cut.
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { EventListener, RunEvent } from '../../src/engine/events.js';
import type { RunSummary } from '../../src/engine/runner.js';
import type { TableProgress } from '../../src/wizard/state.js';
import { overallShare } from '../../components/RunScreen.js';
import { tempDir } from '../helpers/run.js';
import { KEY, startApp, until } from './harness.js';
import { tallSummary } from './tall-summary.js';

const END = '\u001B[F';
const table = (name: string, expected: number, rows: number, done: boolean): TableProgress => ({ name, expected, rows, done, startedAt: done || rows ? 0 : null, ms: 0 });

describe('run screen', () => {
  it('weighs each table by its expected time: saas-metrics at 200,000 customers into SQLite, mrr_movements (24 rows, about 1 s) not started', () => {
    const progress = [table('customers', 200_000, 200_000, true), table('subscriptions', 259_200, 259_200, true), table('mrr_movements', 24, 0, false)];
    // By rows this was 459,200 of 459,224: 99%. By time (the measured 120,000, 120,000 and 70 rows/s: 1.67 s, 2.16 s, 0.34 s): 91%.
    expect(Math.floor(overallShare(progress, 'sqlite', 'saas-metrics') * 100)).toBe(91);
    expect(overallShare(progress.map((t) => ({ ...t, rows: t.expected, done: true })), 'sqlite', 'saas-metrics')).toBe(1);
    expect(overallShare([table('x', 1000, 500, false)], 'csv')).toBe(0.5); // a table not measured: its rows
  });

  it('at 80x24: 50 tables as the finished count, the running ones and the rest waiting; the steps after the tables on their own line', async () => {
    let emit!: EventListener;
    let finish!: (s: RunSummary) => void;
    let clock = 1_000_000;
    const app = await startApp(
      tempDir(),
      {
        now: () => clock,
        run: (_req, onEvent) => {
          emit = onEvent;
          return new Promise((r) => (finish = r));
        },
      },
      { columns: 80, rows: 24 },
    );
    await app.press(KEY.enter, KEY.enter, END, KEY.enter, KEY.up, KEY.enter, KEY.enter, KEY.enter, KEY.enter, KEY.enter);
    await until(() => app.frame().includes('Generating into'), 'the run screen', 5_000, app.frame);
    const send = async (...events: RunEvent[]) => act(async () => events.forEach((e) => emit(e)));
    const names = Array.from({ length: 50 }, (_, i) => `hubspot_engagement_${String(i + 1).padStart(2, '0')}`);
    await send({ type: 'plan', tables: names.map((name) => ({ name, expectedRows: 1_000_000 })), workers: 0 });
    for (const name of names.slice(0, 30)) await send({ type: 'table-start', table: name, expectedRows: 1_000_000 }, { type: 'table-done', table: name, rows: 1_000_000, ms: 2000 });
    await send({ type: 'table-start', table: names[30]!, expectedRows: 12_345_678 });
    clock += 10_000;
    await send({ type: 'progress', table: names[30]!, rows: 1_234_567, expectedRows: 12_345_678 });
    await until(() => /ETA \d/.test(app.frame()), 'a tick of the clock', 5_000, app.frame);
    const frame = app.frame();
    const rows = frame.split('\n');
    expect(rows[0]).toBe('synthgen  step 6/7  Generating into output/saas-metrics');
    expect(rows.length).toBeLessThanOrEqual(23);
    expect(Math.max(...rows.map((r) => [...r].length))).toBeLessThanOrEqual(80);
    expect(frame).toContain('✓ 29 tables done, 29,000,000 rows');
    expect(frame).toMatch(/^hubspot_engagement_30 █+ 100% ✓ 1,000,000 rows in 2\.0s$/m);
    // The running table: the bar gives way so the ETA is whole (1,234,567 of 12,345,678 at 123,457/s: 90 s to go).
    expect(frame).toMatch(/^hubspot_engagement_31 █░+ {3}9% 1,234,567\/12,345,678 123,457\/s ETA 1m31s$/m);
    expect(frame).toMatch(/^… \d+ more tables waiting$/m);
    expect(frame).toMatch(/^then indexes, views and checks: about \d+s$/m);
    // Narrower, the numbers shorten and the rate goes rather than the ETA.
    await app.resize(64, 24);
    expect(app.frame()).toMatch(/^hubspot_engagement_31 █░+ {3}9% 1\.23M\/12\.35M ETA 1m31s$/m);
    expect(Math.max(...app.frame().split('\n').map((r) => [...r].length))).toBeLessThanOrEqual(64);
    for (const name of names.slice(30)) await send({ type: 'table-start', table: name, expectedRows: 1_000_000 }, { type: 'table-done', table: name, rows: 1_000_000, ms: 2000 });
    await send({ type: 'phase', label: 'checking' });
    clock += 3_000;
    await until(() => app.frame().includes('… checking 3.0s'), 'the checks line', 5_000, app.frame);
    expect(app.frame()).toMatch(/^tables +█+ 100% 50,000,000 rows$/m);
    expect(app.frame()).toMatch(/^… checking 3\.0s \(the steps after the tables: about \d+s\)$/m);
    await act(async () => finish(tallSummary(0)));
    await until(() => app.frame().includes('Done, all checks passed'), 'the summary', 5_000, app.frame);
  });
});
