// The built-in scenarios, by name.
import { UserError } from '../src/errors.js';
import type { Scenario } from '../src/engine/model.js';
import { saasMetrics } from './saas-metrics/index.js';
import { showAndWell } from './show-and-well/index.js';
import { saasChurn } from './saas-churn/index.js';
import { barPlatform } from './bar-platform/index.js';

export const SCENARIOS: Scenario[] = [saasMetrics, showAndWell, saasChurn, barPlatform];

/** The scenarios a worker thread can rebuild by name (a test may add its own to SCENARIOS, which a worker never sees). */
const BUILT_IN: readonly Scenario[] = [...SCENARIOS];
export const isBuiltIn = (s: Scenario) => BUILT_IN.includes(s);

export function findScenario(name: string): Scenario {
  const s = SCENARIOS.find((x) => x.name === name);
  if (!s) throw new UserError(`unknown scenario "${name}"; choose one of ${SCENARIOS.map((x) => x.name).join(', ')} (see synthgen scenarios)`);
  return s;
}
