// Profiles: named, saved runs in the user's synthgen config, found by cosmiconfig
// (.synthgenrc.json, a "synthgen" key in package.json, synthgen.config.js, ...).
// Shared by `synthgen run --profile` and the wizard.
import { cosmiconfig, defaultLoaders } from 'cosmiconfig';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { withoutPassword } from '../sinks/pgurl.js';
import { LOCK_TIMEOUT_RANGE } from '../sinks/pglimits.js';
import { BATCH_SIZE_RANGE, checkWhole, SEED_RANGE } from '../engine/params.js';

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
  /** Parquet target: a table of more than 524,288 rows as a folder of part files (--parquet-parts). */
  parquetParts?: boolean;
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

/** Every key a profile may hold; anything else is refused by name (a typo like "sed" would otherwise be ignored). */
export const PROFILE_KEYS = ['scenario', 'seed', 'params', 'target', 'out', 'force', 'batchSize', 'pipeline', 'parquetParts', 'url', 'schema', 'lockTimeout'] as const;

/**
 * JSON configs may start with a UTF-8 byte-order mark (Windows editors write one); JSON.parse refuses it.
 * (A package.json with a BOM in the current folder is still refused: cosmiconfig reads it for its own
 * meta-config with its default loader, before ours is used.)
 */
const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

const explorer = () =>
  cosmiconfig('synthgen', {
    searchStrategy: 'global',
    cache: false,
    loaders: { '.json': (filepath, content) => defaultLoaders['.json'](filepath, stripBom(content)) },
  });

function invalid(filepath: string, why: string): UserError {
  return new UserError(`invalid config file ${filepath}: ${why}; fix it or pass another --config`);
}

/** One profile checked by the same rules as the flags it stands for; the typed profile, or what is wrong with it. */
function checkProfile(prof: Record<string, unknown>): { profile: Profile } | { error: string } {
  const unknown = Object.keys(prof).find((k) => !(PROFILE_KEYS as readonly string[]).includes(k));
  if (unknown !== undefined) return { error: `unknown key "${unknown}"; known keys are ${PROFILE_KEYS.join(', ')}` };
  if (typeof prof.scenario !== 'string') return { error: 'scenario must be a scenario name (see synthgen scenarios)' };
  const profile = { ...prof } as unknown as Profile;
  if (prof.seed !== undefined) {
    const seed = checkWhole('seed', prof.seed, SEED_RANGE.min, SEED_RANGE.max);
    if ('error' in seed) return seed;
    profile.seed = seed.value;
  }
  if (prof.batchSize !== undefined) {
    const size = checkWhole('batchSize', prof.batchSize, BATCH_SIZE_RANGE.min, BATCH_SIZE_RANGE.max);
    if ('error' in size) return size;
    profile.batchSize = size.value;
  }
  if (prof.lockTimeout !== undefined) {
    const seconds = checkWhole('lockTimeout', prof.lockTimeout, LOCK_TIMEOUT_RANGE.min, LOCK_TIMEOUT_RANGE.max);
    if ('error' in seconds) return seconds;
    profile.lockTimeout = seconds.value;
  }
  if (prof.params !== undefined && (typeof prof.params !== 'object' || prof.params === null || Array.isArray(prof.params)))
    return { error: 'params must be an object of parameter values' };
  for (const key of ['target', 'out', 'url', 'schema'] as const) {
    if (prof[key] !== undefined && typeof prof[key] !== 'string') return { error: `${key} must be a string` };
  }
  for (const key of ['force', 'pipeline', 'parquetParts'] as const) {
    if (prof[key] !== undefined && typeof prof[key] !== 'boolean') return { error: `${key} must be true or false` };
  }
  return { profile };
}

function validate(filepath: string, raw: unknown): LoadedConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalid(filepath, 'expected an object with "profiles"');
  const obj = raw as Record<string, unknown>;
  const given = obj.profiles ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw invalid(filepath, '"profiles" must be an object of named profiles');
  // No prototype: `--profile constructor` must not find Object.prototype.constructor.
  const profiles: Record<string, Profile> = Object.create(null);
  for (const [name, p] of Object.entries(given as Record<string, unknown>)) {
    if (typeof p !== 'object' || p === null || Array.isArray(p)) throw invalid(filepath, `profiles.${name} must be an object`);
    const checked = checkProfile(p as Record<string, unknown>);
    if ('error' in checked) throw new UserError(`profile "${name}" in ${filepath}: ${checked.error}`);
    profiles[name] = checked.profile;
  }
  return { filepath, profiles, raw: obj };
}

/** The config named by --config, or the one cosmiconfig finds from `cwd`, or null. */
export async function loadConfig(configFile?: string, cwd = process.cwd()): Promise<LoadedConfig | null> {
  if (configFile) {
    const path = resolve(cwd, configFile);
    if (!existsSync(path)) throw new UserError(`config file ${configFile} not found; check the --config path`);
    // Reading a FIFO or a device would wait forever (or for ever more bytes).
    if (!statSync(path).isFile()) throw new UserError(`config file ${configFile} is not a regular file; give --config a JSON, YAML or JS config file`);
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
  const profile = Object.hasOwn(config.profiles, name) ? config.profiles[name] : undefined;
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
      doc = JSON.parse(stripBom(readFileSync(path, 'utf8')));
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
