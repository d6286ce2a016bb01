// The wizard never strands the user (ink-testing-library): a path the run would
// refuse is refused where it is typed, in the wizard's words; a failed run goes
// back to the step that can fix it with every setting kept; a loaded profile
// keeps the keys the wizard does not show, when replayed and when saved again.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run.js';
import { KEY, startApp, until } from './harness.js';

type App = Awaited<ReturnType<typeof startApp>>;

const flat = (app: App) => app.frame().replace(/\s+/g, ' ');

/** From the start screen: saas-metrics with `customers`, then the path of the sqlite target (or csv one row up). */
async function toPath(app: App, customers: string, up = 0) {
  await app.press(KEY.enter, KEY.enter, KEY.enter, ...Array(12).fill(KEY.backspace));
  await app.type(customers);
  await app.press(KEY.enter, ...Array(10).fill(KEY.down), KEY.enter);
  await app.press(...Array(up).fill(KEY.up), KEY.enter);
}

async function typePath(app: App, path: string) {
  await app.press('\u0015'); // Ctrl-U: clear the field
  await app.type(path);
  await app.press(KEY.enter);
}

describe('the wizard never strands the user', () => {
  it('lists the targets with their labels in one column', async () => {
    const app = await startApp(tempDir(), { defaultPgUrl: () => 'postgres://ana@db.example:5432/sandbox' });
    await app.press(KEY.enter, KEY.enter, ...Array(10).fill(KEY.down), KEY.enter);
    const rows = app.frame().split('\n').filter((l) => /^[❯ ] \S/.test(l));
    expect(rows).toEqual([
      '  CSV folder         output/saas-metrics',
      '❯ SQLite file        data/saas_metrics.db',
      '  Parquet folder     data/saas_metrics_parquet',
      '  DuckDB file        data/saas_metrics.duckdb',
      '  PostgreSQL schema  postgres://ana@db.example:5432/sandbox schema raw',
    ]);
  });

  it('refuses on the target step, in its words, a path the run would refuse', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'README.md'), 'notes');
    const app = await startApp(cwd);
    await toPath(app, '120');
    await typePath(app, 'README.md/wiz.db');
    expect(app.frame()).toContain('✗ cannot write README.md/wiz.db: a parent is not a directory; choose a writable path');
    await typePath(app, 'README.md/deeper/wiz.db');
    expect(app.frame()).toContain('✗ cannot write README.md/deeper/wiz.db: a parent is not a directory; choose a writable path');
    await typePath(app, `${'n'.repeat(230)}.db`);
    expect(flat(app)).toContain('✗ the path name is 233 bytes ("nnnnnnnnnnnnnnnnnnnnnnnn…"); it can be at most 207 (the filesystem allows 255 and synthgen adds up to 48 for its temporary and manifest files); choose a shorter path');
    await typePath(app, 'postgres://me:secret@db/x');
    expect(flat(app)).toContain('✗ that is a database URL, not a path; to load into PostgreSQL press Esc and choose "PostgreSQL schema"');
    expect(app.frame()).not.toContain('--');
    await app.press(KEY.esc, KEY.up, KEY.enter); // the CSV folder onto a file
    await typePath(app, 'README.md');
    expect(app.frame()).toContain('✗ README.md is a file, not a folder; synthgen never replaces it; choose another path');
    await typePath(app, 'out');
    expect(app.frame()).toContain('Review the plan');
    expect(app.frame()).toContain('-> csv out');
  });

  it('after a failed run goes back to the step that can fix it, every setting kept, and the next run succeeds', async () => {
    const cwd = tempDir();
    const app = await startApp(cwd);
    await toPath(app, '120');
    await typePath(app, 'sub/x.db'); // fine now: sub would be created
    expect(app.frame()).toContain('-> sqlite sub/x.db');
    writeFileSync(join(cwd, 'sub'), 'a file where the folder would go');
    await app.press(KEY.enter, KEY.enter, KEY.enter); // Start, skip the save, Start the run
    await until(() => app.frame().includes('Run failed'), 'the failure', 20_000, app.frame);
    const failure = `cannot write ${join(cwd, 'sub/x.db')}: a parent is not a directory; choose a writable path`;
    expect(flat(app)).toContain(`✗ ${failure}`);
    expect(app.frame()).not.toContain('--out');
    expect(app.frame()).toMatch(/❯ Change the target \(path or connection\)\n {2}Change the parameters\n {2}Back to the review\n {2}Exit/);
    await app.press(KEY.esc);
    expect(app.frame()).toContain('SQLite file: output path');
    expect(app.frame()).toContain('Path: sub/x.db');
    expect(flat(app)).toContain(`✗ ${failure}`);
    await typePath(app, 'x.db');
    expect(app.frame()).toMatch(/customers\s+120\s/); // the parameters kept
    await app.press(KEY.enter, KEY.enter, KEY.enter);
    await until(() => app.frame().includes('Done, all checks passed'), 'the summary', 20_000, app.frame);
    await app.press(KEY.enter);
    expect(app.exitCode()).toBe(0);
    expect(existsSync(join(cwd, 'x.db'))).toBe(true);
  });

  it('the failed run offers every step back and exits 2 from its menu', async () => {
    const cwd = tempDir();
    const app = await startApp(cwd);
    await toPath(app, '30');
    await typePath(app, 'sub/x.db');
    writeFileSync(join(cwd, 'sub'), '');
    await app.press(KEY.enter, KEY.enter, KEY.enter);
    await until(() => app.frame().includes('Run failed'), 'the failure', 20_000, app.frame);
    await app.press(KEY.down, KEY.down, KEY.enter); // Back to the review
    expect(app.frame()).toContain('Review the plan');
    expect(app.frame()).toContain('-> sqlite sub/x.db');
    await app.press(KEY.enter, KEY.enter, KEY.enter);
    await until(() => app.frame().includes('Run failed'), 'the failure', 20_000, app.frame);
    await app.press(KEY.up, KEY.enter); // Exit
    expect(app.exitCode()).toBe(2);
  });

  it('a loaded profile keeps the keys the wizard does not show: replayed (the pipeline runs) and saved again', async () => {
    const cwd = tempDir();
    const churn = { scenario: 'saas-churn', seed: 42, params: { customers: 150 }, target: 'parquet', out: 'data/raw', pipeline: true, batchSize: 5000 };
    writeFileSync(join(cwd, '.synthgenrc.json'), JSON.stringify({ profiles: { churn } }));
    const app = await startApp(cwd);
    await until(() => app.frame().includes('Run a saved profile (1)'), 'the config to load', 20_000, app.frame);
    await app.press(KEY.down, KEY.enter, KEY.enter);
    expect(app.frame()).toContain('-> parquet data/raw');
    await app.press(KEY.enter); // Start
    await app.type('same');
    await app.press(KEY.enter);
    await until(() => app.frame().includes('✓ Saved profile'), 'the save', 20_000, app.frame);
    expect(app.frame()).toContain('synthgen run --profile same');
    const config = () => JSON.parse(readFileSync(join(cwd, '.synthgenrc.json'), 'utf8')).profiles;
    expect(config().same).toEqual(churn);
    await app.press(KEY.enter);
    await until(() => app.frame().includes('Done, all checks passed'), 'the summary', 30_000, app.frame);
    expect(app.frame()).toContain('Stage 2 SQL pipeline:');
    expect(app.frame()).toContain(`${join(cwd, 'data/analytics/churn_features.parquet')}: 150 rows`);
    expect(existsSync(join(cwd, 'data/staging/stg_customers.parquet'))).toBe(true);

    // Changed: only what the user changed differs.
    const edit = await startApp(cwd);
    await until(() => edit.frame().includes('Run a saved profile (2)'), 'the config to load', 20_000, edit.frame);
    await edit.press(KEY.down, KEY.enter, KEY.enter); // churn
    expect(flat(edit)).toContain('⚠ data/raw already exists (a synthgen parquet output of 4 files). Overwrite it?');
    await edit.press(KEY.down, KEY.enter); // Overwrite it: the profile gets force, the user's choice
    await edit.press(KEY.down, KEY.down, KEY.enter); // Change parameters
    await edit.press(KEY.enter, ...Array(12).fill(KEY.backspace));
    await edit.type('160');
    await edit.press(KEY.enter, KEY.esc); // saved; Esc goes back to the review it came from
    expect(edit.frame()).toContain('Review the plan');
    await edit.press(KEY.enter);
    await edit.type('changed');
    await edit.press(KEY.enter);
    await until(() => edit.frame().includes('✓ Saved profile'), 'the save', 20_000, edit.frame);
    expect(config().changed).toEqual({ ...churn, params: { customers: 160 }, force: true });
    expect(config().churn).toEqual(churn);
  });
});
