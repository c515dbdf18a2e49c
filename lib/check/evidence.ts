import { attributeScheduledRuns, type ScheduledAttribution } from "./attribute-scheduled-runs";
import type { NoAnswerCause } from "./fetch/arm-answer";
import type { PlannedCheck, ServerPlan } from "./plan-requests";
import type { HttpFacts, SchemaError } from "./result";
import type {
  OperationAnswer,
  ValidatedAnswer,
  ValidatedListing,
  ValidatedProbe,
  ValidatedServerAnswers,
} from "./validate-answer";

/** Which parent of a backup does not exist. */
export type MissingParent = "server" | "resource-group" | "subscription";

/** What the answers say about one expectation; the classifier turns it into a verdict. */
export type Evidence =
  /** The backup operation was found by GET. */
  | { readonly kind: "found"; readonly http: HttpFacts; readonly operation: OperationAnswer }
  /** The listing's operations that carry the backup's name (ignoring case), at least one. */
  | { readonly kind: "listed"; readonly http: HttpFacts; readonly candidates: OperationAnswer[] }
  /** The server exists and has no backup operation of that name. */
  | { readonly kind: "absent"; readonly http: HttpFacts; readonly serverCreatedAt?: Date }
  /** The server's listing, for `latest`. */
  | {
      readonly kind: "listing";
      readonly http: HttpFacts;
      readonly operations: OperationAnswer[];
      /** When the server was created, read only when it has no succeeded backup at all. */
      readonly serverCreatedAt?: Date;
    }
  /**
   * The listing's operations that can only be one scheduled run's: started at or after it and before
   * the server's next scheduled run (see attributeScheduledRuns), and those without a start time.
   */
  | {
      readonly kind: "scheduled-run";
      readonly http: HttpFacts;
      readonly started: readonly OperationAnswer[];
      readonly unplaced: readonly OperationAnswer[];
      /** When the server was created, read only when it has no succeeded backup at all. */
      readonly serverCreatedAt?: Date;
    }
  | { readonly kind: "parent-missing"; readonly http: HttpFacts; readonly parent: MissingParent }
  /** A 200 that is not JSON, or a listing page that is not `{ value: [...] }`. */
  | {
      readonly kind: "malformed";
      readonly http: HttpFacts;
      readonly schemaErrors: SchemaError[];
      readonly page: number;
    }
  /** ARM answered an error (401, 403, 429 or 5xx after retries, ...). */
  | {
      readonly kind: "refused";
      readonly http: HttpFacts;
      readonly attempts: number;
      /** Where the error body broke the ErrorResponse shape. */
      readonly schemaErrors: SchemaError[];
      /** Set when the error came from the probe that follows a 404, not from the backup's own request. */
      readonly whileProbing: boolean;
    }
  | {
      readonly kind: "no-answer";
      readonly http: HttpFacts;
      readonly cause: NoAnswerCause;
      readonly attempts: number;
    }
  /** The listing stopped at a `nextLink` that was not followed. */
  | {
      readonly kind: "incomplete-listing";
      readonly http: HttpFacts;
      readonly nextLink: string;
      readonly reason: string;
    };

/**
 * Matches a server's validated answers to its expectations; pure. A GET's 404 counts as "absent" only
 * when the server's listing (planned, or probed for this) answered 200: a 404 alone cannot tell a
 * missing backup from a missing server, and Azure's codes for the two vary.
 */
export function gatherEvidence(
  plan: ServerPlan,
  answers: ValidatedServerAnswers,
): Map<PlannedCheck, Evidence> {
  const evidence = new Map<PlannedCheck, Evidence>();
  const listing = answers.listing ? listingEvidence(answers.listing) : undefined;
  const probe = answers.probe ?? (answers.listing ? probeFromListing(answers.listing) : null);
  const scheduled = listing?.kind === "listing" ? scheduledAttribution(plan, listing) : undefined;
  for (const check of plan.checks) {
    const { backupName, expectation } = check.target;
    if (expectation.kind === "scheduled") {
      evidence.set(
        check,
        listing?.kind === "listing" && scheduled
          ? {
              kind: "scheduled-run",
              http: listing.http,
              started: scheduled.started.get(Date.parse(expectation.scheduledAt)) ?? [],
              unplaced: scheduled.unplaced,
            }
          : (listing ?? missingAnswer()),
      );
    } else if (expectation.kind === "latest" || backupName === null) {
      evidence.set(check, listing ?? missingAnswer());
    } else if (plan.lookup === "list") {
      evidence.set(
        check,
        listing?.kind === "listing" ? findInListing(listing, backupName) : (listing ?? missingAnswer()),
      );
    } else {
      const answer = answers.gets.get(backupName);
      evidence.set(check, answer ? getEvidence(answer, probe) : missingAnswer());
    }
  }
  const createdAt = answers.serverCreatedAt;
  if (createdAt !== undefined) {
    for (const [check, found] of evidence) {
      if (found.kind === "absent" || found.kind === "listing" || found.kind === "scheduled-run") {
        evidence.set(check, { ...found, serverCreatedAt: createdAt });
      }
    }
  }
  return evidence;
}

function getEvidence(answer: ValidatedAnswer, probe: ValidatedProbe | null): Evidence {
  switch (answer.kind) {
    case "operation":
      return { kind: "found", http: answer.http, operation: answer.operation };
    case "not-json":
      return {
        kind: "malformed",
        http: answer.http,
        schemaErrors: [{ pointer: "", message: answer.message }],
        page: 0,
      };
    case "no-answer":
      return { kind: "no-answer", http: answer.http, cause: answer.cause, attempts: answer.attempts };
    case "error": {
      if (answer.http.status !== 404) {
        return refused(answer, false);
      }
      const named = parentNamedByCode(answer.http.code);
      if (named) return { kind: "parent-missing", http: answer.http, parent: named };
      if (!probe) return refused(answer, false);
      switch (probe.kind) {
        case "exists":
          return { kind: "absent", http: answer.http };
        case "error":
          if (probe.http.status === 404) {
            return {
              kind: "parent-missing",
              http: probe.http,
              parent: parentNamedByCode(probe.http.code) ?? "server",
            };
          }
          return refused(probe, true);
        case "no-answer":
          return { kind: "no-answer", http: probe.http, cause: probe.cause, attempts: probe.attempts };
        default:
          return refused(answer, false);
      }
    }
  }
}

function listingEvidence(listing: ValidatedListing): Evidence {
  switch (listing.kind) {
    case "complete":
      return { kind: "listing", http: listing.http, operations: listing.operations };
    case "invalid":
      return {
        kind: "malformed",
        http: listing.http,
        schemaErrors: listing.schemaErrors,
        page: listing.page,
      };
    case "incomplete":
      return {
        kind: "incomplete-listing",
        http: listing.http,
        nextLink: listing.nextLink,
        reason: listing.reason,
      };
    case "failed": {
      const answer = listing.answer;
      if (answer.kind === "no-answer") {
        return { kind: "no-answer", http: answer.http, cause: answer.cause, attempts: answer.attempts };
      }
      if (answer.kind === "error" && answer.http.status === 404) {
        // The listing of a server exists whenever the server does, so its 404 is about a parent.
        return {
          kind: "parent-missing",
          http: answer.http,
          parent: parentNamedByCode(answer.http.code) ?? "server",
        };
      }
      if (answer.kind === "error") return refused(answer, false);
      return { kind: "malformed", http: answer.http, schemaErrors: [], page: listing.page };
    }
  }
}

/** The listing sorted onto every scheduled run the server's checks ask about, once per server. */
function scheduledAttribution(
  plan: ServerPlan,
  listing: Extract<Evidence, { kind: "listing" }>,
): ScheduledAttribution | undefined {
  const instants: Date[] = [];
  for (const check of plan.checks) {
    const { expectation } = check.target;
    if (expectation.kind === "scheduled") instants.push(new Date(expectation.scheduledAt));
  }
  return instants.length > 0 ? attributeScheduledRuns(listing.operations, instants) : undefined;
}

/** The listing doubles as the probe: its first page answered, so the server exists or it did not. */
function probeFromListing(listing: ValidatedListing): ValidatedProbe {
  if (listing.kind === "failed" && listing.page === 1) return listing.answer;
  return { kind: "exists", http: listing.kind === "failed" ? listing.answer.http : listing.http };
}

/**
 * The operations in the listing that carry that name, in `name` or `properties.backupName`, ignoring
 * case as ARM does (a GET of `Nightly` finds `nightly`); which of them answers is the judge's call.
 */
function findInListing(listing: Extract<Evidence, { kind: "listing" }>, backupName: string): Evidence {
  const wanted = backupName.toLowerCase();
  const candidates = listing.operations.filter(
    ({ identity }) =>
      identity.name?.toLowerCase() === wanted || identity.backupName?.toLowerCase() === wanted,
  );
  return candidates.length > 0
    ? { kind: "listed", http: listing.http, candidates }
    : { kind: "absent", http: listing.http };
}

function refused(answer: Extract<ValidatedAnswer, { kind: "error" }>, whileProbing: boolean): Evidence {
  return {
    kind: "refused",
    http: answer.http,
    attempts: answer.attempts,
    schemaErrors: answer.schemaErrors,
    whileProbing,
  };
}

function parentNamedByCode(code: string | null): MissingParent | undefined {
  switch (code?.toLowerCase()) {
    case "resourcegroupnotfound":
      return "resource-group";
    case "subscriptionnotfound":
    case "invalidsubscriptionid":
      return "subscription";
    case "parentresourcenotfound":
      return "server";
    default:
      return undefined;
  }
}

/** A planned request without an answer: a planning bug, reported rather than passed over. */
function missingAnswer(): Evidence {
  return {
    kind: "no-answer",
    http: {
      status: null,
      code: null,
      message: "the check planned no request for this expectation",
      requestId: null,
    },
    cause: "other",
    attempts: 0,
  };
}
