/**
 * Declare the long-term-retention (LTR) backups of Azure Database for PostgreSQL flexible servers in
 * cdktf, and check them against Azure.
 *
 * For an IaC repository: the constructs (`PostgresLtrBackups`, `LtrBackupPolicy`, `RequireLtrBackups`),
 * their props and the presets (`LtrSeries`, `LtrLatest`); for cdktn apps the same from
 * `cdktf-pg-ltr/cdktn`. For a platform team's tooling: `checkLtrBackups` (or `streamLtrBackups`),
 * `renderPlan`, `exitCodeFor` and the result types. The local ARM emulator is `cdktf-pg-ltr/emulator`.
 *
 * @module cdktf-pg-ltr
 */
// Each name is listed, so that an internal export never becomes public by accident
// (test/api/public-surface.test.ts pins the list; docs/API.md documents it).
// The constructs with the cdktf adapter; `cdktf-pg-ltr/cdktn` (lib/cdktn.ts) is the same with cdktn's.
import "./construct/frameworks/cdktf-adapter";
export * from "./declaring";

// Checking
export { accessTokenCredential, checkLtrBackups, streamLtrBackups } from "./check/check-ltr-backups";
export type {
  AzureCloudAlias,
  AzureCloudName,
  CheckOptions,
  CheckOutcome,
  CheckProgress,
  CheckStart,
  CheckStream,
  FetchStrategy,
} from "./check/check-ltr-backups";
export { PgLtrInputError } from "./errors/input-error";

// The result model and its views
export { DRIFT_VERDICTS, exitCodeFor, VERDICTS } from "./check/result";
export type * from "./check/result";
export { renderPlan } from "./render/render-plan";
export type { PlanFormat, RenderPlanOptions } from "./render/render-plan";
