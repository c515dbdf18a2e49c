import type { LatestBackup } from "./postgres-ltr-backups";

/** Options of the `LtrLatest` windows. */
export interface LatestWindowOptions {
  /**
   * ISO 8601 duration a run may take, or start late, beyond its period.
   *
   * @default "PT6H"
   */
  readonly grace?: string;
}

/**
 * Standard `latest` windows: the newest succeeded LTR backup must have ended within one period of the
 * schedule plus a grace. Each returns exactly the `LatestBackup` written by hand in its documentation.
 */
export class LtrLatest {
  /** `LtrLatest.daily()` is `{ maxAge: "P1DT6H" }`: a daily job's newest backup, with 6 hours' grace. */
  public static daily(options: LatestWindowOptions = {}): LatestBackup {
    return window("P1D", options);
  }

  /** `LtrLatest.weekly()` is `{ maxAge: "P7DT6H" }`: a weekly job's newest backup, with 6 hours' grace. */
  public static weekly(options: LatestWindowOptions = {}): LatestBackup {
    return window("P7D", options);
  }

  /** `LtrLatest.monthly()` is `{ maxAge: "P1MT6H" }`: a monthly job's newest backup, with 6 hours' grace. */
  public static monthly(options: LatestWindowOptions = {}): LatestBackup {
    return window("P1M", options);
  }
}

/** `P1D` plus `PT6H` is `P1DT6H`: the period's date part joined to the grace's time part. */
function window(period: string, options: LatestWindowOptions): LatestBackup {
  const grace = options.grace ?? "PT6H";
  const time = /^PT(?=\d)(\d+H)?(\d+M)?(\d+S)?$/.exec(grace);
  if (!time) {
    throw new Error(
      `LtrLatest: grace ${JSON.stringify(grace)} must be an ISO 8601 duration of hours, minutes or seconds such as PT6H`,
    );
  }
  return { maxAge: `${period}${grace.slice(1)}` };
}
