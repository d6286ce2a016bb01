// How parameter text is read, in-process: numbers are decimal (an exponent is
// fine for a rate, not for a whole number), and a map keyed by a list may name
// what the list holds. The refusals are driven through the binary in cli-input.test.ts.
import { describe, expect, it } from 'vitest';
import { saasMetrics } from '../scenarios/saas-metrics/index.js';
import { showAndWell } from '../scenarios/show-and-well/index.js';
import { checkParam, checkWhole, describeRange, resolveParams } from '../src/engine/params.js';

const spec = (name: string) => saasMetrics.params.find((p) => p.name === name)!;

describe('numbers', () => {
  it('reads decimal text, with an exponent where a fraction is allowed', () => {
    expect(checkParam(spec('churn_rate'), '5e-2')).toEqual({ value: 0.05 });
    expect(checkParam(spec('churn_rate'), '.25')).toEqual({ value: 0.25 });
    expect(checkParam(spec('churn_rate'), ' 0.1 ')).toEqual({ value: 0.1 });
    expect(checkParam(spec('customers'), '1500')).toEqual({ value: 1500 });
    expect(checkParam(spec('customers'), 1500)).toEqual({ value: 1500 });
  });

  it('refuses hex, binary, octal, exponents and fractions where a whole number is wanted', () => {
    for (const raw of ['0x10', '0b11', '0o7', '1e3', '1.0', '1_000', '']) {
      expect(checkParam(spec('customers'), raw), raw).toEqual({ error: `customers must be an integer from 1 to 20000000, got ${JSON.stringify(raw)}` });
    }
    expect(checkWhole('seed', 2 ** 40, 0, 2 ** 32 - 1)).toEqual({ error: 'seed must be a whole number from 0 to 4294967295, got 1099511627776' });
    expect(checkWhole('seed', '12', 0, 2 ** 32 - 1)).toEqual({ value: 12 });
  });
});

describe('maps keyed by a list', () => {
  it('accept a name the list was given, and say which list holds the names', () => {
    const params = resolveParams(showAndWell, { programs: 'Movement,Yoga', prices: 'Yoga:50' });
    expect(params.prices).toMatchObject({ Movement: 75, Yoga: 50 });
    expect(describeRange(showAndWell.params.find((p) => p.name === 'prices')!)).toBe(
      'name:number pairs separated by commas (numbers from 0 to 100000; names among the programs); unnamed entries keep their defaults',
    );
  });

  it('refuse a seed program the list no longer holds', () => {
    expect(() => resolveParams(showAndWell, { programs: 'Movement', prices: 'Stress:50' })).toThrow(
      'prices has no entry "Stress"; names are the programs: Movement (set programs to add one)',
    );
  });
});
