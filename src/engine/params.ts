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
      return `name:number pairs separated by commas (numbers${range}${spec.keys ? `; names among ${spec.keys.join(', ')}` : ''}); unnamed entries keep their defaults`;
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

function parseList(raw: unknown): string[] | null {
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : null;
  if (!items || !items.every((x) => typeof x === 'string')) return null;
  const names = items.map((x) => x.trim());
  return names.length && names.every((x) => x) && new Set(names).size === names.length ? names : null;
}

function parseMap(raw: unknown): Record<string, unknown> | null {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  if (typeof raw !== 'string') return null;
  const out: Record<string, unknown> = {};
  for (const pair of raw.split(',')) {
    const at = pair.lastIndexOf(':');
    if (at <= 0) return null;
    out[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
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
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
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
      return names ? { value: names } : fail();
    }
    case 'map': {
      const given = parseMap(raw);
      if (!given) return fail();
      const merged: Record<string, number> = { ...((spec.default as Record<string, number> | null) ?? {}) };
      for (const [key, v] of Object.entries(given)) {
        const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
        if (spec.keys && !spec.keys.includes(key)) return { error: `${spec.name} has no entry "${key}"; names are ${spec.keys.join(', ')}` };
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
  const out: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new UserError(`--set needs key=value, got ${JSON.stringify(flag)}`);
    out[flag.slice(0, eq).trim()] = flag.slice(eq + 1);
  }
  return out;
}

/** Scenario defaults overlaid with the given values, each validated. */
export function resolveParams(scenario: Scenario, given: Record<string, unknown>): Params {
  const params: Params = {};
  for (const spec of scenario.params) params[spec.name] = spec.default;
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
  const problem = scenario.validate?.(params);
  if (problem) throw new UserError(problem);
  return params;
}
