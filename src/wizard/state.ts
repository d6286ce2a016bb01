// The wizard's state and every transition, as a pure reducer: the screens in
// components/ only render a state and dispatch actions, so the whole flow is
// unit-testable without a terminal.
import type { Profile } from '../config/profiles.js';
import type { RunEvent } from '../engine/events.js';
import type { CheckResult, ParamSpec, ParamValue, Params, Scenario } from '../engine/model.js';
import { checkParam, paramDefaults } from '../engine/params.js';
import type { RunSummary } from '../engine/runner.js';
import type { InspectReport } from '../inspect/model.js';
import type { Existing } from '../sinks/output.js';
import { schemaProblem } from '../commands/destination.js';
import { withoutPassword } from '../sinks/pgurl.js';
import { connProblem, DEFAULT_SCHEMA, withField, type ConnField } from './pgconn.js';
import type { Probe } from './pgprobe.js';
import { fixStepOf, inWizardWords } from './words.js';

export type Step = 'start' | 'profiles' | 'scenario' | 'params' | 'target' | 'review' | 'save' | 'run' | 'summary' | 'inspect';

export interface TableProgress {
  name: string;
  expected: number;
  rows: number;
  done: boolean;
  startedAt: number | null;
  ms: number;
}

export interface WizardState {
  step: Step;
  /** Steps behind the current one, for Esc. */
  trail: Step[];
  scenario: Scenario | null;
  values: Params;
  seed: number;
  target: string | null;
  out: string;
  /** postgres target: the connection URL (never with a password) and the schema. */
  url: string;
  schema: string;
  /** The URL was changed in the wizard (a loaded profile without one keeps relying on the PG* variables otherwise). */
  urlEdited: boolean;
  /** What the server's password prompt got: in memory only, never saved, shown or put in the URL. */
  password: string | null;
  /** The connection test passed for this url, schema and password. */
  pgChecked: boolean;
  /** A connection test is under way (from the target step or from Review's Start). */
  testing: 'target' | 'review' | null;
  /** On the target step: choosing the kind of target, typing its path, the PostgreSQL connection, or its password. */
  targetPhase: 'pick' | 'path' | 'connection' | 'password';
  /** The chosen output exists and waits for an explicit overwrite choice. */
  confirmOverwrite: boolean;
  /** What an overwrite would replace (an earlier synthgen output), shown in the question. */
  replaces: string | null;
  overwrite: boolean;
  /** Parameter whose value is being edited. */
  editing: string | null;
  /** "Reset all to defaults" was chosen and waits for a yes (Esc or no keeps the values). */
  confirmReset: boolean;
  /** The last refused input, shown where it was typed. */
  error: string | null;
  profileName: string | null;
  /** The profile loaded from the config, whole: saving keeps every key the wizard does not show. */
  loaded: Profile | null;
  savedTo: string | null;
  progress: TableProgress[];
  phase: string | null;
  /** When the current phase (after the tables: indexes and views, checks) began. */
  phaseStartedAt: number | null;
  checks: CheckResult[];
  startedAt: number | null;
  summary: RunSummary | null;
  failure: string | null;
  /** The step that can fix the failure (the summary offers going back there). */
  fixStep: 'target' | 'params' | null;
  cancelled: boolean;
  /** The output's inspect report, computed once (on the first `i` of the summary): both null while it is computed. */
  inspection: { report: InspectReport | null; error: string | null } | null;
}

/** The wizard's form of the CLI's refusal: the same rule, in the wizard's words. */
export function neverReplaced(out: string, what: string): string {
  return `${out} is ${what}; synthgen never replaces it; choose another path`;
}

export type Action =
  | { type: 'new' }
  | { type: 'open-profiles' }
  | { type: 'load-profile'; name: string; profile: Profile; scenario: Scenario; existing: Existing }
  | { type: 'choose-scenario'; scenario: Scenario; defaultOut: (target: string) => string }
  | { type: 'edit'; name: string }
  | { type: 'cancel-edit' }
  | { type: 'set-param'; name: string; raw: string }
  | { type: 'reset-param'; name: string }
  | { type: 'ask-reset-all' }
  | { type: 'reset-all' }
  | { type: 'apply-preset'; name: string }
  | { type: 'params-done' }
  | { type: 'choose-target'; target: string; out: string }
  | { type: 'set-out'; out: string; existing: Existing; problem?: string | null }
  | { type: 'set-conn'; name: ConnField; raw: string }
  | { type: 'probe-start'; from: 'target' | 'review' }
  | { type: 'probed'; probe: Probe }
  | { type: 'set-password'; password: string }
  | { type: 'retry'; step: 'target' | 'params' | 'review' }
  | { type: 'overwrite'; yes: boolean }
  | { type: 'goto'; step: Step }
  | { type: 'back' }
  | { type: 'confirm' }
  | { type: 'saved'; name: string; path: string }
  | { type: 'save-failed'; message: string }
  | { type: 'start-run'; now: number }
  | { type: 'event'; event: RunEvent; now: number }
  | { type: 'finished'; summary: RunSummary }
  | { type: 'failed'; message: string }
  | { type: 'cancelled' }
  | { type: 'open-inspect' }
  | { type: 'inspected'; report: InspectReport }
  | { type: 'inspect-failed'; message: string }
  | { type: 'close-inspect' };

export const SEED_SPEC: ParamSpec = { name: 'seed', type: 'integer', default: 0, min: 0, max: 2 ** 32 - 1, help: 'random seed' };

/** A state with no run in it: before the first, and when a new run starts or the user goes back to fix one. */
const NO_RUN = {
  progress: [],
  phase: null,
  phaseStartedAt: null,
  checks: [],
  startedAt: null,
  summary: null,
  failure: null,
  fixStep: null,
  cancelled: false,
  inspection: null,
} satisfies Partial<WizardState>;

export const initialState: WizardState = {
  step: 'start',
  trail: [],
  scenario: null,
  values: {},
  seed: 0,
  target: null,
  out: '',
  url: '',
  schema: DEFAULT_SCHEMA,
  urlEdited: false,
  password: null,
  pgChecked: false,
  testing: null,
  targetPhase: 'pick',
  confirmOverwrite: false,
  replaces: null,
  overwrite: false,
  editing: null,
  confirmReset: false,
  error: null,
  profileName: null,
  loaded: null,
  savedTo: null,
  ...NO_RUN,
};

/** The values the wizard starts from: the scenario's defaults, with DATAGEN_ENV and the like (checked when the wizard starts). */
export function defaults(scenario: Scenario): Params {
  return paramDefaults(scenario);
}

/** Moves forward, remembering where we were so Esc can come back. */
function go(state: WizardState, step: Step, patch: Partial<WizardState> = {}): WizardState {
  return { ...state, targetPhase: 'pick', testing: null, ...patch, step, trail: [...state.trail, state.step], error: null, editing: null, confirmReset: false };
}

/** Checks one value and then the whole set, as the headless CLI does; returns an error or the new values. */
function withValue(scenario: Scenario, values: Params, name: string, raw: unknown): { values: Params } | { error: string } {
  const spec = scenario.params.find((p) => p.name === name);
  if (!spec) return { error: `unknown parameter "${name}"` };
  const checked = checkParam(spec, raw);
  if ('error' in checked) return checked;
  const next = { ...values, [name]: checked.value as ParamValue };
  const problem = scenario.validate?.(next);
  return problem ? { error: problem } : { values: next };
}

export function reducer(state: WizardState, action: Action): WizardState {
  const running = state.step === 'run' || state.step === 'summary' || state.step === 'inspect';
  switch (action.type) {
    case 'new':
      return go(state, 'scenario', { loaded: null, profileName: null });
    case 'open-profiles':
      return go(state, 'profiles');
    case 'load-profile': {
      const { profile, scenario } = action;
      let values = defaults(scenario);
      for (const [name, raw] of Object.entries(profile.params ?? {})) {
        const r = withValue(scenario, values, name, raw);
        if ('error' in r) return { ...state, error: `profile "${action.name}": ${r.error}` };
        values = r.values;
      }
      const schema = profile.schema ?? DEFAULT_SCHEMA;
      const badSchema = schemaProblem(schema, 'schema');
      if (badSchema) return { ...state, error: `profile "${action.name}": ${badSchema}` };
      const next = go(state, 'review', {
        scenario,
        values,
        seed: profile.seed ?? scenario.defaultSeed,
        target: profile.target ?? scenario.defaultTarget,
        out: profile.out ?? scenario.defaultOut,
        url: profile.url ? withoutPassword(profile.url) : state.url,
        schema,
        urlEdited: false,
        password: null,
        pgChecked: false,
        overwrite: profile.force ?? false,
        confirmOverwrite: action.existing.state === 'ours' && !(profile.force ?? false),
        replaces: action.existing.state === 'ours' ? action.existing.what : null,
        profileName: action.name,
        loaded: profile,
      });
      // What is there may never be replaced (not even by the profile's force): to the path, saying why.
      if (action.existing.state === 'foreign') return { ...next, step: 'target', targetPhase: 'path', overwrite: false, error: neverReplaced(next.out, action.existing.what) };
      return next;
    }
    case 'choose-scenario': {
      const s = action.scenario;
      const keep = state.scenario?.name === s.name;
      return go(state, 'params', {
        scenario: s,
        values: keep ? state.values : defaults(s),
        seed: keep ? state.seed : s.defaultSeed,
        target: keep ? state.target : s.defaultTarget,
        out: keep ? state.out : action.defaultOut(s.defaultTarget),
      });
    }
    case 'edit':
      return { ...state, editing: action.name, error: null };
    case 'cancel-edit':
      return { ...state, editing: null, confirmReset: false, error: null };
    case 'set-param': {
      if (!state.scenario) return state;
      if (action.name === 'seed') {
        const r = checkParam(SEED_SPEC, action.raw);
        return 'error' in r ? { ...state, error: r.error } : { ...state, seed: r.value as number, editing: null, error: null };
      }
      const r = withValue(state.scenario, state.values, action.name, action.raw);
      return 'error' in r ? { ...state, error: r.error } : { ...state, values: r.values, editing: null, error: null };
    }
    case 'reset-param': {
      if (!state.scenario) return state;
      if (action.name === 'seed') return { ...state, seed: state.scenario.defaultSeed, error: null };
      const spec = state.scenario.params.find((p) => p.name === action.name);
      return spec ? { ...state, values: { ...state.values, [spec.name]: spec.default }, error: null } : state;
    }
    case 'ask-reset-all':
      return { ...state, confirmReset: true, editing: null, error: null };
    case 'reset-all':
      return state.scenario ? { ...state, values: defaults(state.scenario), seed: state.scenario.defaultSeed, error: null, editing: null, confirmReset: false } : state;
    case 'apply-preset': {
      const preset = state.scenario?.presets?.find((p) => p.name === action.name);
      if (!state.scenario || !preset) return state;
      let values = state.values;
      for (const [name, raw] of Object.entries(preset.params)) {
        const r = withValue(state.scenario, values, name, raw);
        if ('error' in r) return { ...state, error: r.error };
        values = r.values;
      }
      return { ...state, values, error: null };
    }
    case 'params-done': {
      const problem = state.scenario?.validate?.(state.values);
      return problem ? { ...state, error: problem } : go(state, 'target');
    }
    case 'choose-target':
      return {
        ...state,
        target: action.target,
        out: action.out,
        targetPhase: action.target === 'postgres' ? 'connection' : 'path',
        confirmOverwrite: false,
        overwrite: false,
        pgChecked: false,
        error: null,
      };
    case 'set-conn': {
      const problem = connProblem(action.name, action.raw);
      if (problem) return { ...state, error: problem };
      const patch = action.name === 'schema' ? { schema: action.raw.trim() } : { url: withField(state.url, action.name, action.raw), urlEdited: true };
      // Another server or user: the password typed for the old one is not sent to it.
      const password = action.name === 'schema' ? state.password : null;
      return { ...state, ...patch, password, pgChecked: false, overwrite: false, editing: null, error: null };
    }
    case 'probe-start':
      return { ...state, testing: action.from, error: null };
    case 'probed':
      return state.testing ? onProbe(state, action.probe) : state; // Esc left the test: its answer is not wanted
    case 'set-password':
      return { ...state, password: action.password, pgChecked: false, error: null };
    case 'set-out': {
      const out = action.out.trim();
      if (!out) return { ...state, error: 'the output path is empty; type a folder or file path' };
      if (action.problem) return { ...state, out, confirmOverwrite: false, overwrite: false, error: action.problem };
      if (action.existing.state === 'foreign') return { ...state, out, confirmOverwrite: false, overwrite: false, error: neverReplaced(out, action.existing.what) };
      if (action.existing.state === 'ours') return { ...state, out, confirmOverwrite: true, replaces: action.existing.what, overwrite: false, error: null };
      return go(state, 'review', { out, confirmOverwrite: false, overwrite: false });
    }
    case 'overwrite':
      if (!action.yes) return state.step === 'review' ? go(state, 'target', { confirmOverwrite: false, overwrite: false, targetPhase: state.target === 'postgres' ? 'connection' : 'path' }) : { ...state, confirmOverwrite: false, overwrite: false };
      return state.step === 'review' ? { ...state, confirmOverwrite: false, overwrite: true } : go(state, 'review', { confirmOverwrite: false, overwrite: true });
    case 'goto':
      return running ? state : go(state, action.step);
    case 'back': {
      if (running || state.trail.length === 0) return state;
      if (state.editing || state.confirmReset) return { ...state, editing: null, confirmReset: false, error: null };
      if (state.confirmOverwrite && state.step === 'target') return { ...state, confirmOverwrite: false, error: null };
      if (state.testing) return { ...state, testing: null, error: null };
      if (state.step === 'target' && state.targetPhase === 'password') return { ...state, targetPhase: 'connection', error: null };
      if (state.step === 'target' && state.targetPhase !== 'pick') return { ...state, targetPhase: 'pick', error: null };
      const trail = state.trail.slice(0, -1);
      return { ...state, step: state.trail[state.trail.length - 1], trail, error: null, confirmOverwrite: false };
    }
    case 'confirm':
      return state.confirmOverwrite ? state : go(state, 'save');
    case 'saved':
      return { ...state, profileName: action.name, savedTo: action.path, error: null };
    case 'save-failed':
      return { ...state, error: action.message };
    case 'start-run':
      return { ...state, ...NO_RUN, step: 'run', trail: [], startedAt: action.now, error: null };
    case 'event':
      return onEvent(state, action.event, action.now);
    case 'finished':
      return { ...state, step: 'summary', summary: action.summary, phase: null };
    case 'failed': {
      const failure = inWizardWords(action.message);
      return { ...state, step: 'summary', failure, fixStep: fixStepOf(action.message), phase: null };
    }
    case 'retry': {
      if (state.step !== 'summary' || (!state.failure && !state.cancelled)) return state;
      // Back into the steps with every setting kept; Esc from there walks back as before the run.
      const order: Step[] = ['start', 'scenario', 'params', 'target', 'review'];
      const trail = order.slice(0, order.indexOf(action.step));
      const phase = action.step !== 'target' ? 'pick' : state.target === 'postgres' ? 'connection' : 'path';
      return {
        ...state,
        step: action.step,
        trail,
        targetPhase: phase,
        error: action.step === 'review' ? null : state.failure,
        editing: null,
        confirmOverwrite: false,
        pgChecked: false,
        testing: null,
        ...NO_RUN,
      };
    }
    case 'cancelled':
      return { ...state, step: 'summary', cancelled: true, phase: null };
    case 'open-inspect':
      // Only a finished run's output (checks passed or not) can be inspected; a failed inspection is tried again.
      if (state.step !== 'summary' || !state.summary) return state;
      return { ...state, step: 'inspect', inspection: state.inspection && !state.inspection.error ? state.inspection : { report: null, error: null } };
    case 'inspected':
      return { ...state, inspection: { report: action.report, error: null } };
    case 'inspect-failed':
      return { ...state, inspection: { report: null, error: action.message } };
    case 'close-inspect':
      return state.step === 'inspect' ? { ...state, step: 'summary' } : state;
  }
}

/** The connection test's answer: on to Review (or the run), the Overwrite question, the password prompt, or the error on the connection. */
function onProbe(state: WizardState, probe: Probe): WizardState {
  const from = state.testing;
  const s = { ...state, testing: null };
  if (probe.kind === 'ok') {
    const proceed = from === 'review' ? go(s, 'save') : go(s, 'review');
    if (probe.existing.length === 0 || state.overwrite) return { ...proceed, pgChecked: true };
    // Earlier synthgen tables of these names: the same explicit choice as an earlier file output.
    const phase = s.step === 'target' ? { targetPhase: 'connection' as const } : {}; // asked under the connection it is about
    return { ...s, ...phase, pgChecked: true, confirmOverwrite: true, replaces: `its tables ${probe.existing.join(', ')} were loaded by synthgen`, overwrite: false };
  }
  const onTarget = (patch: Partial<WizardState>) => (s.step === 'target' ? { ...s, ...patch } : go(s, 'target', patch));
  if (probe.kind === 'password') return onTarget({ targetPhase: 'password', error: inWizardWords(probe.message) });
  return onTarget({ targetPhase: 'connection', error: inWizardWords(probe.message) });
}

function onEvent(state: WizardState, e: RunEvent, now: number): WizardState {
  const update = (name: string, patch: Partial<TableProgress>) => ({
    ...state,
    progress: state.progress.map((t) => (t.name === name ? { ...t, ...patch } : t)),
  });
  switch (e.type) {
    case 'plan':
      return { ...state, progress: e.tables.map((t) => ({ name: t.name, expected: t.expectedRows, rows: 0, done: false, startedAt: null, ms: 0 })) };
    case 'table-start':
      return update(e.table, { startedAt: now, expected: e.expectedRows });
    case 'progress':
      return update(e.table, { rows: e.rows });
    case 'table-done':
      // The estimate becomes the truth once the table is complete.
      return update(e.table, { rows: e.rows, expected: e.rows, done: true, ms: e.ms });
    case 'phase':
      return { ...state, phase: e.label, phaseStartedAt: now };
    case 'check':
      return { ...state, checks: [...state.checks, e.result] };
    case 'finished':
      return state;
  }
}
