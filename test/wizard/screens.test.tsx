import Database from 'better-sqlite3';
import { act } from 'react';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios/index.js';
import { withOrphan } from '../helpers/corrupt.js';
import { runCli } from '../helpers/binary.js';
import { tempDir } from '../helpers/run.js';
import { flush, KEY, startApp, until } from './harness.js';

type App = Awaited<ReturnType<typeof startApp>>;

/** From the start screen to the parameters of saas-metrics. */
async function toParams(app: App) {
  await app.press(KEY.enter, KEY.enter);
  expect(app.frame()).toContain('Parameters of saas-metrics');
}

/** Edits the highlighted parameter: clears its value and types a new one. */
async function setValue(app: App, text: string) {
  await app.press(KEY.enter);
  await app.press(...Array(12).fill(KEY.backspace));
  await app.type(text);
  await app.press(KEY.enter);
}

/** From the parameters (cursor on customers) with customers=N to the review screen. */
async function toReview(app: App, customers: string, target: 'csv' | 'sqlite', out: string) {
  await setValue(app, customers);
  await app.press(...Array(10).fill(KEY.down), KEY.enter); // Continue
  expect(app.frame()).toContain('Where should the data go?');
  // The scenario's default target (sqlite) is highlighted first; csv is above it.
  if (target === 'csv') await app.press(KEY.up);
  await app.press(KEY.enter);
  await app.press(...Array(40).fill(KEY.backspace));
  await app.type(out);
  await app.press(KEY.enter);
}

/** Every line of the summary: the passed checks listed (c), the window paged from the top to the end. */
async function wholeSummary(app: App): Promise<string> {
  await app.press('c', '\u001B[H');
  const seen = [app.frame()];
  for (let i = 0; i < 20 && !/lines \d+-(\d+) of \1,/.test(app.frame()); i++) {
    await app.press('\u001B[6~');
    seen.push(app.frame());
  }
  return seen.join('\n');
}

describe('wizard screens', () => {

  it('starts with new dataset / saved profile and lists scenarios with tables and size', async () => {
    // "(none saved yet)" only once the config has been read: until then the screen says it is looking.
    let read!: (c: null) => void;
    const app = await startApp(tempDir(), { loadProfiles: () => new Promise((r) => (read = r)) });
    expect(app.frame()).toContain('❯ New dataset');
    expect(app.frame()).toContain('Run a saved profile (looking for profiles…)');
    expect(app.ui.frames.join('\n')).not.toContain('none saved yet');
    await act(async () => read(null));
    await flush();
    expect(app.frame()).toContain('Run a saved profile (none saved yet)');
    await app.press(KEY.enter);
    expect(app.frame()).toContain('Pick a scenario');
    expect(app.frame()).toContain('tables: customers, subscriptions, mrr_movements · about 1,172 rows by default');
    await app.press(KEY.enter);
    expect(app.frame()).toMatch(/❯ customers\s+500\s+number of customers/);
    expect(app.frame()).toMatch(/seed\s+42\s+random seed/);
  });

  it('refuses an invalid value in place with the CLI message, then accepts a valid one', async () => {
    const app = await startApp(tempDir());
    await toParams(app);
    await setValue(app, '0');
    expect(app.frame()).toContain('✗ customers must be an integer from 1 to 20000000, got "0"');
    expect(app.frame()).toContain('an integer from 1 to 20000000'); // still editing
    await app.press(KEY.backspace);
    await app.type('750');
    await app.press(KEY.enter);
    expect(app.frame()).not.toContain('✗');
    expect(app.frame()).toMatch(/❯ customers\s+\*750\s/);
    // end_date before start_date: the cross-parameter rule, same words as the CLI
    await app.press(KEY.down, KEY.down, KEY.down);
    await setValue(app, '2022-01-01');
    expect(app.frame()).toContain('✗ end_date 2022-01-01 is before start_date 2023-01-01; set an end_date on or after the start');
    await app.press(KEY.esc);
    expect(app.frame()).toMatch(/end_date\s+\(none\)/);
    // r resets the highlighted parameter; "Reset all" resets everything
    await app.press(KEY.up, KEY.up, KEY.up);
    await app.type('r');
    expect(app.frame()).toMatch(/❯ customers\s+500\s/);
    await setValue(app, '900');
    // "Reset all to defaults" asks first: Esc or No keeps every value, Yes resets them.
    await app.press(...Array(9).fill(KEY.down), KEY.enter);
    expect(app.frame()).toContain('⚠ Reset every parameter and the seed to the defaults?');
    expect(app.frame()).toContain('❯ No, keep my values');
    await app.press(KEY.esc);
    expect(app.frame()).not.toContain('⚠ Reset');
    expect(app.frame()).toMatch(/customers\s+\*900\s/);
    expect(app.frame()).toContain('Parameters of saas-metrics'); // Esc closed the question, not the step
    await app.press(KEY.enter, KEY.enter); // the question, "No"
    expect(app.frame()).toMatch(/customers\s+\*900\s/);
    await app.press(KEY.enter, KEY.down, KEY.enter); // the question, "Yes"
    expect(app.frame()).toMatch(/customers\s+500\s/);
  });

  it('applies every key typed into a field, in order, however fast they come', async () => {
    const app = await startApp(tempDir());
    await toParams(app);
    await app.press(KEY.enter);
    // One read holding seven keys, as a loaded machine or a paste delivers them.
    await app.press(`${KEY.backspace.repeat(3)}1500`);
    expect(app.frame()).toMatch(/> 1500/);
    // Keys in separate reads, all before React renders again: each must see the one before it.
    await act(async () => {
      for (const k of [KEY.backspace, KEY.left, KEY.left, '9', KEY.enter]) app.ui.stdin.write(k);
    });
    await flush();
    expect(app.frame()).toMatch(/❯ customers\s+\*1950\s/);
  });

  it('moves through a menu once per key, however fast they come', async () => {
    const app = await startApp(tempDir());
    // Enter, Enter, ten Downs and Enter in one read: the last item of the parameters (Continue).
    await app.press(`${KEY.enter}`);
    await app.press(`${KEY.enter}`);
    await app.press(`${KEY.down.repeat(10)}${KEY.enter}`);
    expect(app.frame()).toContain('Where should the data go?');
    // Separate reads before React renders again: each Up starts where the one before it ended.
    await act(async () => {
      for (const k of [KEY.up, KEY.up, KEY.enter]) app.ui.stdin.write(k);
    });
    await flush();
    expect(app.frame()).toContain('PostgreSQL schema: connection'); // sqlite -> csv -> (wraps) postgres
  });

  it('goes back with Esc from every step before the run', async () => {
    const app = await startApp(tempDir());
    await toParams(app);
    await toReview(app, '100', 'csv', 'out');
    expect(app.frame()).toContain('Review the plan');
    await app.press(KEY.esc);
    expect(app.frame()).toContain('Where should the data go?');
    expect(app.frame()).toContain('❯ CSV folder         out');
    await app.press(KEY.enter);
    expect(app.frame()).toContain('CSV folder: output path');
    await app.press(KEY.esc);
    expect(app.frame()).toContain('Where should the data go?');
    await app.press(KEY.esc);
    expect(app.frame()).toMatch(/❯ customers\s+\*100\s/); // values kept
    await app.press(KEY.esc);
    expect(app.frame()).toContain('Pick a scenario');
    await app.press(KEY.esc);
    expect(app.frame()).toContain('❯ New dataset');
  });

  it('an earlier synthgen output needs an explicit overwrite that says what it replaces; anything else is refused where the path is typed', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'mine.db'), 'precious');
    expect(runCli(cwd, ['run', '--scenario', 'saas-metrics', '--set', 'customers=20', '--out', 'gen.db']).status).toBe(0);
    const gen = readFileSync(join(cwd, 'gen.db'));
    const app = await startApp(cwd);
    await toParams(app);
    await toReview(app, '100', 'sqlite', 'mine.db');
    // The CLI's --force rule: a file synthgen did not write is never replaced.
    expect(app.frame()).toContain('mine.db is a file that is not a SQLite database; synthgen never replaces it; choose another path');
    expect(app.frame()).not.toContain('Overwrite it?');
    await app.press(...Array(40).fill(KEY.backspace));
    await app.type('gen.db');
    await app.press(KEY.enter);
    expect(app.frame()).toContain('⚠ gen.db already exists (a synthgen sqlite output). Overwrite it?');
    await app.press(KEY.enter); // No, choose another path
    expect(app.frame()).toContain('Path: gen.db');
    expect(app.frame()).not.toContain('already exists');
    await app.press(KEY.enter, KEY.down, KEY.enter); // Overwrite it
    expect(app.frame()).toContain('Review the plan');
    expect(app.frame()).toContain('-> sqlite gen.db (replaces the existing output)');
    expect(app.frame()).toMatch(/customers\s+100\s/);
    expect(readFileSync(join(cwd, 'mine.db'), 'utf8')).toBe('precious');
    expect(readFileSync(join(cwd, 'gen.db')).equals(gen)).toBe(true);
  });

  it('saves a profile into the existing config, keeping its other profiles and keys', async () => {
    const cwd = tempDir();
    const before = { theme: 'dark', profiles: { other: { scenario: 'saas-metrics', seed: 7, target: 'csv', out: 'elsewhere' } } };
    writeFileSync(join(cwd, '.synthgenrc.json'), JSON.stringify(before, null, 2));
    const app = await startApp(cwd);
    await until(() => app.frame().includes('Run a saved profile (1)'), 'the config to load', 20_000, app.frame);
    await toParams(app);
    await toReview(app, '120', 'sqlite', 'data/qa.db');
    await app.press(KEY.enter); // Start
    expect(app.frame()).toContain('Profile name (optional)');
    await app.type('qa');
    await app.press(KEY.enter);
    await until(() => app.frame().includes('✓ Saved profile'), 'the save', 20_000, app.frame);
    expect(app.frame()).toContain(`✓ Saved profile "qa" in ${join(cwd, '.synthgenrc.json')}`);
    expect(app.frame()).toContain('synthgen run --profile qa');
    const after = JSON.parse(readFileSync(join(cwd, '.synthgenrc.json'), 'utf8'));
    expect(after).toEqual({
      theme: 'dark',
      profiles: { ...before.profiles, qa: { scenario: 'saas-metrics', seed: 42, params: { customers: 120 }, target: 'sqlite', out: 'data/qa.db' } },
    });
  });

  it('runs with bars reaching 100% and ends on the summary; a saved profile replays from the start screen', async () => {
    const cwd = tempDir();
    const app = await startApp(cwd);
    await toParams(app);
    await toReview(app, '300', 'sqlite', 'out.db');
    expect(app.frame()).toMatch(/customers\s+300\s/);
    await app.press(KEY.enter); // Start
    await app.type('nightly');
    await app.press(KEY.enter);
    await until(() => app.frame().includes('✓ Saved profile'), 'the save', 20_000, app.frame);
    await app.press(KEY.enter); // Start the run
    await until(() => app.frame().includes('Done, all checks passed'), 'the summary', 20_000, app.frame);
    const frames = app.ui.frames.join('\n');
    expect(frames).toMatch(/tables\s+█+ 100%/);
    expect(frames).toMatch(/customers\s+█+ 100% ✓ 300 rows in/);
    expect(app.frame()).toMatch(/Integrity checks: \d+ passed, 0 failed/);
    expect(app.frame()).not.toContain('✓ PRAGMA'); // the passed checks are one count until c lists them
    const summary = await wholeSummary(app);
    expect(summary).toMatch(/customers\s+300 rows/);
    expect(summary).toContain('Created 300 customers across 24 months (2023-01 to 2024-12)');
    expect(summary).toContain('Current MRR (Month 24)');
    expect(summary).toContain('Cohort Retention Analysis:');
    expect(summary).toMatch(/Integrity checks: \d+ passed, 0 failed/);
    expect(summary).toContain('✓ PRAGMA foreign_key_check: 0 violations');
    expect(summary).toContain('Output: out.db');
    await app.press(KEY.enter);
    expect(app.exitCode()).toBe(0);
    const db = new Database(join(cwd, 'out.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM customers').get()).toEqual({ n: 300 });
    db.close();

    const again = await startApp(cwd);
    await until(() => again.frame().includes('Run a saved profile (1)'), 'the config to load', 20_000, again.frame);
    await again.press(KEY.down, KEY.enter);
    expect(again.frame()).toContain('nightly: saas-metrics -> sqlite out.db');
    await again.press(KEY.enter);
    expect(again.frame()).toContain('⚠ out.db already exists (a synthgen sqlite output). Overwrite it?');
  });

  it('shows a failed check in the summary and exits 1', async () => {
    const bad = withOrphan();
    const app = await startApp(tempDir(), { scenarios: [bad, ...SCENARIOS] });
    await app.press(KEY.enter, KEY.enter);
    expect(app.frame()).toContain('Parameters of saas-orphan');
    await toReview(app, '500', 'csv', 'out');
    await app.press(KEY.enter, KEY.enter, KEY.enter); // Start, skip save, Start the run
    await until(() => app.frame().includes('FAILED'), 'the summary', 20_000, app.frame);
    expect(app.frame()).toMatch(/Done, \d check\(s\) FAILED/);
    expect(app.frame()).toMatch(/✗ FAILED subscriptions: customers foreign key resolves: 1 orphan subscriptions of \d+/);
    await app.press(KEY.enter);
    expect(app.exitCode()).toBe(1);
  });

  it('Esc during the run cancels: exit 130 and nothing under the output name', async () => {
    const cwd = tempDir();
    const app = await startApp(cwd);
    await toParams(app);
    await toReview(app, '2000000', 'sqlite', 'big.db');
    await app.press(KEY.enter, KEY.enter); // Start, skip save
    // Start the run and cancel it at once, outside act: act flushes every progress
    // update, so a key pressed inside act would only arrive after the whole run.
    const g = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
    g.IS_REACT_ACT_ENVIRONMENT = false; // these updates are knowingly outside act
    try {
      app.pressRaw(KEY.enter, KEY.esc);
      await until(() => app.frame().includes('Cancelled'), 'the cancel', 20_000, app.frame);
    } finally {
      g.IS_REACT_ACT_ENVIRONMENT = true;
    }
    await until(() => app.frame().includes('Cancelled'), 'the cancel', 20_000, app.frame);
    expect(app.ui.frames.join('\n')).toContain('Generating into big.db');
    expect(app.frame()).toContain('Cancelled: nothing was written under big.db.');
    await app.press(KEY.enter);
    expect(app.exitCode()).toBe(130);
    expect(existsSync(join(cwd, 'big.db'))).toBe(false);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
