/** The signals that stop a check gracefully, as Terraform handles them. */
const SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM"];

/** Exit code of a run stopped by a signal: the shell's convention for SIGINT (128 + 2). */
export const INTERRUPTED_EXIT_CODE = 130;

export interface InterruptWatch {
  /** Aborts on the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** Stops listening; the process's default handling of the signals comes back. */
  dispose(): void;
}

/**
 * Terraform's handling of interrupts: the first SIGINT or SIGTERM stops the check gracefully (no new
 * requests, reports still written) and says so; a second one exits at once with 130.
 */
export function watchInterrupts(
  stderr: NodeJS.WritableStream,
  exitNow: (code: number) => void = (code) => process.exit(code),
  target: Pick<NodeJS.Process, "on" | "off"> = process,
): InterruptWatch {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) {
      exitNow(INTERRUPTED_EXIT_CODE);
      return;
    }
    stderr.write(
      "Interrupt received. Stopping the check and writing the reports; interrupt again to stop at once.\n",
    );
    controller.abort();
  };
  for (const name of SIGNALS) target.on(name, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of SIGNALS) target.off(name, onSignal);
    },
  };
}
