// Bad input or environment: one clear line for the user, exit code 2.
export class UserError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** The run was cancelled (Ctrl-C, Esc): exit code 130. */
export class CancelledError extends Error {
  readonly exitCode = 130;
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}
