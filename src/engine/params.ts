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
  }
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
