// The parameters screen in a terminal of 80x24 (issue #14): the list stops at its ends (Up on
// the first parameter stays there, so Continue never shows above it), the highlighted
// parameter's whole help is under the list, wrapped, and the layout follows a resize.
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run.js';
import { KEY, startApp } from './harness.js';

const END = '\u001B[F';
const rowsOf = (frame: string) => frame.split('\n');
const widest = (frame: string) => Math.max(...rowsOf(frame).map((r) => [...r].length));

describe('parameters screen', () => {
  it('stops at both ends of the list, shows the whole help of the highlighted parameter, and lays itself out again on a resize', async () => {
    const app = await startApp(tempDir(), {}, { columns: 80, rows: 24 });
    await app.press(KEY.enter, KEY.down, KEY.down, KEY.enter); // saas-churn
    expect(rowsOf(app.frame())[0]).toBe('synthgen  step 2/7  Parameters of saas-churn');
    expect(rowsOf(app.frame())[2]).toMatch(/^❯ customers +100000 +number of customers$/);
    await app.press(KEY.up, KEY.up, 'k');
    expect(rowsOf(app.frame())[2]).toMatch(/^❯ customers /);
    // Continue (the list fits here) stays below the parameters.
    const at = (what: RegExp) => rowsOf(app.frame()).findIndex((r) => what.test(r));
    expect(at(/Continue →/)).toBeGreaterThan(at(/^❯ customers /));
    expect(at(/Continue →/)).toBe(at(/Reset all to defaults…/) + 1);
    expect(app.frame()).toContain('customers: number of customers (an integer from 1 to 50000000)');

    // base_retention's help is cut in its row at 80 columns, whole under the list.
    await app.press(KEY.down, KEY.down, KEY.down, KEY.down, KEY.down);
    expect(app.frame()).toMatch(/^❯ base_retention .*…$/m);
    const help = rowsOf(app.frame()).filter((r) => r.startsWith('base_retention:') || r.startsWith('  '));
    expect(help.join(' ').replace(/ +/g, ' ')).toContain('base_retention: share still engaged 180 days after signup, per plan (exponential decay)');
    expect(widest(app.frame())).toBeLessThanOrEqual(80);
    expect(rowsOf(app.frame()).length).toBeLessThanOrEqual(23);

    // The last item: Continue; Down stays there.
    await app.press(END, KEY.down, 'j');
    expect(app.frame()).toContain('❯ Continue →');
    expect(rowsOf(app.frame()).length).toBeLessThanOrEqual(23);

    // Taller and wider: more of the list, the rows cut later; smaller again: it fits again.
    await app.resize(120, 40);
    expect(app.frame()).toMatch(/^ {2}customers +100000 +number of customers$/m);
    expect(app.frame()).toContain('❯ Continue →');
    expect(app.frame()).toMatch(/^ {2}prices +Basic:29,Pro:99,Enterprise:499 +price per bill \(about every 13 days\) per paid plan, USD$/m);
    await app.resize(60, 20);
    expect(rowsOf(app.frame())[0]).toBe('synthgen  step 2/7  Parameters of saas-churn');
    expect(rowsOf(app.frame()).length).toBeLessThanOrEqual(19);
    expect(widest(app.frame())).toBeLessThanOrEqual(60);
  });
});
