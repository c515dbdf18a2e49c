import type { Expectation } from "./result";

/**
 * The label of an expectation (see `ExpectationTarget.subject`). A `latest` expectation is labelled by
 * what it asks for, not by the backup found, so that its label does not change when a newer backup
 * arrives and a CI reporter can follow it from run to run; a scheduled run likewise by its scheduled
 * instant, as the Backup service picks the operation's name.
 */
export function expectationSubject(
  serverName: string,
  expectation:
    | Pick<Exclude<Expectation, { kind: "scheduled" }>, "kind">
    | Pick<Extract<Expectation, { kind: "scheduled" }>, "kind" | "scheduledAt">,
  backupName: string | null,
): string {
  const about =
    expectation.kind === "latest"
      ? "(latest)"
      : expectation.kind === "scheduled"
        ? `(scheduled ${expectation.scheduledAt})`
        : (backupName ?? "(unnamed)");
  return `${serverName}/${about}`;
}
