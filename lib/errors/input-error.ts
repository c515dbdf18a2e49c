/**
 * A problem with what the user gave the checker (options, cdktf.out, credentials). The CLI prints its
 * message alone, without a stack trace, and exits 1; the message says what to fix.
 */
export class PgLtrInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PgLtrInputError";
  }
}
