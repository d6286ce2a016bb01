// Parameter parsing and validation, shared by --set, profiles and the wizard so
// every entry point refuses a bad value with the same message.
import { UserError } from '../errors.js';
import { parseDate } from './dates.js';
import type { ParamSpec, ParamValue, Params, Scenario } from './model.js';

/** The allowed values of a parameter, in words, for help and errors. */
export function describeRange(spec: ParamSpec): string {
  switch (spec.type) {
    case 'integer':
    case 'number': {
      const kind = spec.type === 'integer' ? 'an integer' : 'a number';
      if (spec.min !== undefined && spec.max !== undefined) return `${kind} from ${spec.min} to ${spec.max}`;
      if (spec.min !== undefined) return `${kind} of at least ${spec.min}`;
      return kind;
    }
    case 'date':
      return 'a date as YYYY-MM-DD';
    case 'enum':
      return `one of ${spec.choices!.join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'string':
      return spec.patternHelp ?? 'text';
    case 'list':
      return 'a comma-separated list of names';
    case 'map': {
      const range = spec.min !== undefined && spec.max !== undefined ? ` from ${spec.min} to ${spec.max}` : '';
      const names = spec.keys ? `; names among ${spec.keys.join(', ')}` : spec.keysFrom ? `; names among the ${spec.keysFrom}` : '';
      return `name:number pairs separated by commas (numbers${range}${names}); unnamed entries keep their defaults`;
    }
  }
}

/** A value as text: how --set takes it and how screens show it. */
export function formatParam(value: ParamValue): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}:${v}`).join(',');
  return String(value);
}

export function sameValue(a: ParamValue, b: ParamValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Names that would reach an object's prototype when used as a key (`obj[name]`):
 * generators look cities and programs up by name, so these are refused everywhere.
 */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

function reservedName(spec: ParamSpec, name: string): { error: string } | null {
  return RESERVED_NAMES.has(name) ? { error: `${spec.name}: "${name}" cannot be used as a name; choose another` } : null;
}

/** Decimal numbers only: Number() would also take 0x10, 0b11, 0o7 and "Infinity". */
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Whole numbers are digits only: no exponent (1e3), no fraction, no hex. */
const WHOLE_TEXT = /^[+-]?\d+$/;

/** A number from a profile (JSON number) or from text written in decimal; NaN otherwise. */
function toNumber(raw: unknown, whole: boolean): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string') return NaN;
  const text = raw.trim();
  return (whole ? WHOLE_TEXT : NUMBER_TEXT).test(text) ? Number(text) : NaN;
}

export const SEED_RANGE = { min: 0, max: 2 ** 32 - 1 };
export const BATCH_SIZE_RANGE = { min: 1, max: 1_000_000 };

/** The rule --seed and --batch-size follow, shared with the same keys in profiles. */
export function checkWhole(label: string, raw: unknown, min: number, max: number): { value: number } | { error: string } {
  const n = toNumber(raw, true);
  if (!Number.isSafeInteger(n) || n < min || n > max) return { error: `${label} must be a whole number from ${min} to ${max}, got ${shown(raw)}` };
  return { value: n };
}

function parseList(raw: unknown): string[] | null {
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : null;
  if (!items || !items.every((x) => typeof x === 'string')) return null;
  const names = items.map((x) => x.trim());
  return names.length && names.every((x) => x) && new Set(names).size === names.length ? names : null;
}

/** name -> value pairs in the order given (duplicates kept, so they can be refused), or null. */
function mapEntries(raw: unknown): [string, unknown][] | null {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) return Object.entries(raw);
  if (typeof raw !== 'string') return null;
  const out: [string, unknown][] = [];
  for (const pair of raw.split(',')) {
    const at = pair.lastIndexOf(':');
    if (at <= 0) return null;
    out.push([pair.slice(0, at).trim(), pair.slice(at + 1).trim()]);
  }
  return out;
}

function shown(raw: unknown): string {
  return typeof raw === 'string' ? JSON.stringify(raw) : String(raw);
}

/** Returns the typed value, or an error message naming the parameter and the allowed range. */
export function checkParam(spec: ParamSpec, raw: unknown): { value: ParamValue } | { error: string } {
  const fail = () => ({ error: `${spec.name} must be ${describeRange(spec)}, got ${shown(raw)}` });
  if (raw === null || raw === '' || raw === undefined) {
    if (spec.optional) return { value: null };
    if (spec.type !== 'string') return fail();
  }
  switch (spec.type) {
    case 'integer':
    case 'number': {
      const n = toNumber(raw, spec.type === 'integer');
      if (!Number.isFinite(n)) return fail();
      if (spec.type === 'integer' && !Number.isInteger(n)) return fail();
      if (spec.min !== undefined && n < spec.min) return fail();
      if (spec.max !== undefined && n > spec.max) return fail();
      return { value: n };
    }
    case 'date': {
      if (typeof raw !== 'string' || parseDate(raw) === null) return fail();
      return { value: raw };
    }
    case 'enum': {
      if (typeof raw !== 'string' || !spec.choices!.includes(raw)) return fail();
      return { value: raw };
    }
    case 'boolean': {
      if (raw === true || raw === 'true') return { value: true };
      if (raw === false || raw === 'false') return { value: false };
      return fail();
    }
    case 'string': {
      const s = raw === null || raw === undefined ? '' : String(raw);
      if (spec.pattern && !spec.pattern.test(s)) return fail();
      return { value: s };
    }
    case 'list': {
      const names = parseList(raw);
      if (!names) return fail();
      for (const name of names) {
        const reserved = reservedName(spec, name);
        if (reserved) return reserved;
      }
      return { value: names };
    }
    case 'map': {
      const given = mapEntries(raw);
      if (!given) return fail();
      const merged: Record<string, number> = { ...((spec.default as Record<string, number> | null) ?? {}) };
      const seen = new Set<string>();
      for (const [key, v] of given) {
        const reserved = reservedName(spec, key);
        if (reserved) return reserved;
        if (spec.keys && !spec.keys.includes(key)) return { error: `${spec.name} has no entry "${key}"; names are ${spec.keys.join(', ')}` };
        if (seen.has(key)) return { error: `${spec.name} names "${key}" twice; give each name once` };
        seen.add(key);
        const n = toNumber(v, false);
        if (!Number.isFinite(n) || (spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
          return { error: `${spec.name}: ${key} must be a number from ${spec.min} to ${spec.max}, got ${shown(v)}` };
        }
        merged[key] = n;
      }
      return { value: merged };
    }
  }
}

/** Splits `--set key=value` flags; a flag without '=' or a key is refused. */
export function parseSetFlags(flags: readonly string[]): Record<string, string> {
  // No prototype: `--set __proto__=1` is then a plain (unknown) key, not a prototype change.
  const out: Record<string, string> = Object.create(null);
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new UserError(`--set needs key=value, got ${JSON.stringify(flag)}`);
    out[flag.slice(0, eq).trim()] = flag.slice(eq + 1);
  }
  return out;
}

/** A map keyed by another parameter's names (prices by program) may name only those. */
function checkKeysFrom(scenario: Scenario, params: Params, given: Record<string, unknown>): void {
  for (const spec of scenario.params) {
    if (spec.type !== 'map' || !spec.keysFrom || !Object.hasOwn(given, spec.name)) continue;
    const names = params[spec.keysFrom] as string[];
    for (const [key] of mapEntries(given[spec.name]) ?? []) {
      if (!names.includes(key)) {
        throw new UserError(`${spec.name} has no entry "${key}"; names are the ${spec.keysFrom}: ${names.join(', ')} (set ${spec.keysFrom} to add one)`);
      }
    }
  }
}

type Env = Record<string, string | undefined>;

/** A scenario's defaults, with those an environment variable sets (envVar) taken from `env`. */
export function paramDefaults(scenario: Scenario, env: Env = process.env): Params {
  const params: Params = {};
  for (const spec of scenario.params) {
    params[spec.name] = spec.default;
    const raw = spec.envVar ? env[spec.envVar] : undefined;
    if (raw === undefined || raw === '') continue;
    const result = checkParam(spec, raw);
    if ('error' in result) throw new UserError(`${spec.envVar}=${raw} is not a value for ${spec.name}: it must be ${describeRange(spec)} (unset ${spec.envVar} for the default, ${formatParam(spec.default)})`);
    params[spec.name] = result.value;
  }
  return params;
}

/** Scenario defaults (see paramDefaults) overlaid with the given values, each validated. */
export function resolveParams(scenario: Scenario, given: Record<string, unknown>, env: Env = process.env): Params {
  const params = paramDefaults(scenario, env);
  for (const [name, raw] of Object.entries(given)) {
    const spec = scenario.params.find((p) => p.name === name);
    if (!spec) {
      const known = scenario.params.map((p) => p.name).join(', ');
      throw new UserError(`unknown parameter "${name}" for scenario ${scenario.name} (known: ${known})`);
    }
    const result = checkParam(spec, raw);
    if ('error' in result) throw new UserError(result.error);
    params[name] = result.value;
  }
  checkKeysFrom(scenario, params, given);
  const problem = scenario.validate?.(params);
  if (problem) throw new UserError(problem);
  return params;
}
