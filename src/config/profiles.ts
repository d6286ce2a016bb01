// Profiles: named, saved runs in the user's synthgen config, found by cosmiconfig
// (.synthgenrc.json, a "synthgen" key in package.json, synthgen.config.js, ...).
// Shared by `synthgen run --profile` and the wizard.
import { cosmiconfig } from 'cosmiconfig';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { withoutPassword } from '../sinks/pgurl.js';

export interface Profile {
  scenario: string;
  seed?: number;
  params?: Record<string, unknown>;
  target?: string;
  out?: string;
  force?: boolean;
  batchSize?: number;
  /** Run the scenario's SQL pipeline after generating (Parquet target). */
  pipeline?: boolean;
  /** postgres target: connection URL without a password (give it with PGPASSWORD or ~/.pgpass) and schema */
  url?: string;
  schema?: string;
  /** postgres target: seconds to wait for a lock (--lock-timeout) */
  lockTimeout?: number;
}

export interface LoadedConfig {
  filepath: string;
  profiles: Record<string, Profile>;
  /** The whole file as parsed, so saving keeps every other key. */
  raw: Record<string, unknown>;
}

const explorer = () => cosmiconfig('synthgen', { searchStrategy: 'global', cache: false });

function invalid(filepath: string, why: string): UserError {
  return new UserError(`invalid config file ${filepath}: ${why}; fix it or pass another --config`);
}

function validate(filepath: string, raw: unknown): LoadedConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalid(filepath, 'expected an object with "profiles"');
  const obj = raw as Record<string, unknown>;
  const profiles = obj.profiles ?? {};
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) throw invalid(filepath, '"profiles" must be an object of named profiles');
  for (const [name, p] of Object.entries(profiles as Record<string, unknown>)) {
    const where = `profiles.${name}`;
    if (typeof p !== 'object' || p === null || Array.isArray(p)) throw invalid(filepath, `${where} must be an object`);
    const prof = p as Record<string, unknown>;
    if (typeof prof.scenario !== 'string') throw invalid(filepath, `${where}.scenario must be a scenario name`);
    if (prof.seed !== undefined && !Number.isSafeInteger(prof.seed)) throw invalid(filepath, `${where}.seed must be an integer`);
    if (prof.params !== undefined && (typeof prof.params !== 'object' || prof.params === null || Array.isArray(prof.params)))
      throw invalid(filepath, `${where}.params must be an object of parameter values`);
    for (const key of ['target', 'out', 'url', 'schema'] as const) {
      if (prof[key] !== undefined && typeof prof[key] !== 'string') throw invalid(filepath, `${where}.${key} must be a string`);
    }
    for (const key of ['force', 'pipeline'] as const) {
      if (prof[key] !== undefined && typeof prof[key] !== 'boolean') throw invalid(filepath, `${where}.${key} must be true or false`);
    }
  }
  return { filepath, profiles: profiles as Record<string, Profile>, raw: obj };
}

/** The config named by --config, or the one cosmiconfig finds from `cwd`, or null. */
export async function loadConfig(configFile?: string, cwd = process.cwd()): Promise<LoadedConfig | null> {
  if (configFile) {
    const path = resolve(cwd, configFile);
    if (!existsSync(path)) throw new UserError(`config file ${configFile} not found; check the --config path`);
    try {
      const result = await explorer().load(path);
      return validate(path, result?.config ?? {});
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw invalid(path, parseProblem(e));
    }
  }
  let result;
  try {
    result = await explorer().search(cwd);
  } catch (e) {
    const path = (e as { filepath?: string }).filepath ?? 'found by search';
    throw invalid(path, parseProblem(e));
  }
  return result ? validate(result.filepath, result.config) : null;
}

/** The parser's own complaint on one line, without cosmiconfig's "JSON Error in FILE:" wrapper, code frame or colours. */
function parseProblem(e: unknown): string {
  const lines = String((e as Error)?.message ?? e)
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^(JSON|YAML) Error in /.test(l) && !/^>?\s*\d*\s*\|/.test(l));
  return (lines[0] ?? 'it could not be parsed').replace(/ while parsing .*$/, '');
}

export async function getProfile(name: string, configFile?: string, cwd = process.cwd()): Promise<{ profile: Profile; filepath: string }> {
  const config = await loadConfig(configFile, cwd);
  if (!config) throw new UserError(`profile "${name}" not found: no synthgen config here (.synthgenrc.json or a "synthgen" key in package.json); create one or pass --config FILE`);
  const profile = config.profiles[name];
  if (!profile) {
    const known = Object.keys(config.profiles);
    throw new UserError(`profile "${name}" not found in ${config.filepath}; known profiles: ${known.length ? known.join(', ') : 'none'}`);
  }
  return { profile, filepath: config.filepath };
}

/** A connection URL is saved without its password (user:pw@ or ?password=): that belongs in PGPASSWORD or ~/.pgpass. */
export { withoutPassword };

/**
 * Writes one profile into the user's config, keeping every other profile and key:
 * the JSON file cosmiconfig finds (or package.json's "synthgen" key), else a new
 * .synthgenrc.json in `cwd`. Written under a temporary name and renamed.
 */
export async function saveProfile(name: string, profile: Profile, cwd = process.cwd()): Promise<string> {
  if (!/^[A-Za-z0-9][\w.-]*$/.test(name)) throw new UserError(`profile name "${name}" must be letters, digits, '.', '_' or '-'`);
  const found = await loadConfig(undefined, cwd);
  const path = found?.filepath ?? join(cwd, '.synthgenrc.json');
  let doc: Record<string, unknown> = {};
  if (found) {
    try {
      doc = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      throw new UserError(`cannot add a profile to ${path}: only JSON configs can be edited; add it by hand or move to .synthgenrc.json`);
    }
  }
  const isPackage = basename(path) === 'package.json';
  const config = (isPackage ? ((doc.synthgen ??= {}) as Record<string, unknown>) : doc);
  const profiles = (config.profiles ??= {}) as Record<string, Profile>;
  profiles[name] = profile.url ? { ...profile, url: withoutPassword(profile.url) } : profile;
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, JSON.stringify(doc, null, 2) + '\n');
  renameSync(temp, path);
  return path;
}
