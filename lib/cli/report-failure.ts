import { PgLtrInputError } from "../errors/input-error";
import { styleFor } from "../render/ansi-style";
import { renderDiagnostic } from "../render/diagnostic";

/**
 * Prints why a command stopped, framed like a Terraform diagnostic. A PgLtrInputError is the user's to
 * fix and its message says how, so it is printed alone; anything else is a bug, printed as one line with
 * a hint, and with its stack only when PG_LTR_DEBUG=1.
 */
export function reportFailure(
  error: unknown,
  stderr: NodeJS.WritableStream,
  options: { readonly color: boolean; readonly env: NodeJS.ProcessEnv },
): void {
  const style = styleFor(options.color);
  if (error instanceof PgLtrInputError) {
    stderr.write(renderDiagnostic("Error", error.message, [], style));
    return;
  }
  const message = error instanceof Error ? error.message || error.name : String(error);
  const debug = options.env.PG_LTR_DEBUG === "1";
  const detail = [
    debug
      ? "This is a bug in pg-ltr; please report it with the command you ran and the stack trace below."
      : "This is a bug in pg-ltr; please report it with the command you ran (PG_LTR_DEBUG=1 prints the stack trace).",
  ];
  if (debug && error instanceof Error && error.stack) detail.push("", ...error.stack.split("\n"));
  stderr.write(renderDiagnostic("Error", `unexpected failure: ${message.split("\n")[0]}`, detail, style));
}
