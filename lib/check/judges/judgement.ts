import type { MissingParent } from "../evidence";
import type { NoAnswerCause } from "../fetch/arm-answer";
import type { HttpFacts, ObservedBackup, SchemaError, Verdict } from "../result";
import type { Duration } from "../../time/duration";
import type { LocatedProblem, Problem } from "./operation-problems";

/** What judges and the wording of reasons know beyond the evidence. */
export interface ClassifyContext {
  /** The instant freshness is judged against. */
  readonly now: Date;
  /** How long an operation may run before it counts as stuck. */
  readonly stuckAfter: { readonly text: string; readonly duration: Duration };
  /** Status values Azure documents (the schema's `knownValues`). */
  readonly knownStatuses: readonly string[];
  /** The per-request timeout as the user gave it, for timeout reasons. */
  readonly timeoutText: string;
  /** `--require-existing`: a server this deploy would create is an error, not pending (post-deploy runs). */
  readonly requireExisting: boolean;
}

/**
 * What a judge decided about one expectation: the verdict and the facts that led to it, never the
 * sentence. Judges decide; `reason-wording.ts` says it, the way a core-rest-pipeline retry strategy
 * only returns `{ retryAfterInMs }` and leaves the loop to the policy.
 */
export interface Judgement {
  readonly verdict: Verdict;
  readonly why: Why;
  /** The HTTP exchange behind the verdict. */
  readonly http: HttpFacts | null;
  /** The backup as Azure reported it. @default null */
  readonly observed?: ObservedBackup | null;
  /** Schema violations behind the verdict. @default none */
  readonly schemaErrors?: readonly SchemaError[];
  /**
   * Which backup the finding is about, when the judge chose it (the newest of a listing) or found none.
   *
   * @default - the backup the expectation names
   */
  readonly backupName?: string | null;
  /** Operations of the answers set aside as evidence, shown as the finding's notes. @default none */
  readonly setAside?: readonly LocatedProblem[];
}

/** The facts behind a verdict, one case per sentence the wording module can say. */
export type Why =
  | { readonly kind: "parent-missing"; readonly parent: MissingParent }
  | { readonly kind: "refused"; readonly attempts: number; readonly whileProbing: boolean }
  | { readonly kind: "no-answer"; readonly cause: NoAnswerCause; readonly attempts: number }
  | { readonly kind: "incomplete-listing"; readonly nextLink: string; readonly reason: string }
  /** A body that is not JSON, or a listing page that is not `{ value: [...] }`; 0 for a GET. */
  | { readonly kind: "malformed-body"; readonly page: number }
  /** A named backup the server does not have. */
  | { readonly kind: "not-found" }
  /** The newest due occurrence of a series does not exist. */
  | { readonly kind: "overdue"; readonly scheduledAt: Date; readonly dueBy: Date }
  /** An older occurrence of a series does not exist. */
  | {
      readonly kind: "occurrence-missing";
      readonly scheduledAt: Date;
      readonly keep: number;
      readonly template: string;
    }
  /**
   * No usable operation started within a scheduled run's grace. `late` is the first that started
   * after the grace and before the server's next scheduled run, which does not count as the run.
   */
  | {
      readonly kind: "scheduled-run-missing";
      readonly scheduledAt: Date;
      readonly startBy: Date;
      /** The policy, by name when known, else by address. */
      readonly policy: string;
      readonly late: {
        readonly backupName: string | null;
        readonly started: Date;
        readonly status: string | null;
      } | null;
    }
  /** No usable operation started within the grace, and `unjudged` that cannot be used might be the run. */
  | {
      readonly kind: "scheduled-run-unjudgeable";
      readonly scheduledAt: Date;
      readonly startBy: Date;
      readonly policy: string;
      readonly unjudged: number;
    }
  | { readonly kind: "schema-mismatch" }
  /** The answer is about something else, or names an impossible time. */
  | { readonly kind: "unusable"; readonly problem: Exclude<Problem, { kind: "schema" }> }
  | { readonly kind: "no-status" }
  | { readonly kind: "unknown-status"; readonly status: string; readonly known: readonly string[] }
  | { readonly kind: "failed"; readonly ended: Date | undefined }
  | { readonly kind: "cancelled"; readonly ended: Date | undefined }
  | { readonly kind: "running-without-start" }
  | { readonly kind: "running"; readonly started: Date }
  /** Running for longer than `stuckAfter`. */
  | { readonly kind: "stuck"; readonly started: Date }
  | { readonly kind: "running-past-due"; readonly started: Date; readonly dueBy: Date }
  | { readonly kind: "succeeded"; readonly ended: Date | undefined }
  | { readonly kind: "succeeded-without-end"; readonly maxAge: string }
  /** Judged by end time; `newest` is set when the backup is the newest succeeded one of a listing. */
  | {
      readonly kind: "age";
      readonly ended: Date;
      readonly maxAge: string;
      readonly cutoff: Date;
      readonly newest: { readonly backupName: string | null } | null;
    }
  /**
   * No usable succeeded operation is fresh, and some could not be judged (`setAside`): one of them
   * might be the newest. `newest` is the newest usable succeeded one, when there is one.
   */
  | {
      readonly kind: "listing-unjudgeable";
      readonly newest: { readonly backupName: string | null; readonly ended: Date } | null;
      readonly maxAge: string;
      readonly cutoff: Date;
      readonly unjudged: number;
      readonly total: number;
    }
  | { readonly kind: "no-succeeded"; readonly maxAge: string; readonly cutoff: Date }
  /** ARM does not know the server (or its group), a resource of the stack; `required` under --require-existing. */
  | {
      readonly kind: "not-created";
      readonly parent: "server" | "resource-group";
      readonly address: string;
      readonly required: boolean;
    }
  /** A server too new to have backed up: created at `createdAt`, its first backup due by `dueBy`. */
  | { readonly kind: "first-backup-due"; readonly createdAt: Date; readonly dueBy: Date };
