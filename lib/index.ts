/**
 * cdktf-pg-ltr: declare the long-term-retention backups of Azure PostgreSQL flexible servers in cdktf
 * (PostgresLtrBackups, RequireLtrBackups) and check them against Azure (checkLtrBackups, renderPlan).
 */
// The constructs with the cdktf adapter; `cdktf-pg-ltr/cdktn` (lib/cdktn.ts) is the same with cdktn's.
import "./construct/frameworks/cdktf-adapter";
export * from "./declaring";
export * from "./check/check-ltr-backups";
export * from "./render/render-plan";
export * from "./emulator/start-emulator";
export * from "./check/result";
export { PgLtrInputError } from "./errors/input-error";
export * from "./expectations/document";
