// The wizard's flow as a pure reducer: no terminal needed.
import { describe, expect, it } from 'vitest';
import { barPlatform } from '../../scenarios/bar-platform/index.js';
import { saasMetrics } from '../../scenarios/saas-metrics/index.js';
import { showAndWell } from '../../scenarios/show-and-well/index.js';
import type { RunSummary } from '../../src/engine/runner.js';
import type { InspectReport } from '../../src/inspect/model.js';
import { initialState, reducer, type Action, type WizardState } from '../../src/wizard/state.js';
import { commandOf, profileOf, sessionProfile } from '../../src/wizard/replay.js';

const apply = (state: WizardState, ...actions: Action[]) => actions.reduce(reducer, state);
const chosen = () =>
  apply(initialState, { type: 'new' }, { type: 'choose-scenario', scenario: saasMetrics, defaultOut: (t) => (t === 'csv' ? 'output/saas-metrics' : 'data/saas_metrics.db') });

describe('wizard state', () => {
  it('choosing a scenario fills its defaults, seed, target and path', () => {
    const s = chosen();
    expect(s.step).toBe('params');
    expect(s.trail).toEqual(['start', 'scenario']);
    expect(s.values).toMatchObject({ customers: 500, months: 24, start_date: '2023-01-01', end_date: null, churn_rate: 0.055, prefix: '' });
    expect([s.seed, s.target, s.out]).toEqual([42, 'sqlite', 'data/saas_metrics.db']);
  });

  it('refuses a bad value with the headless message and keeps the old one', () => {
    const s = apply(chosen(), { type: 'edit', name: 'customers' }, { type: 'set-param', name: 'customers', raw: 'lots' });
    expect(s.error).toBe('customers must be an integer from 1 to 20000000, got "lots"');
    expect(s.editing).toBe('customers');
    expect(s.values.customers).toBe(500);
    const ok = reducer(s, { type: 'set-param', name: 'customers', raw: '1200' });
    expect([ok.error, ok.editing, ok.values.customers]).toEqual([null, null, 1200]);
    const seed = reducer(ok, { type: 'set-param', name: 'seed', raw: '-1' });
    expect(seed.error).toBe('seed must be an integer from 0 to 4294967295, got "-1"');
    expect(reducer(ok, { type: 'set-param', name: 'seed', raw: '7' }).seed).toBe(7);
  });

  it('resets one parameter or all of them', () => {
    let s = apply(chosen(), { type: 'set-param', name: 'customers', raw: '9' }, { type: 'set-param', name: 'prefix', raw: 'x_' }, { type: 'set-param', name: 'seed', raw: '5' });
    s = reducer(s, { type: 'reset-param', name: 'customers' });
    expect([s.values.customers, s.values.prefix, s.seed]).toEqual([500, 'x_', 5]);
    // "Reset all" asks first: Esc (back) or "No" (cancel-edit) keep every value and the step.
    s = reducer(s, { type: 'ask-reset-all' });
    expect([s.step, s.confirmReset]).toEqual(['params', true]);
    const kept = reducer(s, { type: 'back' });
    expect([kept.step, kept.confirmReset, kept.values.prefix, kept.seed]).toEqual(['params', false, 'x_', 5]);
    expect(reducer(s, { type: 'cancel-edit' }).confirmReset).toBe(false);
    s = reducer(s, { type: 'reset-all' });
    expect([s.values.prefix, s.seed, s.confirmReset]).toEqual(['', 42, false]);
  });

  it('an existing output needs an explicit overwrite; declining keeps the user on the path', () => {
    let s = apply(chosen(), { type: 'params-done' }, { type: 'choose-target', target: 'csv', out: 'output/x' });
    expect([s.step, s.targetPhase]).toEqual(['target', 'path']);
    const foreign = reducer(s, { type: 'set-out', out: 'output/x', existing: { state: 'foreign', what: 'a folder holding files synthgen did not write (.git)' } });
    expect([foreign.step, foreign.confirmOverwrite, foreign.error]).toEqual(['target', false, 'output/x is a folder holding files synthgen did not write (.git); synthgen never replaces it; choose another path']);
    s = reducer(s, { type: 'set-out', out: 'output/x', existing: { state: 'ours', what: 'a synthgen csv output of 3 files' } });
    expect([s.step, s.confirmOverwrite, s.replaces]).toEqual(['target', true, 'a synthgen csv output of 3 files']);
    expect(reducer(s, { type: 'confirm' }).step).toBe('target');
    const declined = reducer(s, { type: 'overwrite', yes: false });
    expect([declined.step, declined.confirmOverwrite, declined.overwrite]).toEqual(['target', false, false]);
    const accepted = reducer(s, { type: 'overwrite', yes: true });
    expect([accepted.step, accepted.overwrite]).toEqual(['review', true]);
    expect(reducer(s, { type: 'set-out', out: '  ', existing: { state: 'absent' } }).error).toBe('the output path is empty; type a folder or file path');
  });

  it('a saved profile whose output may never be replaced opens on its path with the reason, even with force', () => {
    const profile = { scenario: 'saas-metrics', target: 'csv', out: 'myproject', force: true };
    const foreign = reducer(initialState, { type: 'load-profile', name: 'p', profile, scenario: saasMetrics, existing: { state: 'foreign', what: 'a folder holding files synthgen did not write (.git, notes.md)' } });
    expect([foreign.step, foreign.targetPhase, foreign.overwrite, foreign.error]).toEqual(['target', 'path', false, 'myproject is a folder holding files synthgen did not write (.git, notes.md); synthgen never replaces it; choose another path']);
    const ours = reducer(initialState, { type: 'load-profile', name: 'p', profile: { ...profile, force: false }, scenario: saasMetrics, existing: { state: 'ours', what: 'a synthgen csv output of 3 files' } });
    expect([ours.step, ours.confirmOverwrite, ours.replaces]).toEqual(['review', true, 'a synthgen csv output of 3 files']);
  });

  it('Esc walks back through every step, and does nothing once the run starts', () => {
    let s = apply(chosen(), { type: 'params-done' }, { type: 'choose-target', target: 'csv', out: 'o' }, { type: 'set-out', out: 'o', existing: { state: 'absent' } });
    expect(s.step).toBe('review');
    const steps: string[] = [];
    while (s.trail.length) {
      s = reducer(s, { type: 'back' });
      steps.push(`${s.step}${s.step === 'target' ? ':' + s.targetPhase : ''}`);
    }
    expect(steps).toEqual(['target:pick', 'params', 'scenario', 'start']);
    const running = apply(chosen(), { type: 'start-run', now: 0 });
    expect(reducer(running, { type: 'back' })).toBe(running);
  });

  it('the summary opens the inspect screen for a finished run only; the report is kept, a failed one is tried again', () => {
    const summary = { ok: true } as RunSummary;
    const report = { ok: true } as InspectReport;
    const done = apply(chosen(), { type: 'start-run', now: 0 }, { type: 'finished', summary });
    let s = reducer(done, { type: 'open-inspect' });
    expect([s.step, s.inspection]).toEqual(['inspect', { report: null, error: null }]);
    expect(reducer(s, { type: 'back' })).toBe(s); // Esc is the inspect screen's own
    s = apply(s, { type: 'inspected', report }, { type: 'close-inspect' }, { type: 'open-inspect' });
    expect([s.step, s.inspection]).toEqual(['inspect', { report, error: null }]);
    s = apply(s, { type: 'inspect-failed', message: 'no' }, { type: 'close-inspect' });
    expect([s.step, s.inspection]).toEqual(['summary', { report: null, error: 'no' }]);
    expect(reducer(s, { type: 'open-inspect' }).inspection).toEqual({ report: null, error: null });
    const failed = apply(chosen(), { type: 'start-run', now: 0 }, { type: 'failed', message: 'disk full' });
    expect(reducer(failed, { type: 'open-inspect' })).toBe(failed);
    const cancelled = apply(chosen(), { type: 'start-run', now: 0 }, { type: 'cancelled' });
    expect(reducer(cancelled, { type: 'open-inspect' })).toBe(cancelled);
  });

  it('follows engine events into per-table progress', () => {
    let s = apply(chosen(), { type: 'start-run', now: 1000 });
    s = reducer(s, { type: 'event', now: 1000, event: { type: 'plan', tables: [{ name: 'customers', expectedRows: 500 }, { name: 'subscriptions', expectedRows: 648 }], workers: 0 } });
    s = reducer(s, { type: 'event', now: 1100, event: { type: 'table-start', table: 'customers', expectedRows: 500 } });
    s = reducer(s, { type: 'event', now: 1200, event: { type: 'progress', table: 'customers', rows: 200, expectedRows: 500 } });
    expect(s.progress[0]).toMatchObject({ rows: 200, expected: 500, startedAt: 1100, done: false });
    s = reducer(s, { type: 'event', now: 1300, event: { type: 'table-done', table: 'customers', rows: 500, ms: 200 } });
    expect(s.progress[0]).toMatchObject({ rows: 500, done: true, ms: 200 });
    expect(s.progress[1]).toMatchObject({ rows: 0, startedAt: null });
  });

  it('saves only changed parameters and prints the matching command', () => {
    const s = apply(chosen(), { type: 'set-param', name: 'prefix', raw: 'day06_' }, { type: 'set-param', name: 'customers', raw: '800' });
    const p = profileOf(saasMetrics, s.values, 42, 'sqlite', 'data/my db.db', false);
    expect(p).toEqual({ scenario: 'saas-metrics', seed: 42, params: { customers: 800, prefix: 'day06_' }, target: 'sqlite', out: 'data/my db.db' });
    expect(commandOf(p)).toBe("synthgen run --scenario saas-metrics --seed 42 --set customers=800 --set prefix=day06_ --target sqlite --out 'data/my db.db'");
  });

  it('edits list and map parameters as text, merging map entries into the defaults', () => {
    let s = apply(initialState, { type: 'new' }, { type: 'choose-scenario', scenario: showAndWell, defaultOut: () => 'output' });
    expect([s.target, s.out, s.seed]).toEqual(['csv', 'output', 3102]);
    s = reducer(s, { type: 'set-param', name: 'cities', raw: 'Minneapolis, St Paul' });
    expect(s.values.cities).toEqual(['Minneapolis', 'St Paul']);
    s = reducer(s, { type: 'set-param', name: 'seasonality', raw: 'Jan:2,Feb:0.5' });
    expect(s.values.seasonality).toMatchObject({ Jan: 2, Feb: 0.5, Mar: 1.05, Dec: 1.15 });
    expect(reducer(s, { type: 'set-param', name: 'cities', raw: 'A,,B' }).error).toBe('cities must be a comma-separated list of names, got "A,,B"');
    const p = profileOf(showAndWell, s.values, 3102, 'csv', 'output', false);
    expect(commandOf(p)).toContain("--set 'cities=Minneapolis,St Paul' --set seasonality=Jan:2,Feb:0.5,Mar:1.05,");
  });

  it('bar-platform: DATAGEN_ENV picks the starting size, the presets switch it, and a saved profile pins it', () => {
    const choose = () => apply(initialState, { type: 'new' }, { type: 'choose-scenario', scenario: barPlatform, defaultOut: () => 'data/bar' });
    const saved = process.env.DATAGEN_ENV;
    try {
      delete process.env.DATAGEN_ENV;
      expect(choose().values).toMatchObject({ env: 'DEV', accounts: null });
      process.env.DATAGEN_ENV = 'PRODUCTION';
      const s = choose();
      expect(s.values.env).toBe('PRODUCTION');
      expect(barPlatform.presets!.map((p) => `${p.name}: ${p.help}`)).toEqual([
        'DEV: 100 accounts, 450 devices, 500,000 tap events',
        'QA: 10,000 accounts, 45,000 devices, 50,000,000 tap events',
        'PRODUCTION: 40,000 accounts, 180,000 devices, 200,000,000 tap events',
      ]);
      const custom = apply(s, { type: 'set-param', name: 'accounts', raw: '2500' }, { type: 'set-param', name: 'tap_events_per_device', raw: '10' });
      const qa = reducer(custom, { type: 'apply-preset', name: 'QA' });
      expect(qa.values).toMatchObject({ env: 'QA', accounts: null, tap_events_per_device: null });
      // DEV is the parameter's default, yet the profile keeps it: replayed under DATAGEN_ENV=QA it stays DEV.
      const dev = reducer(qa, { type: 'apply-preset', name: 'DEV' });
      expect(profileOf(barPlatform, dev.values, 42, 'parquet', 'data/bar', false).params).toEqual({ env: 'DEV' });
    } finally {
      if (saved === undefined) delete process.env.DATAGEN_ENV;
      else process.env.DATAGEN_ENV = saved;
    }
  });
});

describe('wizard state: PostgreSQL, failed runs, loaded profiles', () => {
  const URL0 = 'postgres://ana@db.example:5432/sandbox';
  const pgChosen = () => apply({ ...chosen(), url: URL0 }, { type: 'params-done' }, { type: 'choose-target', target: 'postgres', out: 'data/saas_metrics.db' });

  it('edits the connection field by field with the CLI rules, keeping what else the URL says', () => {
    let s = pgChosen();
    expect([s.step, s.targetPhase]).toEqual(['target', 'connection']);
    s = apply({ ...s, url: `${URL0}?sslmode=require`, password: 'typed' }, { type: 'set-conn', name: 'port', raw: '6543' }, { type: 'set-conn', name: 'user', raw: 'bob' });
    expect([s.url, s.password, s.urlEdited]).toEqual(['postgres://bob@db.example:6543/sandbox?sslmode=require', null, true]);
    expect(reducer(s, { type: 'set-conn', name: 'port', raw: '0' }).error).toBe('port must be a whole number from 1 to 65535, got "0"');
    expect(reducer(s, { type: 'set-conn', name: 'schema', raw: '9x' }).error).toBe('schema must be lowercase letters, digits and _ (not starting with a digit), got "9x"');
    expect(reducer(s, { type: 'set-conn', name: 'database', raw: ' ' }).error).toBe('database is empty; type the PostgreSQL database name');
    expect(reducer(s, { type: 'set-conn', name: 'schema', raw: 'stage' }).schema).toBe('stage');
  });

  it('the connection test leads to Review, the password prompt, the Overwrite question or the error, in the wizard words', () => {
    const testing = apply(pgChosen(), { type: 'probe-start', from: 'target' });
    expect(reducer(testing, { type: 'probed', probe: { kind: 'ok', existing: [] } })).toMatchObject({ step: 'review', pgChecked: true });
    const asked = reducer(testing, { type: 'probed', probe: { kind: 'password', message: 'PostgreSQL at db.example asks for a password for user ana: set PGPASSWORD or add it to ~/.pgpass' } });
    expect([asked.step, asked.targetPhase]).toEqual(['target', 'password']);
    expect(reducer(asked, { type: 'back' }).targetPhase).toBe('connection');
    const ours = reducer(testing, { type: 'probed', probe: { kind: 'ok', existing: ['customers'] } });
    expect([ours.step, ours.confirmOverwrite, ours.replaces]).toEqual(['target', true, 'its tables customers were loaded by synthgen']);
    const refused = reducer(testing, { type: 'probed', probe: { kind: 'error', message: `cannot reach PostgreSQL at ${URL0} (unknown host); start the server or fix --url` } });
    expect([refused.step, refused.targetPhase, refused.error]).toEqual(['target', 'connection', `cannot reach PostgreSQL at ${URL0} (unknown host); start the server or fix the connection`]);
    // Esc during the test: its answer is dropped.
    const left = reducer(testing, { type: 'back' });
    expect(reducer(left, { type: 'probed', probe: { kind: 'ok', existing: [] } })).toBe(left);
    // From Review's Start: straight on to the save step.
    const review = apply(pgChosen(), { type: 'probe-start', from: 'target' }, { type: 'probed', probe: { kind: 'ok', existing: [] } }, { type: 'probe-start', from: 'review' });
    expect(reducer(review, { type: 'probed', probe: { kind: 'ok', existing: [] } }).step).toBe('save');
  });

  it('a failed run goes back to the step that can fix it, settings and the Esc trail kept', () => {
    const ran = apply(chosen(), { type: 'set-param', name: 'customers', raw: '77' }, { type: 'params-done' }, { type: 'choose-target', target: 'csv', out: 'o' }, { type: 'start-run', now: 0 });
    const failed = reducer(ran, { type: 'failed', message: 'cannot write /x/o: permission denied; choose a writable --out' });
    expect([failed.failure, failed.fixStep]).toEqual(['cannot write /x/o: permission denied; choose a writable path', 'target']);
    const back = reducer(failed, { type: 'retry', step: 'target' });
    expect([back.step, back.targetPhase, back.trail, back.values.customers, back.out, back.error, back.failure]).toEqual(['target', 'path', ['start', 'scenario', 'params'], 77, 'o', failed.failure, null]);
    const params = reducer(reducer(ran, { type: 'failed', message: 'table name "x" is 70 bytes, longer than PostgreSQL\'s 63-byte limit for names; use a shorter prefix parameter' }), { type: 'retry', step: 'params' });
    expect([params.step, params.trail]).toEqual(['params', ['start', 'scenario']]);
    expect(reducer(apply(chosen(), { type: 'start-run', now: 0 }, { type: 'finished', summary: { ok: true } as RunSummary }), { type: 'retry', step: 'target' }).step).toBe('summary');
  });

  it('saves a loaded profile as it was plus what changed; a new postgres one with url and schema, never a password', () => {
    const base = { scenario: saasMetrics, values: chosen().values, seed: 42, target: 'postgres', out: 'data/x.db', force: false, url: URL0, schema: 'raw', urlEdited: false };
    expect(sessionProfile({ ...base, loaded: null })).toEqual({ scenario: 'saas-metrics', seed: 42, target: 'postgres', url: URL0, schema: 'raw' });
    const pgLoaded = { scenario: 'saas-metrics', target: 'postgres', lockTimeout: 30, force: false, params: { customers: 500 } };
    expect(sessionProfile({ ...base, loaded: pgLoaded })).toEqual({ ...pgLoaded, seed: 42 }); // no url: still the PG* variables
    expect(sessionProfile({ ...base, urlEdited: true, schema: 'stage', loaded: pgLoaded })).toEqual({ ...pgLoaded, seed: 42, url: URL0, schema: 'stage' });
    const fileLoaded = { scenario: 'saas-metrics', seed: 42, target: 'sqlite', out: 'a.db', batchSize: 999 };
    expect(sessionProfile({ ...base, loaded: fileLoaded })).toEqual({ scenario: 'saas-metrics', seed: 42, target: 'postgres', batchSize: 999 });
    expect(commandOf(sessionProfile({ ...base, loaded: { ...fileLoaded, pipeline: true } }))).toBe(`synthgen run --scenario saas-metrics --seed 42 --target postgres --pipeline --batch-size 999`);
    expect(commandOf(sessionProfile({ ...base, loaded: null }))).toBe(`synthgen run --scenario saas-metrics --seed 42 --target postgres --url ${URL0} --schema raw`);
  });
});
