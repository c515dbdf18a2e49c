import { parsedBody, type ArmAnswer } from "./fetch/arm-answer";
import type { ServerPlan } from "./plan-requests";
import type { ValidatedServerAnswers } from "./validate-answer";

/**
 * Whether to ask ARM for the server itself: only when its complete listing holds no succeeded LTR
 * backup at all and a `latest`, a due series occurrence or a scheduled run would otherwise be drift. Then the server's
 * `systemData.createdAt` tells a new server still waiting for its first backup from a neglected one.
 * In every other case no request is added, so a check's request count does not move.
 */
export function needsServerAge(plan: ServerPlan, answers: ValidatedServerAnswers): boolean {
  const waitsForBackups = plan.checks.some(
    (check) =>
      check.target.expectation.kind === "latest" ||
      ((check.target.expectation.kind === "series" || check.target.expectation.kind === "scheduled") &&
        check.occurrence !== "pending"),
  );
  const listing = answers.listing;
  if (!waitsForBackups || listing?.kind !== "complete") return false;
  // A malformed operation could be the succeeded one: the verdict is then `invalid` anyway.
  if (listing.operations.some((operation) => operation.schemaErrors.length > 0)) return false;
  return !listing.operations.some((operation) => operation.observed.status === "Succeeded");
}

/**
 * The `systemData.createdAt` of a server GET, read leniently: anything but a 200 with a valid instant
 * is undefined, and the expectation is judged as for any server (its verdict says what was observed).
 */
export function serverCreatedAt(answer: ArmAnswer): Date | undefined {
  if (answer.kind !== "response" || answer.status !== 200) return undefined;
  const parsed = parsedBody(answer);
  if (!parsed.ok) return undefined;
  const body = parsed.value;
  const systemData = (body as { systemData?: unknown } | null)?.systemData;
  const createdAt = (systemData as { createdAt?: unknown } | null | undefined)?.createdAt;
  if (typeof createdAt !== "string" || !/^\d{4}-\d{2}-\d{2}T/.test(createdAt)) return undefined;
  const time = new Date(createdAt);
  return Number.isNaN(time.getTime()) ? undefined : time;
}
