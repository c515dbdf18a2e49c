/**
 * cdktf-pg-ltr: declare the long-term-retention (LTR) backups of Azure Database for PostgreSQL flexible
 * servers in cdktf, and check them against Azure.
 *
 * What an IaC repository needs: the constructs, their props and the presets (lib/declaring.ts, also
 * served for cdktn as `cdktf-pg-ltr/cdktn`). What a platform team's tooling needs: `checkLtrBackups`
 * (or `streamLtrBackups`), `renderPlan`, `exitCodeFor` and the result types. The local ARM emulator is
 * `cdktf-pg-ltr/emulator`. Each name is listed, so that an internal export never becomes public by
 * accident (test/api/public-surface.test.ts pins the list).
 */
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
