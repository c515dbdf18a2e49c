import { Framework, frameworkOf } from "./framework";
import type { IConstruct } from "constructs";
import type { LatestExpectation, NamedBackupExpectation, SeriesExpectation } from "../expectations/document";
import {
  MAX_SERIES_KEEP,
  SERIES_PLACEHOLDERS,
  seriesNameProblem,
  templatePlaceholders,
  templateResolutionProblem,
} from "../expectations/series-template";
import { durationProblem, parseDuration } from "../time/duration";
import { instantProblem, parseInstant } from "../time/instant";
import type { DeclarationResult } from "./declaration";
import { compareDurationsAt } from "./duration-order";
import type {
  BackupSeries,
  LatestBackup,
  NamedBackup,
  PostgresLtrBackupsProps,
} from "./postgres-ltr-backups";
import { isFlexibleServerResource, resolveServer } from "./server-reference";
import { uriParameterProblem } from "../names/uri-parameter-rules";

/** Grace period of a series occurrence when none is declared. */
export const DEFAULT_SERIES_GRACE = "PT6H";
/** Occurrences of a series that must exist when `keep` is not declared. */
export const DEFAULT_SERIES_KEEP = 1;

type IsUnresolved = Framework["isUnresolved"];

/** Validates what a `PostgresLtrBackups` at `owner` declares and turns it into a declaration. */
export function readDeclaration(owner: IConstruct, props: PostgresLtrBackupsProps): DeclarationResult {
  const path = owner.node.path;
  const tails: string[] = [];
  const { isUnresolved } = frameworkOf(owner);
  const serverResource = isFlexibleServerResource(props?.server) ? props.server : undefined;

  const resolved = resolveServer(owner, props?.server, props?.subscriptionId);
  tails.push(...resolved.problems);

  const backups = list<NamedBackup>("backups", props?.backups, tails).map((backup, i) =>
    namedBackup(backup, `backups[${i}]`, path, tails, isUnresolved),
  );
  const latest = props?.latest === undefined ? null : latestBackup(props.latest, path, tails, isUnresolved);
  const series = list<BackupSeries>("series", props?.series, tails).map((s, i) =>
    backupSeries(s, `series[${i}]`, path, tails, isUnresolved),
  );
  if (backups.length === 0 && latest === null && series.length === 0 && tails.length === 0) {
    tails.push("declares no expectation: give at least one of backups, latest or series");
  }

  // Without the path: cdktf prints a validation message as `[<construct path>] <message>`.
  const problems = tails;
  const origin = { serverResource, placement: owner, source: owner };
  if (problems.length > 0 || !resolved.server) return { declaration: undefined, problems, ...origin };
  return {
    declaration: {
      constructPath: path,
      server: resolved.server,
      backups: backups as NamedBackupExpectation[],
      latest,
      series: series as SeriesExpectation[],
      scheduled: [],
    },
    problems,
    ...origin,
  };
}

function list<T>(field: string, value: readonly T[] | undefined, tails: string[]): readonly T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    tails.push(`${field} must be a list`);
    return [];
  }
  return value;
}

function namedBackup(
  backup: NamedBackup,
  field: string,
  constructPath: string,
  tails: string[],
  isUnresolved: IsUnresolved,
): NamedBackupExpectation | undefined {
  const name = literalString(`${field}.name`, backup?.name, tails, isUnresolved);
  if (name !== undefined) {
    const problem = uriParameterProblem("backupName", name);
    if (problem) tails.push(`${field}.name ${JSON.stringify(name)} ${problem}`);
  }
  const maxAge =
    backup?.maxAge === undefined ? null : duration(`${field}.maxAge`, backup.maxAge, tails, isUnresolved);
  if (name === undefined || maxAge === undefined) return undefined;
  return { name, maxAge, constructPath };
}

function latestBackup(
  latest: LatestBackup,
  constructPath: string,
  tails: string[],
  isUnresolved: IsUnresolved,
): LatestExpectation | null {
  const maxAge = duration("latest.maxAge", latest?.maxAge, tails, isUnresolved);
  return maxAge === undefined ? null : { maxAge, constructPath };
}

function backupSeries(
  series: BackupSeries,
  field: string,
  constructPath: string,
  tails: string[],
  isUnresolved: IsUnresolved,
): SeriesExpectation | undefined {
  const start = tails.length;
  const name = literalString(`${field}.name`, series?.name, tails, isUnresolved);
  const every = duration(`${field}.every`, series?.every, tails, isUnresolved);
  const anchor = literalString(`${field}.anchor`, series?.anchor, tails, isUnresolved);
  if (anchor !== undefined) {
    const problem = instantProblem(anchor);
    if (problem) tails.push(`${field}.anchor ${JSON.stringify(anchor)} ${problem}`);
  }
  const keep = series?.keep ?? DEFAULT_SERIES_KEEP;
  if (isUnresolved(keep)) {
    tails.push(`${field}.keep is not known at synth time (it is a token); pass a literal number`);
  } else if (!Number.isInteger(keep) || keep < 1) {
    tails.push(`${field}.keep ${JSON.stringify(keep)} must be a whole number of at least 1`);
  } else if (keep > MAX_SERIES_KEEP) {
    tails.push(
      `${field}.keep ${keep} must be at most ${MAX_SERIES_KEEP}: pg-ltr checks at most ${MAX_SERIES_KEEP} ` +
        "occurrences of a series, each one request; keep fewer, or lengthen every",
    );
  }
  const graceDefaulted = series?.grace === undefined;
  const grace = duration(`${field}.grace`, series?.grace ?? DEFAULT_SERIES_GRACE, tails, isUnresolved);
  if (tails.length > start || name === undefined || every === undefined || anchor === undefined)
    return undefined;
  if (grace === undefined) return undefined;

  templateProblems(name, every, anchor, field, tails);
  const anchorDate = parseInstant(anchor);
  if (compareDurationsAt(parseDuration(grace), parseDuration(every), anchorDate) >= 0) {
    tails.push(
      `${field}.grace ${JSON.stringify(grace)}${graceDefaulted ? " (the default)" : ""} must be shorter than ` +
        `every ${JSON.stringify(every)}, so that only the newest occurrence can still be within its grace period`,
    );
  }
  if (tails.length > start) return undefined;
  return { name, every, anchor, keep, grace, constructPath };
}

/** A series template must name every occurrence apart, and every name it gives must be a valid backup name. */
function templateProblems(name: string, every: string, anchor: string, field: string, tails: string[]): void {
  const { unknown } = templatePlaceholders(name);
  if (unknown.length > 0) {
    const known = Object.keys(SERIES_PLACEHOLDERS)
      .map((p) => `{${p}}`)
      .join(" ");
    tails.push(
      `${field}.name ${JSON.stringify(name)} has the unknown placeholder {${unknown[0]}}; use ${known}`,
    );
    return;
  }
  const resolution = templateResolutionProblem(name, parseDuration(every));
  if (resolution) {
    tails.push(`${field}.name ${JSON.stringify(name)} ${resolution}`);
    return;
  }
  const invalid = seriesNameProblem(name, parseInstant(anchor));
  if (invalid) {
    tails.push(
      `${field}.name ${JSON.stringify(name)} gives backup names such as ${JSON.stringify(invalid.example)}, ` +
        `and a backup name ${invalid.problem}`,
    );
  }
}

function literalString(
  field: string,
  value: unknown,
  tails: string[],
  isUnresolved: IsUnresolved,
): string | undefined {
  if (typeof value === "string" && isUnresolved(value)) {
    tails.push(`${field} is not known at synth time (it is a token); pass a literal string`);
    return undefined;
  }
  if (typeof value !== "string") {
    tails.push(
      value === undefined ? `${field} is missing` : `${field} ${JSON.stringify(value)} must be a string`,
    );
    return undefined;
  }
  return value;
}

function duration(
  field: string,
  value: unknown,
  tails: string[],
  isUnresolved: IsUnresolved,
): string | undefined {
  if (typeof value === "string" && isUnresolved(value)) {
    tails.push(`${field} is not known at synth time (it is a token); pass a literal ISO 8601 duration`);
    return undefined;
  }
  const problem = durationProblem(value);
  if (problem) {
    tails.push(`${field}${value === undefined ? "" : ` ${JSON.stringify(value)}`} ${problem}`);
    return undefined;
  }
  return value as string;
}
