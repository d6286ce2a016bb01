// The wizard: renders the screen for the current state and turns key presses,
// config reads/writes and engine events into reducer actions. No logic of its
// own beyond wiring; the flow lives in src/wizard/state.ts.
import React, { useEffect, useReducer, useRef, useState } from 'react';
import { useApp, useInput } from 'ink';
import type { Profile } from '../src/config/profiles.js';
import { CancelledError } from '../src/errors.js';
import type { WizardDeps } from '../src/wizard/deps.js';
import { loadOrder } from '../src/engine/planner.js';
import { pgDestination } from '../src/wizard/pgconn.js';
import { commandOf, sessionProfile } from '../src/wizard/replay.js';
import { initialState, reducer, type WizardState } from '../src/wizard/state.js';
import { InspectScreen } from './InspectScreen.js';
import { ParamsScreen } from './ParamsScreen.js';
import { ProfilesScreen } from './ProfilesScreen.js';
import { ReviewScreen } from './ReviewScreen.js';
import { RunFailedScreen } from './RunFailedScreen.js';
import { RunScreen } from './RunScreen.js';
import { SaveScreen } from './SaveScreen.js';
import { ScenarioScreen } from './ScenarioScreen.js';
import { StartScreen } from './StartScreen.js';
import { SummaryScreen } from './SummaryScreen.js';
import { TargetScreen } from './TargetScreen.js';

export function App({ deps, onExit }: { deps: WizardDeps; onExit(code: number): void }) {
  const [state, dispatch] = useReducer(reducer, deps, (d) => ({ ...initialState, url: d.defaultPgUrl() }));
  const [config, setConfig] = useState<{ filepath: string | null; profiles: Record<string, Profile> }>({ filepath: null, profiles: {} });
  // Until the config is read, the start screen says so rather than "(none saved yet)".
  const [configRead, setConfigRead] = useState(false);
  const [now, setNow] = useState(deps.now());
  const abort = useRef<AbortController | null>(null);
  const inspecting = useRef(false);
  const { exit } = useApp();

  useEffect(() => {
    deps
      .loadProfiles()
      .then(
        (c) => c && setConfig(c),
        (e: Error) => dispatch({ type: 'save-failed', message: e.message }),
      )
      .finally(() => setConfigRead(true));
  }, [deps]);

  const finish = (code: number) => {
    onExit(code);
    exit();
  };

  // Ink re-subscribes the handler below only after a render's effects run: a key read right after
  // a render (Enter as soon as the summary shows) would see the state before it. Read it from a ref.
  const current = useRef(state);
  current.current = state;
  useInput((input, key) => {
    const ctrlC = key.ctrl && input === 'c';
    const s = current.current;
    if (abort.current) {
      // A run is in flight (even before this render shows it): Esc and Ctrl-C cancel it.
      if (key.escape || ctrlC) abort.current.abort();
    } else if (s.step === 'summary' && s.failure) {
      // Enter is the menu's (RunFailedScreen); Esc goes back to the step that can fix it.
      if (key.escape) dispatch({ type: 'retry', step: s.fixStep ?? 'target' });
      else if (input === 'q' || ctrlC) finish(exitCode(s));
    } else if (s.step === 'summary') {
      if (input === 'i' && !key.ctrl && !key.meta && s.summary) openInspect(s);
      else if (key.return || input === 'q' || key.escape || ctrlC) finish(exitCode(s));
    } else if (s.step === 'inspect') {
      if (ctrlC) finish(exitCode(s)); // every other key is the inspect screen's (Esc included)
    } else if (ctrlC) {
      finish(130);
    } else if (key.escape) {
      dispatch({ type: 'back' });
    }
  });

  // The report is computed once: going back to the summary and in again shows the same one (a failed one is tried again).
  const openInspect = (s: WizardState) => {
    if (!inspecting.current && (!s.inspection || s.inspection.error)) {
      inspecting.current = true;
      deps
        .inspect(s.target!, s.out, s.target === 'postgres' ? { url: s.url, schema: s.schema, password: s.password } : undefined)
        .then(
          (report) => dispatch({ type: 'inspected', report }),
          (e: Error) => dispatch({ type: 'inspect-failed', message: e.message }),
        )
        .finally(() => (inspecting.current = false));
    }
    dispatch({ type: 'open-inspect' });
  };

  const startRun = () => {
    const s = state;
    if (!s.scenario || !s.target) return;
    const controller = (abort.current = new AbortController());
    dispatch({ type: 'start-run', now: deps.now() });
    const tick = setInterval(() => setNow(deps.now()), 250);
    const pg = s.target === 'postgres' ? { url: s.url, schema: s.schema, password: s.password } : {};
    const kept = { pipeline: s.loaded?.pipeline, batchSize: s.loaded?.batchSize, lockTimeout: s.loaded?.lockTimeout };
    deps
      .run({ scenario: s.scenario, params: s.values, seed: s.seed, target: s.target, out: s.out, force: s.overwrite, ...pg, ...kept }, (event) => dispatch({ type: 'event', event, now: deps.now() }), controller.signal)
      .then(
        (summary) => dispatch({ type: 'finished', summary }),
        (e: Error) => dispatch(e instanceof CancelledError ? { type: 'cancelled' } : { type: 'failed', message: e.message }),
      )
      .finally(() => {
        abort.current = null;
        clearInterval(tick);
        setNow(deps.now());
      });
  };

  const defaultOut = (target: string) => (state.scenario ? deps.defaultOut(state.scenario, target) : '');
  // Where the run goes, as the summary says it: a path, or the PostgreSQL server (no password) and schema.
  const destination = state.target === 'postgres' ? pgDestination(state.url, state.schema) : state.out;
  /** The connection test: from the target step (on to Review) or from Review's Start (on to the run). */
  const testConnection = (from: 'target' | 'review', password?: string) => {
    const s = current.current;
    if (!s.scenario || s.testing) return;
    const tables = loadOrder(s.scenario.tables(s.values, s.seed)).map((t) => t.spec.name);
    dispatch({ type: 'probe-start', from });
    deps.probePostgres(s.url, password ?? s.password, s.schema, tables).then(
      (probe) => dispatch({ type: 'probed', probe }),
      (e: Error) => dispatch({ type: 'probed', probe: { kind: 'error', message: e.message } }),
    );
  };
  switch (state.step) {
    case 'start':
      return <StartScreen profileCount={configRead ? Object.keys(config.profiles).length : null} onNew={() => dispatch({ type: 'new' })} onProfiles={() => dispatch({ type: 'open-profiles' })} />;
    case 'profiles':
      return (
        <ProfilesScreen
          filepath={config.filepath}
          profiles={config.profiles}
          error={state.error}
          onPick={(name) => {
            const profile = config.profiles[name];
            const scenario = deps.scenarios.find((s) => s.name === profile.scenario);
            if (!scenario) dispatch({ type: 'save-failed', message: `profile "${name}": unknown scenario "${profile.scenario}"` });
            else dispatch({ type: 'load-profile', name, profile, scenario, existing: deps.examine(profile.out ?? scenario.defaultOut, profile.target ?? scenario.defaultTarget) }); // postgres: tested at Start
          }}
        />
      );
    case 'scenario':
      return <ScenarioScreen scenarios={deps.scenarios} current={state.scenario?.name ?? null} onPick={(scenario) => dispatch({ type: 'choose-scenario', scenario, defaultOut: (t) => deps.defaultOut(scenario, t) })} />;
    case 'params':
      return (
        <ParamsScreen
          scenario={state.scenario!}
          values={state.values}
          seed={state.seed}
          editing={state.editing}
          confirmReset={state.confirmReset}
          error={state.error}
          onEdit={(name) => dispatch({ type: 'edit', name })}
          onCancelEdit={() => dispatch({ type: 'cancel-edit' })}
          onSet={(name, raw) => dispatch({ type: 'set-param', name, raw })}
          onReset={(name) => dispatch({ type: 'reset-param', name })}
          onAskResetAll={() => dispatch({ type: 'ask-reset-all' })}
          onResetAll={() => dispatch({ type: 'reset-all' })}
          onPreset={(name) => dispatch({ type: 'apply-preset', name })}
          onDone={() => dispatch({ type: 'params-done' })}
        />
      );
    case 'target':
      return (
        <TargetScreen
          targets={deps.targets}
          phase={state.targetPhase}
          target={state.target}
          out={state.out}
          url={state.url}
          schema={state.schema}
          destination={destination}
          testing={state.testing !== null}
          editing={state.editing}
          confirmOverwrite={state.confirmOverwrite}
          replaces={state.replaces}
          error={state.error}
          defaultOut={defaultOut}
          destinationOf={(t) => (t === 'postgres' ? pgDestination(state.url, state.schema) : t === state.target ? state.out : defaultOut(t))}
          onTarget={(target, out) => dispatch({ type: 'choose-target', target, out })}
          onOut={(out) => {
            const checked = out.trim() === '' ? { problem: null, existing: { state: 'absent' as const } } : deps.checkOut(out.trim(), state.target!);
            dispatch({ type: 'set-out', out, existing: checked.existing, problem: checked.problem });
          }}
          onOverwrite={(yes) => dispatch({ type: 'overwrite', yes })}
          onEdit={(name) => dispatch({ type: 'edit', name })}
          onConn={(name, raw) => dispatch({ type: 'set-conn', name, raw })}
          onTest={() => testConnection('target')}
          onPassword={(password) => {
            dispatch({ type: 'set-password', password });
            testConnection('target', password); // the state above is not rendered yet
          }}
        />
      );
    case 'review':
      return (
        <ReviewScreen
          scenario={state.scenario!}
          values={state.values}
          seed={state.seed}
          target={state.target!}
          out={destination}
          overwrite={state.overwrite}
          confirmOverwrite={state.confirmOverwrite}
          replaces={state.replaces}
          onStart={() => (state.target === 'postgres' && !state.pgChecked ? testConnection('review') : dispatch({ type: 'confirm' }))}
          onGoto={(step) => dispatch({ type: 'goto', step })}
          onOverwrite={(yes) => dispatch({ type: 'overwrite', yes })}
        />
      );
    case 'save': {
      const profile = sessionProfile({
        scenario: state.scenario!,
        values: state.values,
        seed: state.seed,
        target: state.target!,
        out: state.out,
        force: state.overwrite,
        url: state.url,
        schema: state.schema,
        urlEdited: state.urlEdited,
        loaded: state.loaded,
      });
      return (
        <SaveScreen
          savedTo={state.savedTo}
          profileName={state.profileName}
          command={commandOf(profile)}
          error={state.error}
          onSave={(name) =>
            deps.saveProfile(name, profile).then(
              (path) => dispatch({ type: 'saved', name, path }),
              (e: Error) => dispatch({ type: 'save-failed', message: e.message }),
            )
          }
          onRun={startRun}
        />
      );
    }
    case 'run':
      return <RunScreen progress={state.progress} phase={state.phase} phaseStartedAt={state.phaseStartedAt} now={now} out={destination} scenario={state.scenario?.name} target={state.target ?? 'csv'} />;
    case 'summary':
      if (state.failure) return <RunFailedScreen failure={state.failure} fixStep={state.fixStep ?? 'target'} onBack={(step) => dispatch({ type: 'retry', step })} onExit={() => finish(exitCode(state))} />;
      return <SummaryScreen summary={state.summary} failure={state.failure} cancelled={state.cancelled} out={destination} />;
    case 'inspect':
      return <InspectScreen out={destination} report={state.inspection?.report ?? null} error={state.inspection?.error ?? null} onBack={() => dispatch({ type: 'close-inspect' })} />;
  }
}

/** The run's exit code, as the summary ends the wizard: 0 all checks passed, 1 one failed, 2 the run failed, 130 cancelled. */
function exitCode(s: WizardState): number {
  return s.cancelled ? 130 : s.failure ? 2 : s.summary?.ok ? 0 : 1;
}
