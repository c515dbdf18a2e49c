import { serverChecks } from "./plan-requests";
import type { Finding } from "./result";
import type { UnresolvedServer } from "./resolve-subscriptions";

/**
 * The `error` findings of a server whose subscription could not be told: one per expectation that is
 * due (a series occurrence still within its grace is left out, as its absence would be no finding),
 * each with the reason, so the rest of the check goes on and the report says what to fix.
 */
export function unresolvedServerFindings(server: UnresolvedServer, now: Date): Finding[] {
  return serverChecks(server, now)
    .filter((check) => check.occurrence !== "pending")
    .map((check) => ({
      ...check.target,
      verdict: "error",
      reason: server.reason,
      observed: null,
      schemaErrors: [],
      http: null,
    }));
}
