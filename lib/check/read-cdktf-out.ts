import type { ValidateFunction } from "ajv";
import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { ErrorObject } from "ajv";
import {
  EXPECTATIONS_DOCUMENT_MINOR_VERSION,
  EXPECTATIONS_DOCUMENT_VERSION,
  EXPECTATIONS_FILE_NAME,
  ExpectationsDocument,
  type ScheduledRunsExpectation,
} from "../expectations/document";
import { nameSchemaError, type UriParameter } from "../names/uri-parameter-rules";
import {
  seriesNameProblem,
  templatePlaceholders,
  templateResolutionProblem,
} from "../expectations/series-template";
import { durationProblem, parseDuration } from "../time/duration";
import { instantProblem, parseInstant } from "../time/instant";
import { endOfIsoDate } from "../time/iso-date";
import { MAX_REPEATING_INTERVALS, repeatingIntervalProblem } from "../time/repeating-interval";
import { MAX_SCHEDULED_RUNS } from "../time/scheduled-runs";
import { IANAZone } from "luxon";
import { checkValidators } from "../schema-validation/check-validators";
import { PgLtrInputError } from "../errors/input-error";
import {
  jsonErrorPlace,
  type OutFolder,
  outFolder,
  readOutFile,
  workingDirectoryInside,
} from "./cdktf-out-file";

/** The expectations one stack declared, as synthesis wrote them. */
export interface StackExpectations {
  /** Stack name as in manifest.json. */
  readonly stack: string;
  /** Absolute path of the stack's expectations document. */
  readonly file: string;
  readonly document: ExpectationsDocument;
}

export interface CdktfOut {
  /** Absolute path of the synthesis output folder. */
  readonly outDir: string;
  /** Stacks that declare expectations, in manifest order. */
  readonly stacks: StackExpectations[];
}

export interface ReadCdktfOutOptions {
  /** Synthesis output folder. @default "cdktf.out" */
  readonly outDir?: string;
  /** Only these stacks. @default every stack */
  readonly stacks?: readonly string[];
  /** Folder a relative outDir is resolved against. @default process.cwd() */
  readonly cwd?: string;
  /** What named outDir (`CDKTF_OUTDIR`, `the "output" of ./cdktf.json`), said when it holds no manifest. */
  readonly namedBy?: string;
  /** The flag that names the folder, for the advice when it holds no manifest. @default "--out" */
  readonly flag?: string;
}

/** The part of cdktf's manifest.json the checker relies on; cdktf and cdktn write the same. */
interface CdktfManifest {
  readonly stacks: { readonly [name: string]: { readonly name: string; readonly workingDirectory: string } };
}

/** The validators of the manifest and the expectations documents, precompiled (lib/schema). */
function validators(): {
  readonly manifest: ValidateFunction<CdktfManifest>;
  readonly document: ValidateFunction<ExpectationsDocument>;
} {
  const { manifest, expectationsDocument } = checkValidators();
  return {
    manifest: manifest as ValidateFunction<CdktfManifest>,
    document: expectationsDocument as ValidateFunction<ExpectationsDocument>,
  };
}

/**
 * Reads `manifest.json` and each selected stack's expectations document from a synthesis output
 * folder. Only plain files are read: the cdktf app is never loaded. Anything unusable stops the check
 * with a PgLtrInputError that says what to do.
 */
export function readCdktfOut(options: ReadCdktfOutOptions = {}): CdktfOut {
  const stacks: StackExpectations[] = [];
  const { outDir } = readStacks(options, (stack) => stacks.push(stack));
  return { outDir, stacks };
}

/**
 * Reads the folder as readCdktfOut does, but hands each stack that declares expectations to `visit`
 * as soon as its document is read and validated, in manifest order, and keeps none: a check of a
 * large estate holds one parsed document at a time. Every error readCdktfOut gives is given here, at
 * the same point; the one about no stack declaring anything only once every document was read.
 */
export function readStacks(
  options: ReadCdktfOutOptions,
  visit: (stack: StackExpectations) => void,
): Pick<CdktfOut, "outDir"> {
  const cwd = options.cwd ?? process.cwd();
  const given = options.outDir ?? "cdktf.out";
  const outDir = resolve(cwd, given);
  const manifestPath = join(outDir, "manifest.json");
  if (!existsSync(manifestPath)) {
    const namedBy =
      options.namedBy && options.namedBy !== "--out" && options.namedBy !== "the default"
        ? ` (the folder named by ${options.namedBy})`
        : "";
    const where = isAbsolute(given)
      ? `no manifest.json in ${outDir}${namedBy}`
      : `no ${given}/manifest.json in ${cwd}${namedBy}`;
    throw new PgLtrInputError(`${where}: run \`cdktf synth\` first (or pass ${options.flag ?? "--out"} DIR)`);
  }
  const folder = outFolder(outDir);
  const manifest = parseJsonFile(folder, manifestPath, "run `cdktf synth` again");
  const validateManifest = validators().manifest;
  if (!validateManifest(manifest)) {
    throw new PgLtrInputError(
      `${manifestPath} is not the manifest cdktf writes (${describeFirstError(validateManifest.errors)}): run \`cdktf synth\` again`,
    );
  }

  const names = Object.values(manifest.stacks).map((s) => s.name);
  const selected = options.stacks && options.stacks.length > 0 ? [...new Set(options.stacks)] : names;
  const unknown = selected.filter((s) => !names.includes(s));
  if (unknown.length > 0) {
    const list = unknown.map((s) => `"${s}"`).join(", ");
    const existing = names.length > 0 ? names.join(", ") : "none";
    throw new PgLtrInputError(
      `unknown stack ${list} (--stack): the stacks in ${manifestPath} are ${existing}`,
    );
  }

  let visited = 0;
  for (const entry of Object.values(manifest.stacks)) {
    if (!selected.includes(entry.name)) continue;
    const directory = workingDirectoryInside(folder, entry.workingDirectory);
    if (directory === undefined) {
      throw new PgLtrInputError(
        `${manifestPath} puts the working directory of stack "${entry.name}" outside ${outDir}: ` +
          "pg-ltr reads only files inside the synthesis output folder; run `cdktf synth` again",
      );
    }
    if (visitDocument(folder, entry.name, join(directory, EXPECTATIONS_FILE_NAME), visit)) visited++;
  }
  if (visited === 0) {
    const scope =
      options.stacks && options.stacks.length > 0
        ? `none of the stacks ${selected.join(", ")}`
        : `no stack in ${outDir}`;
    throw new PgLtrInputError(
      `${scope} declares LTR backup expectations (no ${EXPECTATIONS_FILE_NAME} with a server): ` +
        "no PostgresLtrBackups constructs were synthesized, so add one to a stack and run `cdktf synth`",
    );
  }
  return { outDir };
}

/**
 * Reads the stack's document and hands it to `visit` when it declares anything; says whether it did.
 * A function of its own, so that nothing holds the document once `visit` returns: Node's interpreter
 * keeps a loop's locals in registers until they are overwritten, which held the previous stack's
 * parsed document (34 MB for 10,000 servers) while the next one was read and parsed.
 */
function visitDocument(
  folder: OutFolder,
  stack: string,
  file: string,
  visit: (stack: StackExpectations) => void,
): boolean {
  const document = readDocument(folder, file);
  if (document === undefined) return false;
  const declared = document.servers.length + (document.deferredServers?.length ?? 0);
  if (declared === 0 && (document.exemptions ?? []).length === 0) return false;
  visit({ stack, file, document });
  return true;
}

/** The stack's document, or undefined when the stack has none (it declares no expectations). */
function readDocument(folder: OutFolder, file: string): ExpectationsDocument | undefined {
  const parsed = parseJsonFile(folder, file, "run `cdktf synth` again");
  if (parsed === ABSENT) return undefined;
  const { version, minorVersion } =
    parsed !== null && typeof parsed === "object"
      ? (parsed as { version?: unknown; minorVersion?: unknown })
      : { version: undefined, minorVersion: undefined };
  const newerMinor =
    version === EXPECTATIONS_DOCUMENT_VERSION &&
    typeof minorVersion === "number" &&
    minorVersion > EXPECTATIONS_DOCUMENT_MINOR_VERSION;
  if ((typeof version === "number" && version > EXPECTATIONS_DOCUMENT_VERSION) || newerMinor) {
    const writer = (parsed as { generatedBy?: unknown }).generatedBy;
    // Quoted only when it reads like a tool and version: the file may be anything.
    const by = typeof writer === "string" && /^[\w .@/+-]{1,80}$/.test(writer) ? ` (${writer})` : "";
    const written = newerMinor ? `${String(version)}.${String(minorVersion)}` : String(version);
    throw new PgLtrInputError(
      `${file} was written by a newer cdktf-pg-ltr${by} in format version ${written}, but this release reads ` +
        `version ${EXPECTATIONS_DOCUMENT_VERSION}.${EXPECTATIONS_DOCUMENT_MINOR_VERSION} and older: upgrade cdktf-pg-ltr`,
    );
  }
  const validateDocument = validators().document;
  if (!validateDocument(parsed)) {
    // Names first: a name that breaks its rule must never reach a request URL (resource group `..`
    // would silently drop a path segment), and the message says which rule, not the value.
    const badName = nameProblem(validateDocument.errors);
    if (badName) {
      throw new PgLtrInputError(
        `${file} has a name the checker cannot use (at "${badName.pointer}": ${badName.message}): ` +
          "fix the declaration and run `cdktf synth` again",
      );
    }
    throw new PgLtrInputError(
      `${file} does not match the expectations schema (${describeFirstError(validateDocument.errors)}): ` +
        "run `cdktf synth` again with this version of cdktf-pg-ltr",
    );
  }
  const problem = meaningProblem(parsed);
  if (problem) {
    throw new PgLtrInputError(
      `${file} has a value the checker cannot use (at "${problem.pointer}": ${problem.message}): ` +
        "fix the declaration and run `cdktf synth` again",
    );
  }
  return parsed;
}

/**
 * What the schema's patterns cannot say: a duration of zero, a date that does not exist, a series
 * template that names two occurrences alike. Synthesis refuses these too; a hand-edited file may not.
 */
function meaningProblem(document: ExpectationsDocument): { pointer: string; message: string } | undefined {
  const entries = [
    ...document.servers.map((server, i) => ({ server, at: `/servers/${i}` })),
    ...(document.deferredServers ?? []).map((server, i) => ({ server, at: `/deferredServers/${i}` })),
  ];
  for (const { server, at } of entries) {
    for (const [j, backup] of server.backups.entries()) {
      const problem = backup.maxAge === null ? undefined : durationProblem(backup.maxAge);
      if (problem) return { pointer: `${at}/backups/${j}/maxAge`, message: problem };
    }
    const latestProblem = server.latest ? durationProblem(server.latest.maxAge) : undefined;
    if (latestProblem) return { pointer: `${at}/latest/maxAge`, message: latestProblem };
    for (const [k, series] of server.series.entries()) {
      const here = `${at}/series/${k}`;
      for (const field of ["every", "grace"] as const) {
        const problem = durationProblem(series[field]);
        if (problem) return { pointer: `${here}/${field}`, message: problem };
      }
      const anchorProblem = instantProblem(series.anchor);
      if (anchorProblem) return { pointer: `${here}/anchor`, message: anchorProblem };
      const { unknown } = templatePlaceholders(series.name);
      if (unknown.length > 0) {
        return { pointer: `${here}/name`, message: `has unknown placeholder {${unknown[0]}}` };
      }
      const templateProblem = templateResolutionProblem(series.name, parseDuration(series.every));
      if (templateProblem) return { pointer: `${here}/name`, message: templateProblem };
      const invalidName = seriesNameProblem(series.name, parseInstant(series.anchor));
      if (invalidName) {
        return { pointer: `${here}/name`, message: `gives backup names that ${invalidName.problem}` };
      }
    }
  }
  for (const { server, at } of entries) {
    for (const [k, scheduled] of (server.scheduled ?? []).entries()) {
      const problem = scheduledProblem(scheduled);
      if (problem) {
        return {
          pointer: `${at}/scheduled/${k}${problem.field}`,
          message: `${problem.message} (stack ${document.stack}, policy ${scheduled.policyAddress})`,
        };
      }
    }
  }
  for (const [i, exemption] of (document.exemptions ?? []).entries()) {
    if (exemption.expires !== null && endOfIsoDate(exemption.expires) === undefined) {
      return { pointer: `/exemptions/${i}/expires`, message: "is not a date that exists" };
    }
  }
  return undefined;
}

// Synthesis holds policies to the same bound (lib/time, the leaf both use).
export { MAX_REPEATING_INTERVALS };

/**
 * What keeps a vault policy's schedule from being computed at check time: an interval the time module
 * cannot read, a zone luxon does not know, a grace of zero, or more runs or intervals than a check
 * judges. `field` is the JSON pointer below the entry.
 */
function scheduledProblem(
  scheduled: ScheduledRunsExpectation,
): { field: string; message: string } | undefined {
  if (!Number.isInteger(scheduled.runs) || scheduled.runs < 1 || scheduled.runs > MAX_SCHEDULED_RUNS) {
    return { field: "/runs", message: `must be a whole number of runs from 1 to ${MAX_SCHEDULED_RUNS}` };
  }
  if (scheduled.repeatingIntervals.length > MAX_REPEATING_INTERVALS) {
    return {
      field: "/repeatingIntervals",
      message: `lists ${scheduled.repeatingIntervals.length} repeating intervals, more than the ${MAX_REPEATING_INTERVALS} a check reads`,
    };
  }
  for (const [i, interval] of scheduled.repeatingIntervals.entries()) {
    const problem = repeatingIntervalProblem(interval);
    if (problem) return { field: `/repeatingIntervals/${i}`, message: `repeating interval ${problem}` };
  }
  if (!IANAZone.isValidZone(scheduled.ianaTimeZone)) {
    return {
      field: "/ianaTimeZone",
      message: `${JSON.stringify(scheduled.ianaTimeZone)} is not an IANA time zone this release knows`,
    };
  }
  const graceProblem = durationProblem(scheduled.grace);
  if (graceProblem) return { field: "/grace", message: graceProblem };
  return undefined;
}

const ABSENT = Symbol("absent");

function parseJsonFile(folder: OutFolder, file: string, remedy: string): unknown {
  const text = readOutFile(folder, file, remedy);
  if (text === undefined) return ABSENT;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new PgLtrInputError(`${file} is not JSON (${jsonErrorPlace(text, error)}): ${remedy}`);
  }
}

const NAME_WORDS: { readonly [P in UriParameter]: string } = {
  subscriptionId: "a subscription ID",
  resourceGroupName: "a resource group name",
  serverName: "a server name",
  backupName: "a backup name",
};

/** The first error against a name rule, as `<pointer>` and `a server name must ...`. */
function nameProblem(
  errors: ErrorObject[] | null | undefined,
): { pointer: string; message: string } | undefined {
  for (const error of errors ?? []) {
    const broken = nameSchemaError(error);
    if (broken)
      return { pointer: error.instancePath, message: `${NAME_WORDS[broken.parameter]} ${broken.rule}` };
  }
  return undefined;
}

/** The first ajv error as `at <pointer>: <message>`, with a count of the others. */
function describeFirstError(errors: ErrorObject[] | null | undefined): string {
  const list = errors ?? [];
  const first = list[0];
  if (!first) return "unknown schema error";
  const pointer = first.instancePath === "" ? '"" (the whole document)' : `"${first.instancePath}"`;
  // The property's name is not quoted: the file may not be what it claims, and its content stays out
  // of messages.
  const detail =
    first.keyword === "additionalProperties" ? "has a property the schema does not allow" : first.message;
  const more = list.length > 1 ? ` and ${list.length - 1} more error${list.length > 2 ? "s" : ""}` : "";
  return `at ${pointer}: ${detail ?? "is invalid"}${more}`;
}
