// The whole wizard in a real pseudo-terminal (tmux, 80x24), driven with
// send-keys as a person would, then the saved profile replayed headless: both
// outputs must be byte-identical.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run.js';
import { BIN, chars, startWizard, exitCodeOf, terminal, tmux, openSaasMetrics } from '../helpers/tmux.js';

const SESSION = `synthgen-e2e-${process.pid}`;

const { waitFor, keys } = terminal(SESSION, { history: true, join: false });
const FIELD = `synthgen-e2e-field-${process.pid}`;
const field = terminal(FIELD, { history: false, join: false });
/** The value the path field shows (its cursor is a trailing space at the end). */
const pathShown = (screen: string) => /^Path: (.*?) ?$/m.exec(screen)?.[1];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('wizard in a real terminal', () => {
  afterAll(() => {
    spawnSync('tmux', ['kill-session', '-t', SESSION]);
    spawnSync('tmux', ['kill-session', '-t', FIELD]);
  });

  it('a field takes a long value typed with no delays, a paste, and escape sequences cut between two reads, exactly', async () => {
    const cwd = tempDir();
    startWizard(FIELD, { cwd });
    await openSaasMetrics(field);
    field.keys('End', 'Enter');
    await field.waitFor('Where should the data go?');
    field.keys('Up', 'Enter');
    await field.waitFor('CSV folder: output path');

    // 70 characters in one burst, after Ctrl-U cleared the default.
    const long = 'output/a-rather-long-folder-name/for-the-fast-typing-test/level-3/x.csv';
    field.keys('C-u', ...chars(long));
    await field.waitFor((s) => pathShown(s) === long, 10_000);

    // A paste: tmux writes the buffer to the terminal in one go.
    const pasted = 'pasted/path with spaces/and-commas,semicolons;and:colons';
    field.keys('C-u');
    tmux('set-buffer', '-b', FIELD, pasted);
    tmux('paste-buffer', '-b', FIELD, '-d', '-t', FIELD);
    await field.waitFor((s) => pathShown(s) === pasted, 10_000);

    // F1 (ESC O P) and Left (ESC [ D) cut in two reads 200 ms apart: the P and the D are not text.
    field.keys('C-u', ...chars('Free:0.9'));
    await field.waitFor((s) => pathShown(s) === 'Free:0.9', 10_000);
    tmux('send-keys', '-t', FIELD, '-H', '1b', '4f');
    await sleep(200);
    field.keys('P', '!');
    await field.waitFor((s) => pathShown(s) === 'Free:0.9!', 10_000);
    tmux('send-keys', '-t', FIELD, '-H', '1b', '5b');
    await sleep(200);
    field.keys('D', 'x');
    await field.waitFor((s) => pathShown(s) === 'Free:0.9x!', 10_000);
    expect(pathShown(field.screen())).toBe('Free:0.9x!');
  });

  it('walks scenario -> parameters -> SQLite -> save -> run -> summary, and the profile replays byte-identically', async () => {
    expect(spawnSync('tmux', ['-V']).status, 'tmux must be installed (.ci/run installs it)').toBe(0);
    const cwd = tempDir();
    const exitFile = join(tempDir(), 'exit');
    startWizard(SESSION, { cwd, exitFile });

    await openSaasMetrics({ waitFor, keys });
    keys('Enter');
    await waitFor(/│ > 500 +│/); // the editor's box (the help under the list names the range too)
    // "500", three Backspaces and "1500" in one burst: gave "501500" or "5001500" before the fix.
    keys('BSpace', 'BSpace', 'BSpace', ...chars('1500'));
    await waitFor(/│ > 1500 +│/);
    keys('Enter');
    await waitFor(/customers\s+\*1500/);
    keys(...Array(10).fill('Down'), 'Enter');
    await waitFor('Where should the data go?');
    keys('Enter');
    await waitFor('SQLite file: output path');
    // Clear, type with an arrow key in the middle (an escape sequence inside the burst), then Enter.
    keys(...Array(25).fill('BSpace'), ...chars('wizard.b'), 'Left', 'd', 'Enter');
    const review = await waitFor('Review the plan');
    expect(review).toMatch(/customers\s+1,500/);
    expect(review).toContain('wizard.db');
    keys('Enter');
    await waitFor('Profile name (optional)');
    keys(...chars('e2e'), 'Enter');
    await waitFor('synthgen run --profile e2e');
    keys('Enter');
    const summary = await waitFor('Enter or q to exit', 60_000);
    expect(summary).toContain('Done, all checks passed');
    expect(summary).toContain('Created 1,500 customers across 24 months');
    expect(summary).toMatch(/Integrity checks: \d+ passed, 0 failed/);
    expect(summary.split('\n')[0]).toBe('synthgen  step 7/7  Done, all checks passed'); // the title on screen
    keys('Enter');
    expect(await exitCodeOf(exitFile)).toBe('0');

    expect(JSON.parse(readFileSync(join(cwd, '.synthgenrc.json'), 'utf8'))).toEqual({
      profiles: { e2e: { scenario: 'saas-metrics', seed: 42, params: { customers: 1500 }, target: 'sqlite', out: 'wizard.db' } },
    });
    const replay = spawnSync(process.execPath, [BIN, 'run', '--profile', 'e2e', '--out', 'replay.db'], { cwd, encoding: 'utf8' });
    expect(replay.status).toBe(0);
    expect(readFileSync(join(cwd, 'replay.db')).equals(readFileSync(join(cwd, 'wizard.db')))).toBe(true);
  });
});
