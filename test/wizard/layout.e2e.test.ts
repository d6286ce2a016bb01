// The wizard's layout in a real terminal (tmux) at 80x24 and 120x40 (issue #14): the summary's
// failed checks stay on screen whatever is scrolled (a stand-in run returns a tall summary with
// two failures: test/wizard/summary-app.mjs), every screen's title stays on the first row
// (show-and-well's review, with 12 tables, pushed it off), and NO_COLOR draws no colours.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run.js';
import { terminal, tmux, openSaasMetrics } from '../helpers/tmux.js';
import { tallSummary } from './tall-summary.js';

const BIN = resolve('dist/src/cli.js');
const SUMMARY_APP = resolve('test/wizard/summary-app.mjs');
const sessions: string[] = [];
const columnsOf = (row: string) => [...row.trimEnd()].length;

function start(name: string, columns: number, rows: number, command: string) {
  const session = `synthgen-layout-${name}-${process.pid}`;
  sessions.push(session);
  const cwd = tempDir();
  tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows), '-c', cwd, `${command}; sleep 30`);
  return { session, cwd, ...terminal(session, { history: false, join: false }) };
}

describe('wizard layout in a real terminal', () => {
  afterAll(() => {
    for (const s of sessions) spawnSync('tmux', ['kill-session', '-t', s]);
  });

  for (const [columns, rows] of [
    [80, 24],
    [120, 40],
  ] as const) {
    it(`at ${columns}x${rows} the summary keeps the title and both failed checks on screen while its window scrolls`, async () => {
      const file = join(tempDir(), 'summary.json');
      writeFileSync(file, JSON.stringify(tallSummary(2)));
      const t = start(`summary-${columns}`, columns, rows, `env -u CI ${process.execPath} ${SUMMARY_APP} ${file} ${resolve('dist')}`);
      await openSaasMetrics(t);
      t.keys('End', 'Enter');
      await t.waitFor('Where should the data go?');
      t.keys('Up', 'Enter');
      await t.waitFor('CSV folder: output path');
      t.keys('Enter');
      await t.waitFor('Review the plan');
      t.keys('Enter');
      await t.waitFor('Profile name (optional)');
      t.keys('Enter');
      await t.waitFor('Start the run');
      t.keys('Enter');
      const check = (screen: string) => {
        const shown = screen.split('\n');
        expect(shown[0]).toBe('synthgen  step 7/7  Done, 2 check(s) FAILED');
        expect(shown[2]).toBe('Integrity checks: 40 passed, 2 failed');
        expect(shown[3]).toMatch(/^✗ FAILED fact_1: customers foreign key resolves: 1 orphan rows of 6,600/);
        expect(screen).toMatch(/^✗ FAILED fact_2: customers foreign key resolves: 2 orphan rows of 6,600/m);
        expect(Math.max(...shown.map(columnsOf))).toBeLessThanOrEqual(columns);
      };
      check(await t.waitFor('i Inspect the output · Enter or q to exit'));
      t.keys('End');
      check(await t.waitFor('Catalog: out'));
      t.keys('c', 'Home', 'PageDown', 'PageDown');
      const listed = await t.waitFor(/✓ table_\d\d: rows read back/);
      check(listed);
      expect(listed).toContain('c folds the passed checks');
      t.keys('q');
    });
  }

  it("at 80x24 every step's title is on the first row, show-and-well's review included; NO_COLOR draws no colour", async () => {
    const t = start('titles', 80, 24, `env -u CI NO_COLOR=1 ${process.execPath} ${BIN}`);
    const titleIs = async (title: string) => {
      const screen = await t.waitFor(title);
      expect(screen.split('\n')[0]).toBe(title);
      expect(screen.replace(/\n$/, '').split('\n')).toHaveLength(24); // capture-pane prints every row
      // capture-pane -e keeps the escapes: bold and dim only, no colour (30-37, 38;5, 90-97 foregrounds).
      const raw = tmux('capture-pane', '-p', '-e', '-t', t.session);
      expect(raw).not.toMatch(/\u001b\[[0-9;]*(3[0-8]|9[0-7])(;[0-9;]*)?m/);
      return screen;
    };
    await titleIs('synthgen  What would you like to do?');
    t.keys('Enter');
    await titleIs('synthgen  step 1/7  Pick a scenario');
    t.keys('Down', 'Enter');
    await titleIs('synthgen  step 2/7  Parameters of show-and-well');
    t.keys('End', 'Enter');
    await titleIs('synthgen  step 3/7  Where should the data go?');
    t.keys('Enter');
    await t.waitFor('output path');
    t.keys('Enter');
    const review = await titleIs('synthgen  step 4/7  Review the plan');
    expect(review).toMatch(/^fact_signups +6,600 +\S+ KB$/m);
    expect(review).toMatch(/^\+ 4 smaller tables +43 +702 B$/m);
    expect(review).toMatch(/^total +32,631 +\S+ [KM]B {2}(under 1 s|about \d+ s)$/m);
    expect(review).toContain('❯ Start');
    expect(review).toContain('Change target');
  });

  it('with colours (no NO_COLOR), the same screens use them', async () => {
    const t = start('colour', 80, 24, `env -u CI -u NO_COLOR ${process.execPath} ${BIN}`);
    await t.waitFor('❯ New dataset');
    expect(tmux('capture-pane', '-p', '-e', '-t', t.session)).toMatch(/\u001b\[[0-9;]*(3[0-8]|9[0-7])(;[0-9;]*)?m/);
  });
});
