/**
 * A mistake the user can fix (bad flag, bad config). Printed as one line, never with a stack trace.
 * `hint` says what to do about it.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
