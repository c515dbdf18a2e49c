import { PgLtrInputError } from "../../../lib/errors/input-error";

/** The message of the PgLtrInputError `run` throws; fails the test when it throws nothing else. */
export function inputError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PgLtrInputError);
    return (error as Error).message;
  }
  throw new Error("expected a PgLtrInputError, but nothing was thrown");
}
