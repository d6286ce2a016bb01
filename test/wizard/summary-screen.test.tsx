// The summary screen in terminals of 80x24 and 120x40 (issue #14): failed checks first and
// always on screen, passed checks as one count that c lists, the rest scrolled in a window,
// nothing wider than the terminal, the title on the first row. The run is a stand-in that
// returns a summary with many checks, headlines and tables (the real runner's: screens.test.tsx).
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/engine/runner.js';
import { summaryLayout } from '../../src/wizard/summaryView.js';
import { wrapText } from '../../src/wizard/wrap.js';
import { tempDir } from '../helpers/run.js';
import { KEY, startApp, until } from './harness.js';
import { tallSummary } from './tall-summary.js';

const PAGE_DOWN = '\u001B[6~';
const END = '\u001B[F';
const HOME = '\u001B[H';

/** From the start screen to the summary of a stand-in run returning `summary`. */
async function toSummary(summary: RunSummary, size: { columns: number; rows: number }) {
  const app = await startApp(tempDir(), { run: async () => summary }, size);
  await app.press(KEY.enter, KEY.enter, END, KEY.enter); // new dataset, saas-metrics, Continue
  await app.press(KEY.up, KEY.enter, KEY.enter); // CSV folder, its default path
  await app.press(KEY.enter, KEY.enter, KEY.enter); // Start, skip saving, Start the run
  await until(() => app.frame().includes('Done,'), 'the summary', 10_000, app.frame);
  return app;
}

const rowsOf = (frame: string) => frame.split('\n');
const widest = (frame: string) => Math.max(...rowsOf(frame).map((r) => [...r].length));

describe('summary screen', () => {
  for (const [columns, rows] of [
    [80, 24],
    [120, 40],
  ] as const) {
    it(`at ${columns}x${rows}: the title on the first row, the failed checks under it whatever is scrolled, nothing wider or taller than the terminal`, async () => {
      const app = await toSummary(tallSummary(), { columns, rows });
      const check = (frame: string) => {
        const r = rowsOf(frame);
        expect(r[0]).toBe('synthgen  step 7/7  Done, 2 check(s) FAILED');
        expect(r[2]).toBe('Integrity checks: 40 passed, 2 failed');
        expect(r[3]).toBe(wrapText('✗ FAILED fact_1: customers foreign key resolves: 1 orphan rows of 6,600, the first at row 4,012 (customer_id 99999 is not in customers)', columns, '  ')[0]);
        expect(frame).toContain('fact_2: customers foreign key resolves: 2 orphan rows');
        expect(r.length).toBeLessThanOrEqual(rows - 1);
        expect(widest(frame)).toBeLessThanOrEqual(columns);
        expect(r[r.length - 1]).toBe('i Inspect the output · Enter or q to exit');
      };
      check(app.frame());
      expect(app.frame()).toContain('Headline 1: revenue $1000');
      expect(app.frame()).not.toContain('✓ table_01'); // passed checks: one count
      expect(app.frame()).toMatch(/lines 1-\d+ of \d+, ↑↓ PgUp PgDn scroll · c lists the passed checks/);
      // To the end: where the output went; the failures still on top.
      await app.press(END);
      check(app.frame());
      expect(app.frame()).toContain('  ✓ 40 checks passed (and 1 for information): c lists them');
      expect(app.frame()).toContain('Output: output/saas-metrics (469 KB, 1.50 s)');
      expect(app.frame()).toContain('Catalog: out/CATALOG.md');
      // c lists the passed checks, one per line, and the window scrolls through them.
      await app.press('c');
      check(app.frame());
      await app.press(HOME, ...Array(3).fill(PAGE_DOWN));
      check(app.frame());
      expect(app.frame()).toMatch(/✓ table_\d\d: rows read back/);
      await app.press(END);
      expect(app.frame()).toContain('  i seed reference: the seed reports 1,100 signups a month');
      expect(app.frame()).toContain('c folds the passed checks');
      await app.press('c');
      expect(app.frame()).not.toMatch(/✓ table_\d\d/);
      // i still opens the inspect screen and Esc comes back; q exits 1 (a check failed).
      await app.press(END);
      const scrolled = app.frame();
      await app.press('i');
      expect(rowsOf(app.frame())[0]).toBe('synthgen  Inspect output/saas-metrics');
      await app.press(KEY.esc);
      check(app.frame());
      expect(app.frame()).toBe(scrolled); // back where it was
      await app.press('q');
      expect(app.exitCode()).toBe(1);
    });
  }

  it('all checks passed: the count on top, the window scrolls; a resize lays it out again', async () => {
    const app = await toSummary(tallSummary(0), { columns: 120, rows: 40 });
    expect(rowsOf(app.frame())[0]).toBe('synthgen  step 7/7  Done, all checks passed');
    expect(rowsOf(app.frame())[2]).toBe('Integrity checks: 40 passed, 0 failed');
    expect(rowsOf(app.frame()).length).toBeLessThanOrEqual(39);
    await app.resize(80, 24);
    expect(rowsOf(app.frame())[0]).toBe('synthgen  step 7/7  Done, all checks passed');
    expect(rowsOf(app.frame()).length).toBeLessThanOrEqual(23);
    expect(widest(app.frame())).toBeLessThanOrEqual(80);
    await app.press('j', 'j');
    expect(app.frame()).toMatch(/lines 3-\d+ of \d+/);
  });

  it('more failures than rows: as many as fit stay on top, the rest go first in the window', () => {
    const layout = summaryLayout(tallSummary(12), 'out', { top: 0, expanded: false }, 80, 24);
    expect(layout.pinned.length + layout.height + layout.footer.length).toBe(18); // 24 rows - title, hint, blank lines and one row free
    expect(layout.footer).toEqual([[{ text: 'Output: out (469 KB, 1.50 s)' }]]);
    expect(layout.pinned[layout.pinned.length - 1]![0]!.text).toMatch(/^ {2}… \d+ more lines of failures below$/);
    expect(layout.body[0]![0]!.style).toBe('bad');
    expect(layout.height).toBeGreaterThanOrEqual(3);
  });

  it('wraps at words, indents continuations, cuts only a word longer than a line', () => {
    expect(wrapText('✗ FAILED a: one two three', 12, '  ')).toEqual(['✗ FAILED a:', '  one two', '  three']);
    expect(wrapText('  ✓ abcdefghijkl', 8, '    ')).toEqual(['  ✓', '    abcd', '    efgh', '    ijkl']);
    expect(wrapText('short', 80)).toEqual(['short']);
    expect(wrapText('', 80)).toEqual(['']);
  });
});
