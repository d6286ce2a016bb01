// The profile a wizard session saves, and the exact command that replays it.
import type { Profile } from '../config/profiles.js';
import type { ParamValue, Params, Scenario } from '../engine/model.js';
import { checkParam, formatParam, sameValue } from '../engine/params.js';
import { DEFAULT_SCHEMA } from './pgconn.js';

/**
 * Only values that differ from the scenario's defaults, so profiles stay short;
 * a parameter an environment variable can set is always kept, so the profile
 * replays what the wizard showed whatever the variable says then.
 */
export function changedParams(scenario: Scenario, values: Params): Record<string, unknown> {
  return Object.fromEntries(scenario.params.filter((p) => p.envVar || !sameValue(values[p.name], p.default)).map((p) => [p.name, values[p.name]]));
}

export function profileOf(scenario: Scenario, values: Params, seed: number, target: string, out: string, force: boolean): Profile {
  const params = changedParams(scenario, values);
  return { scenario: scenario.name, seed, ...(Object.keys(params).length ? { params } : {}), target, out, ...(force ? { force } : {}) };
}

/** What the wizard shows and the user may change; everything else of a loaded profile is kept as it was. */
export interface Session {
  scenario: Scenario;
  values: Params;
  seed: number;
  target: string;
  out: string;
  force: boolean;
  /** postgres: the connection URL (no password) and schema; urlEdited: changed in the wizard. */
  url: string;
  schema: string;
  urlEdited: boolean;
  /** The profile the session started from, whole (null for a new dataset). */
  loaded: Profile | null;
}

/**
 * The profile to save: a new one holds what the wizard shows; a loaded one is
 * the original with what the user changed, every key the wizard does not show
 * (pipeline, batchSize, lockTimeout, ...) kept as it was.
 */
export function sessionProfile(s: Session): Profile {
  const made = profileOf(s.scenario, s.values, s.seed, s.target, s.out, s.force);
  const pg = s.target === 'postgres';
  if (pg) {
    delete made.out;
    Object.assign(made, { url: s.url, schema: s.schema });
  }
  const was = s.loaded;
  if (!was) return made;
  const result: Profile = { ...was, scenario: made.scenario, seed: made.seed, target: made.target };
  // Parameters: the original's entries that still hold, as written, then the ones changed since.
  const params: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(was.params ?? {})) {
    const spec = s.scenario.params.find((p) => p.name === name);
    const checked = spec ? checkParam(spec, raw) : null;
    if (checked && 'value' in checked && sameValue(checked.value as ParamValue, s.values[name])) params[name] = raw;
  }
  for (const [name, v] of Object.entries(made.params ?? {})) if (!(name in params)) params[name] = v;
  if (Object.keys(params).length || was.params !== undefined) result.params = params;
  else delete result.params;
  const wasPg = (was.target ?? s.scenario.defaultTarget) === 'postgres';
  if (pg) {
    if (was.url === undefined && !s.urlEdited) delete result.url; // still the PG* variables' server
    else result.url = s.url;
    if (was.schema === undefined && s.schema === DEFAULT_SCHEMA) delete result.schema;
    else result.schema = s.schema;
    if (!wasPg) delete result.out; // the old target's path
  } else {
    result.out = s.out;
    if (wasPg) {
      delete result.url;
      delete result.schema;
    }
  }
  if (s.force) result.force = true;
  else if (was.force !== undefined) result.force = false;
  else delete result.force;
  return result;
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

/** The headless command for the same run, flags only. */
export function commandOf(p: Profile): string {
  const parts = ['synthgen', 'run', '--scenario', p.scenario, '--seed', String(p.seed)];
  for (const [k, v] of Object.entries(p.params ?? {})) parts.push('--set', shellQuote(`${k}=${formatParam(v as ParamValue)}`));
  parts.push('--target', p.target!);
  if (p.target === 'postgres') {
    if (p.url) parts.push('--url', shellQuote(p.url));
    if (p.schema) parts.push('--schema', p.schema);
  } else parts.push('--out', shellQuote(p.out!));
  if (p.force) parts.push('--force');
  if (p.pipeline) parts.push('--pipeline');
  if (p.batchSize !== undefined) parts.push('--batch-size', String(p.batchSize));
  if (p.lockTimeout !== undefined && p.target === 'postgres') parts.push('--lock-timeout', String(p.lockTimeout));
  return parts.join(' ');
}
