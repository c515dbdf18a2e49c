/**
 * cdktf-pg-ltr: declare the long-term-retention backups of Azure PostgreSQL flexible servers in cdktf
 * (PostgresLtrBackups, RequireLtrBackups) and check them against Azure (checkLtrBackups, renderPlan).
 */
export * from "./construct/postgres-ltr-backups";
export * from "./construct/require-ltr-backups";
export * from "./construct/ltr-backup-policy";
export * from "./construct/ltr-series";
export * from "./construct/ltr-latest";
export * from "./check/check-ltr-backups";
export * from "./render/render-plan";
export * from "./emulator/start-emulator";
export * from "./check/result";
export { PgLtrInputError } from "./errors/input-error";
export * from "./expectations/document";
