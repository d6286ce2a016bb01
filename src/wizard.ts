// The interactive wizard lands with issue 3; until then point at the headless runner.
import { USAGE } from './usage.js';

export async function startWizard(): Promise<number> {
  process.stdout.write(USAGE);
  return 2;
}
