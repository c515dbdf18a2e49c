/**
 * The declaring API (constructs, their props, the presets), one implementation for both frameworks. Not an
 * entry itself: `cdktf-pg-ltr` (lib/index.ts) and `cdktf-pg-ltr/cdktn` (lib/cdktn.ts) each load their
 * framework's adapter and re-export this. Names are listed one by one, so that nothing a construct module
 * exports for its siblings becomes public by accident (test/api/public-surface.test.ts pins the list).
 */
export { PostgresLtrBackups } from "./construct/postgres-ltr-backups";
export type {
  AzureBackupOptions,
  BackupSeries,
  LatestBackup,
  NamedBackup,
  PostgresLtrBackupsProps,
  ServerCoordinates,
  ServerReference,
} from "./construct/postgres-ltr-backups";
export { RequireLtrBackups } from "./construct/require-ltr-backups";
export type {
  LtrExemption,
  LtrMinimumStandards,
  RequireLtrBackupsProps,
} from "./construct/require-ltr-backups";
export { LtrBackupPolicy } from "./construct/ltr-backup-policy";
export type { LtrBackupPolicyProps, LtrServerSelection } from "./construct/ltr-backup-policy";
export { LtrSeries } from "./construct/ltr-series";
export type {
  DailySeriesOptions,
  LtrScheduleOptions,
  MonthlySeriesOptions,
  Weekday,
  WeeklySeriesOptions,
} from "./construct/ltr-series";
export { LtrLatest } from "./construct/ltr-latest";
export type { LatestWindowOptions } from "./construct/ltr-latest";

// What synthesis writes into each stack's folder of cdktf.out, for tests of an app that read it.
export { EXPECTATIONS_FILE_NAME } from "./expectations/document";
export type {
  DeferredName,
  DeferredServerExpectations,
  ExpectationsDocument,
  LatestExpectation,
  NamedBackupExpectation,
  NameExpressions,
  ScheduledRunsExpectation,
  SeriesExpectation,
  ServerExemption,
  ServerExpectations,
  SourceLocation,
  StateRead,
} from "./expectations/document";
