/**
 * The declaring API (constructs, their props, the presets), one implementation for both frameworks. Not an
 * entry itself: `cdktf-pg-ltr` (lib/index.ts) and `cdktf-pg-ltr/cdktn` (lib/cdktn.ts) each load their
 * framework's adapter and re-export this.
 */
export * from "./construct/postgres-ltr-backups";
export * from "./construct/require-ltr-backups";
export * from "./construct/ltr-backup-policy";
export * from "./construct/ltr-series";
export * from "./construct/ltr-latest";
