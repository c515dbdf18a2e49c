import type { Expectation } from "./result";

/**
 * The label of an expectation (see `ExpectationTarget.subject`). A `latest` expectation is labelled by
 * what it asks for, not by the backup found, so that its label does not change when a newer backup
 * arrives and a CI reporter can follow it from run to run.
 */
export function expectationSubject(
  serverName: string,
  expectation: Pick<Expectation, "kind">,
  backupName: string | null,
): string {
  const about = expectation.kind === "latest" ? "(latest)" : (backupName ?? "(unnamed)");
  return `${serverName}/${about}`;
}
