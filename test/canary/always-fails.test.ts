// The canary: a test that always fails. .ci/run runs it alone, with the
// project's own config and global setup, and fails CI unless the runner exits
// non-zero. A runner that exits 0 on failures checks nothing (a dependency's
// exit hook once did that to this suite).
import { expect, it } from 'vitest';

it('canary: this test must fail and the runner must exit non-zero', () => {
  expect('the suite can fail').toBe('SYNTHGEN-CANARY');
});
