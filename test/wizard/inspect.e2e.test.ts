// The summary's "Inspect the output" in a real pseudo-terminal (tmux, 80x24): the real
// binary runs saas-metrics to a CSV folder, then shows the report synthgen inspect computes,
// every line within 80 columns and the title on screen.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run.js';
import { chars, startWizard, exitCodeOf, terminal, openSaasMetrics } from '../helpers/tmux.js';

const SESSION = `synthgen-inspect-e2e-${process.pid}`;

const { waitFor, keys, screen } = terminal(SESSION, { history: false, join: true });
/** Terminal columns of a captured row (every character synthgen draws is one column wide). */
const columns = (row: string) => [...row.trimEnd()].length;

describe('wizard inspect screen in a real terminal', () => {
  afterAll(() => {
    spawnSync('tmux', ['kill-session', '-t', SESSION]);
  });

  it('runs saas-metrics to CSV, i shows the tables, Enter one of them within 80x24, Esc Esc back to the summary, q exits 0', async () => {
    expect(spawnSync('tmux', ['-V']).status, 'tmux must be installed (.ci/run installs it)').toBe(0);
    const cwd = tempDir();
    const exitFile = join(tempDir(), 'exit');
    startWizard(SESSION, { cwd, exitFile });

    await openSaasMetrics({ waitFor, keys });
    keys('Enter');
    await waitFor(/│ > 500 +│/); // the editor's box
    keys('BSpace', 'BSpace', 'BSpace', ...chars('300'), 'Enter');
    await waitFor(/customers\s+\*300/);
    keys(...Array(10).fill('Down'), 'Enter');
    await waitFor('Where should the data go?');
    keys('Up', 'Enter'); // CSV folder (the scenario's SQLite is highlighted first)
    await waitFor('CSV folder: output path');
    keys(...Array(40).fill('BSpace'), ...chars('out'), 'Enter');
    await waitFor('Review the plan');
    keys('Enter');
    await waitFor('Profile name (optional)');
    keys('Enter'); // no profile
    await waitFor('Start the run');
    keys('Enter');
    // The summary fits the terminal: its title on the first row, the passed checks one count that c lists, paged.
    const summary = await waitFor('i Inspect the output · Enter or q to exit', 60_000);
    expect(summary.split('\n')[0]).toBe('synthgen  step 7/7  Done, all checks passed');
    keys('c');
    let listed = await waitFor('c folds the passed checks');
    for (let i = 0; i < 10 && !listed.includes('subscriptions: rows in subscriptions.csv'); i++) {
      keys('PageDown');
      await new Promise((r) => setTimeout(r, 200));
      listed = screen();
    }
    expect(listed).toContain('subscriptions: rows in subscriptions.csv: 378 read back of 378 generated');

    keys('i');
    const list = await waitFor('❯ Overview');
    // The tables as the CSV folder lists them, with the rows the summary's checks read back.
    expect(list.split('\n').slice(0, 7)).toEqual([
      'synthgen  Inspect out',
      '',
      '❯ Overview',
      '  customers      300 rows  6 columns',
      '  mrr_movements   24 rows  6 columns',
      '  subscriptions  378 rows  6 columns',
      '',
    ]);

    keys('Down', 'Enter');
    // Figures read from the CSV itself (no quoting in it): the signup dates' range, the share of active customers.
    const csv = readFileSync(join(cwd, 'out', 'customers.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('customer_id,email,signup_date,plan_tier,mrr_current,status');
    const records = csv.slice(1).map((l) => l.split(','));
    const dates = records.map((r) => r[2]!).sort();
    const active = records.filter((r) => r[5] === 'active').length;

    const table = await waitFor('Esc back to the list');
    const shown = table.split('\n');
    expect(shown[0]).toBe('synthgen  Inspect out · customers');
    expect(shown[3]).toBe('300 rows (as the manifest records), 6 columns, 23.7 KB');
    expect(table).toMatch(/^signup_date +DATE +nulls 0\.0% {2}distinct \d+$/m);
    expect(table).toContain(`first ${dates[0]}  last ${dates[dates.length - 1]}`);
    expect(table).toMatch(/^lines 1-19 of \d+ · ↑↓ PgUp PgDn Home End scroll · Esc back to the list$/m);
    expect(Math.max(...shown.map(columns))).toBeLessThanOrEqual(80);
    // Scrolled to the end: still the title on top, nothing wider than the terminal.
    keys('End');
    const end = await waitFor(/lines \d+-(\d+) of \1 ·/);
    expect(end.split('\n')[0]).toBe('synthgen  Inspect out · customers');
    expect(end).toContain(`    active   ${((100 * active) / 300).toFixed(1)}% █`);
    expect(Math.max(...end.split('\n').map(columns))).toBeLessThanOrEqual(80);
    expect(Math.max(...list.split('\n').map(columns))).toBeLessThanOrEqual(80);

    keys('Escape');
    await waitFor('❯ customers');
    keys('Escape');
    await waitFor('i Inspect the output · Enter or q to exit');
    keys('End');
    const back = await waitFor('Output: out (');
    expect(back.split('\n')[0]).toBe('synthgen  step 7/7  Done, all checks passed');
    keys('q');
    expect(await exitCodeOf(exitFile)).toBe('0');
  });
});
