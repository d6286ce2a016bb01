// The summary's "Inspect the output" (issue #13): the wizard draws the report's lines as
// `synthgen inspect` does, from a hand-made report here (the real one: inspect.e2e.test.ts).
import { describe, expect, it } from 'vitest';
import type { InspectReport } from '../../src/inspect/model.js';
import { overviewLines, tableLines, type Line } from '../../src/inspect/render.js';
import { tempDir } from '../helpers/run.js';
import { fixture } from './inspect-fixture.js';
import { KEY, startApp, until } from './harness.js';

const PAGE_DOWN = '\u001B[6~';
const PAGE_UP = '\u001B[5~';
const HOME = '\u001B[H';
const END = '\u001B[F';
/** ink-testing-library's terminal: 100 columns, no rows (the screen takes 24): 19 body rows. */
const WIDTH = 100;
const HEIGHT = 19;

const text = (line: Line) => line.map((s) => s.text).join('');
/** The screen's rows between the title (and its blank line) and the blank line before the hint. */
const body = (frame: string) => frame.split('\n').slice(2, -2);
/** Ink ends every row where its last character is; an empty line is drawn as one space. */
const shown = (lines: Line[], top: number) => lines.slice(top, top + HEIGHT).map((l) => text(l).trimEnd());

/** A small saas-metrics run to a CSV folder, through the wizard, to its summary. */
async function toSummary(inspect: (target: string, out: string) => Promise<InspectReport>) {
  const app = await startApp(tempDir(), { inspect });
  await app.press(KEY.enter, KEY.enter, KEY.enter);
  await app.press(...Array(12).fill(KEY.backspace));
  await app.type('20');
  await app.press(KEY.enter, ...Array(10).fill(KEY.down), KEY.enter); // customers=20, Continue
  await app.press(KEY.up, KEY.enter); // CSV folder
  await app.press(...Array(40).fill(KEY.backspace));
  await app.type('out');
  await app.press(KEY.enter, KEY.enter, KEY.enter, KEY.enter); // path, Start, skip save, Start the run
  await until(() => app.frame().includes('Done, all checks passed'), 'the summary', 20_000, app.frame);
  return app;
}

describe('wizard inspect screen', () => {
  it('lists the overview and the tables, shows each one\'s lines, scrolls them, and Esc goes back twice to the summary', async () => {
    const calls: string[][] = [];
    const app = await toSummary(async (target, out) => {
      calls.push([target, out]);
      return fixture;
    });
    expect(app.frame()).toContain('i Inspect the output · Enter or q to exit');

    await app.press('i');
    expect(calls).toEqual([['csv', 'out']]);
    expect(app.frame().split('\n')[0]).toBe('synthgen  Inspect out');
    expect(body(app.frame())).toEqual(['❯ Overview', '  customers         40 rows  8 columns', '  subscriptions  1,234 rows  2 columns']);
    expect(app.frame()).toContain('↑↓ move · Enter shows the entry · Esc back to the summary');

    // The overview: all of it fits.
    await app.press(KEY.enter);
    expect(app.frame().split('\n')[0]).toBe('synthgen  Inspect out · Overview');
    expect(body(app.frame())).toEqual([
      '/tmp/fixture/out',
      'csv, 2 tables, 1,274 rows, 4.0 KB, inspected in 0.0 s',
      'No synthgen manifest: no expected rows, checks or file hashes to compare with.',
      '',
      'Tables            rows    size  cols',
      '  customers         40  2.0 KB     8',
      '  subscriptions  1,234  2.0 KB     2',
      '! Hazards in 1 column (under each table): customers.country',
      '',
      'Relationships: orphans, and children per parent (min mean max)',
      '  subscriptions.customer_id -> customers.customer_id (manifest)',
      '    orphans 0  per parent 18 30.85 44  ▂ ▄▂▅▄▇▅█▄▅▄▂▅▄▂▂ ▄▄',
      '',
      '✓ No orphans.',
    ]);
    expect(body(app.frame())).toEqual(shown(overviewLines(fixture, WIDTH), 0));
    expect(app.frame()).not.toContain('lines 1-');
    await app.press(KEY.esc);
    expect(body(app.frame())[0]).toBe('❯ Overview');

    // customers: more lines than rows, scrolled by line, page, Home and End.
    await app.press(KEY.down);
    expect(body(app.frame()).slice(0, 2)).toEqual(['  Overview', '❯ customers         40 rows  8 columns']);
    await app.press(KEY.enter);
    const lines = tableLines(fixture, fixture.tables[0]!, WIDTH);
    const n = lines.length;
    expect(n).toBe(43);
    expect(app.frame().split('\n')[0]).toBe('synthgen  Inspect out · customers');
    expect(body(app.frame())).toEqual(shown(lines, 0));
    expect(body(app.frame()).slice(0, 5)).toEqual(['customers', '40 rows, 8 columns, 2.0 KB', 'rows per month (signup_date) 2023-01 █▇█▆▅▅ 2023-06', '', 'customer_id  INTEGER        nulls 0.0%  distinct 40']);
    expect(app.frame()).toContain(`lines 1-19 of ${n} · ↑↓ PgUp PgDn Home End scroll · Esc back to the list`);
    await app.press(KEY.up); // already at the top
    expect(body(app.frame())).toEqual(shown(lines, 0));
    await app.press(KEY.down, KEY.down);
    expect(body(app.frame())).toEqual(shown(lines, 2));
    expect(app.frame()).toContain(`lines 3-21 of ${n}`);
    await app.press(PAGE_DOWN);
    expect(body(app.frame())).toEqual(shown(lines, 20)); // a page keeps one line of the last one
    await app.press(PAGE_UP, PAGE_UP);
    expect(body(app.frame())).toEqual(shown(lines, 0));
    await app.press(END);
    expect(body(app.frame())).toEqual(shown(lines, n - HEIGHT));
    expect(body(app.frame()).slice(-3)).toEqual([
      'Relationships: orphans, and children per parent (min mean max)',
      '  subscriptions.customer_id -> customers.customer_id (manifest)',
      '    orphans 0  per parent 18 30.85 44  ▂ ▄▂▅▄▇▅█▄▅▄▂▅▄▂▂ ▄▄',
    ]);
    expect(app.frame()).toContain(`lines ${n - HEIGHT + 1}-${n} of ${n}`);
    await app.press(KEY.down, PAGE_DOWN); // already at the end
    expect(body(app.frame())).toEqual(shown(lines, n - HEIGHT));
    await app.press(HOME);
    expect(body(app.frame())).toEqual(shown(lines, 0));

    // Esc: the list (customers still highlighted), Esc: the summary; in again: the same report, not computed again.
    await app.press(KEY.esc);
    expect(body(app.frame()).slice(0, 2)).toEqual(['  Overview', '❯ customers         40 rows  8 columns']);
    await app.press(KEY.esc);
    expect(app.frame()).toContain('Done, all checks passed');
    expect(app.frame()).toContain('i Inspect the output · Enter or q to exit');
    await app.press('i');
    expect(body(app.frame())[1]).toBe('  customers         40 rows  8 columns');
    expect(calls).toHaveLength(1);
    await app.press(KEY.esc);
    expect(app.frame()).toContain('Done, all checks passed');
    expect(app.exitCode()).toBe(null);
    await app.press('q');
    expect(app.exitCode()).toBe(0);
  });

  it('says what it is inspecting until the report is there; a failure is one line, Esc goes back and i tries again', async () => {
    let fail!: (e: Error) => void;
    let calls = 0;
    const app = await toSummary(
      () =>
        new Promise<InspectReport>((resolve, reject) => {
          calls++;
          if (calls === 1) fail = reject;
          else resolve(fixture);
        }),
    );
    await app.press('i');
    expect(body(app.frame())).toEqual(['Inspecting out…']);
    expect(app.frame()).toContain('Esc back to the summary');
    await app.press(KEY.down, KEY.enter, 'i'); // nothing to move in yet
    expect(body(app.frame())).toEqual(['Inspecting out…']);
    fail(new Error('out is not a dataset synthgen inspect can read'));
    await until(() => app.frame().includes('✗'), 'the failure', 5_000, app.frame);
    expect(body(app.frame())).toEqual(['✗ out is not a dataset synthgen inspect can read']);
    await app.press(KEY.esc);
    expect(app.frame()).toContain('Done, all checks passed');
    await app.press('i');
    await until(() => app.frame().includes('Overview'), 'the report', 5_000, app.frame);
    expect(calls).toBe(2);
    expect(body(app.frame())[0]).toBe('❯ Overview');
  });
});
