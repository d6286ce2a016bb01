// The profile a wizard session saves, and the exact command that replays it.
import type { Profile } from '../config/profiles.js';
import type { ParamValue, Params, Scenario } from '../engine/model.js';
import { formatParam, sameValue } from '../engine/params.js';

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

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

/** The headless command for the same run, flags only. */
export function commandOf(p: Profile): string {
  const parts = ['synthgen', 'run', '--scenario', p.scenario, '--seed', String(p.seed)];
  for (const [k, v] of Object.entries(p.params ?? {})) parts.push('--set', shellQuote(`${k}=${formatParam(v as ParamValue)}`));
  parts.push('--target', p.target!, '--out', shellQuote(p.out!));
  if (p.force) parts.push('--force');
  if (p.parquetParts) parts.push('--parquet-parts');
  return parts.join(' ');
}
