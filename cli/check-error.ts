/**
 * A reason the check could not run (exit code 2): a missing path, a directory that is neither input
 * kind, an unreadable file, an invalid config, a program that threw. The CLI prints its message and
 * never a stack trace, because the fix is on the user's side.
 */
export class CheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckError";
  }
}
