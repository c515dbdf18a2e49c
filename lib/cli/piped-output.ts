import { PgLtrInputError } from "../errors/input-error";

/**
 * Standard output whose reader may go away early, as in `pg-ltr check | head -20` to see the first
 * drift. Node reports the closed pipe as an EPIPE `error` event, which, unhandled, ends the process
 * with a stack trace while the check still runs; here it ends writing quietly, as a Unix tool that
 * dies of SIGPIPE prints nothing more, and the check goes on to write its --output files and exit
 * with its own code. Any other write error stops writing too and is kept for the command to report.
 * The listener stays for the life of the stream, so that an error after the command is done is
 * handled as well.
 */
export class PipedOutput {
  private gone = false;
  private failure: NodeJS.ErrnoException | undefined;

  constructor(readonly stream: NodeJS.WritableStream & { readonly isTTY?: boolean }) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      this.gone = true;
      // Writes that were already on their way fail with ERR_STREAM_DESTROYED once EPIPE destroyed the stream.
      if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") this.failure ??= error;
    });
  }

  /** Whether the reader is gone (or writing failed): nothing more is written. */
  get closed(): boolean {
    return this.gone;
  }

  /** A write error other than the reader going away, if one happened. */
  get error(): NodeJS.ErrnoException | undefined {
    return this.failure;
  }

  write(text: string): void {
    if (!this.gone) this.stream.write(text);
  }
}

/** A write to standard output failed for another reason than its reader going away. */
export function standardOutputError(error: NodeJS.ErrnoException): PgLtrInputError {
  return new PgLtrInputError(
    `could not write to standard output (${error.code ?? error.message}); the --output files were written`,
  );
}
