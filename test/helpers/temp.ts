// Every temporary folder a test makes is removed when that test ends, passed or
// failed, so test runs leave nothing in the system temp folder.
import { rmSync } from 'node:fs';
import { afterAll, onTestFinished } from 'vitest';

/** Made outside a test (in a describe or beforeAll): removed when the test file ends. */
const madeOutsideTests: string[] = [];
afterAll(() => {
  for (const dir of madeOutsideTests.splice(0)) removeDir(dir);
});

function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Removes `dir` when the current test finishes (or, outside a test, when the file's tests finish). */
export function removeWhenDone(dir: string): string {
  try {
    onTestFinished(() => removeDir(dir));
  } catch {
    // onTestFinished only works inside a test.
    madeOutsideTests.push(dir);
  }
  return dir;
}
