import { Construct, IConstruct } from "constructs";
import type { ScheduledRunsExpectation } from "../expectations/document";
import { durationProblem, parseDuration } from "../time/duration";
import {
  MAX_REPEATING_INTERVALS,
  parseRepeatingInterval,
  repeatingIntervalProblem,
} from "../time/repeating-interval";
import { MAX_SCHEDULED_RUNS } from "../time/scheduled-runs";
import { ianaTimeZoneFor, windowsTimeZoneNames } from "../time/windows-time-zone";
import { didYouMean } from "../text/closest-name";
import { appDeclarations, serverKey } from "./app-declarations";
import { stackOf, wasWritten } from "./expectations-writer";
import {
  DeclarationResult,
  declarationReaderOf,
  LtrDeclaration,
  registerDeclarationReader,
} from "./declaration";
import { compareDurationsAt } from "./duration-order";
import { exemptionFor, hasExpired, isWellFormed } from "./exemption";
import { frameworkOf, FrameworkResource } from "./framework";
import { referencedConstruct, resolveName } from "./name-resolution";
import { FLEXIBLE_SERVER_RESOURCE_TYPE, resolveServer, terraformAddress } from "./server-reference";
import { recordCreationSite } from "./source-location";
import { ensureStackSupport } from "./stack-support";
import { derivedLatestMaxAge } from "./vault-schedule";

/** Terraform type of the Azure Backup instance that protects a flexible server with a vault policy. */
export const BACKUP_INSTANCE_RESOURCE_TYPE =
  "azurerm_data_protection_backup_instance_postgresql_flexible_server";
/** Terraform type of the Azure Backup vault policy for flexible servers. */
export const BACKUP_POLICY_RESOURCE_TYPE = "azurerm_data_protection_backup_policy_postgresql_flexible_server";

/** Grace after a scheduled run when `AzureBackupOptions.grace` is not given. */
export const DEFAULT_AZURE_BACKUP_GRACE = "PT6H";
/** Recent scheduled runs checked when `AzureBackupOptions.runs` is not given. */
export const DEFAULT_AZURE_BACKUP_RUNS = 4;

/** Construct id of what `PostgresLtrBackups.fromAzureBackup` adds to its scope. */
export const AZURE_BACKUP_ID = "pg-ltr-azure-backup";

/** Options of `PostgresLtrBackups.fromAzureBackup`. */
export interface AzureBackupOptions {
  /**
   * How long after its scheduled time a run of the policy must have started, as an ISO 8601 duration.
   *
   * The Backup service starts a run some time after the instant the policy names; a run that started
   * later than this counts as missed. It is also added to the policy's longest interval for the
   * derived `latest` (`P1W` + `PT6H`: the newest backup must have ended within `P7DT6H`). Shorter than
   * every interval of the policy, so that each run's window ends before the next run.
   *
   * @default "PT6H"
   */
  readonly grace?: string;
  /**
   * How many of the most recent scheduled runs must each have a succeeded LTR backup, 1 to 1000.
   *
   * Each run is matched by time in the server's one listing of LTR backup operations, so more runs
   * cost no more requests.
   *
   * @default 4
   */
  readonly runs?: number;
}

// The policy construct each derived entry was read from, for messages that name it by its path.
const policyConstructs = new WeakMap<ScheduledRunsExpectation, IConstruct>();

/** The policy construct a derived entry was read from; undefined for an entry not derived in this process. */
export function policyConstructOf(entry: ScheduledRunsExpectation): IConstruct | undefined {
  return policyConstructs.get(entry);
}

/** Options as checked when `fromAzureBackup` is called. */
interface CheckedOptions {
  readonly grace: string;
  readonly runs: number;
}

/**
 * What `PostgresLtrBackups.fromAzureBackup(scope)` adds to `scope`: at synth it reads every
 * `azurerm_data_protection_backup_instance_postgresql_flexible_server` of the scope, follows its
 * `serverId` and `backupPolicyId` references to the app's server and policy, and declares for the server
 * a derived `latest` and the policy's recent scheduled runs.
 */
export class AzureBackupExpectations extends Construct {
  private readonly options: CheckedOptions;

  constructor(scope: Construct, options: AzureBackupOptions | undefined) {
    if (scope.node.tryFindChild(AZURE_BACKUP_ID)) {
      throw new Error(
        `PostgresLtrBackups.fromAzureBackup was already called on ${scope.node.path || "the app"}; call it once per scope`,
      );
    }
    const checked = checkOptions(scope, options);
    super(scope, AZURE_BACKUP_ID);
    recordCreationSite(this);
    this.options = checked;
    registerDeclarationReader(this, { phase: "derived", read: (declared) => this.declarations(declared) });
    // The documents go to the servers' stacks, which may be other stacks than the instances' (references
    // cross stacks), so every stack that holds a server now gets the synth support, as do the instances'.
    ensureStackSupport(this);
    checkWrittenOnce(this.node.root);
    for (const construct of this.node.root.node.findAll()) {
      if (isResourceOfType(construct, FLEXIBLE_SERVER_RESOURCE_TYPE)) ensureStackSupport(construct);
    }
    for (const construct of this.scope().node.findAll()) {
      if (isResourceOfType(construct, BACKUP_INSTANCE_RESOURCE_TYPE)) ensureStackSupport(construct);
    }
  }

  private scope(): IConstruct {
    return this.node.scope ?? this;
  }

  /** One declaration per protected server; a message for each instance that cannot be followed. */
  private declarations(declared: readonly DeclarationResult[]): DeclarationResult[] {
    const results: DeclarationResult[] = [];
    // Earlier fromAzureBackup calls, by the scope each reads (instances are told apart by construct, not by
    // address: stacks of one app often repeat the same ids).
    const earlierScopes = new Map<IConstruct, string>();
    for (const { source } of declared) {
      if (source !== this && declarationReaderOf(source)?.phase === "derived" && source.node.scope) {
        earlierScopes.set(source.node.scope, source.node.path);
      }
    }
    const now = new Date();
    const byServer = new Map<
      IConstruct,
      { server: FrameworkResource; entries: ScheduledRunsExpectation[] }
    >();
    for (const instance of this.scope().node.findAll()) {
      if (!isResourceOfType(instance, BACKUP_INSTANCE_RESOURCE_TYPE)) continue;
      const origin = {
        serverResource: undefined,
        placement: instance as IConstruct,
        source: this as IConstruct,
      };
      const first = instance.node.scopes
        .map((scope) => earlierScopes.get(scope))
        .find((p) => p !== undefined);
      if (first !== undefined) {
        results.push({
          declaration: undefined,
          problems: [
            `backup instance ${instance.node.path} is already read by PostgresLtrBackups.fromAzureBackup at ` +
              `${first}; call fromAzureBackup on scopes that do not overlap`,
          ],
          ...origin,
        });
        continue;
      }
      const followed = this.follow(instance, now);
      if ("problems" in followed) {
        results.push({ declaration: undefined, problems: followed.problems, ...origin });
        continue;
      }
      const exemption = exemptionFor(followed.server);
      if (exemption && isWellFormed(exemption) && !hasExpired(exemption, now)) continue;
      const group = byServer.get(followed.server) ?? { server: followed.server, entries: [] };
      group.entries.push(followed.scheduled);
      byServer.set(followed.server, group);
    }
    for (const { server, entries } of byServer.values()) {
      results.push(this.serverDeclaration(server, entries, declared, now));
    }
    return results;
  }

  private serverDeclaration(
    server: FrameworkResource,
    entries: ScheduledRunsExpectation[],
    declared: readonly DeclarationResult[],
    now: Date,
  ): DeclarationResult {
    const origin = {
      serverResource: server as IConstruct,
      placement: server as IConstruct,
      source: this as IConstruct,
    };
    const resolved = resolveServer(this, server, undefined);
    if (!resolved.server) {
      return {
        declaration: undefined,
        problems: resolved.problems.map((p) => `${p} (for ${server.node.path})`),
        ...origin,
      };
    }
    const key = serverKey(resolved.server);
    // A latest the app declares for the server itself (PostgresLtrBackups) replaces the derived one.
    const ownLatest = declared.some(
      (d) =>
        d.declaration?.latest &&
        (d.declaration.server.resource === server || serverKey(d.declaration.server) === key),
    );
    const declaration: LtrDeclaration = {
      constructPath: this.node.path,
      server: resolved.server,
      backups: [],
      series: [],
      latest: ownLatest ? null : { maxAge: derivedLatestMaxAge(entries, now), constructPath: this.node.path },
      scheduled: entries,
    };
    return { declaration, problems: [], ...origin };
  }

  /** The server and the scheduled runs of one backup instance, or why they cannot be read. */
  private follow(
    instance: FrameworkResource,
    now: Date,
  ): { server: FrameworkResource; scheduled: ScheduledRunsExpectation } | { problems: string[] } {
    const config = instance as unknown as { serverIdInput?: unknown; backupPolicyIdInput?: unknown };
    const problems: string[] = [];
    const server = followReference(
      instance,
      "serverId",
      config.serverIdInput,
      FLEXIBLE_SERVER_RESOURCE_TYPE,
      "PostgresqlFlexibleServer",
      problems,
    );
    const policy = followReference(
      instance,
      "backupPolicyId",
      config.backupPolicyIdInput,
      BACKUP_POLICY_RESOURCE_TYPE,
      "DataProtectionBackupPolicyPostgresqlFlexibleServer",
      problems,
    );
    const schedule = policy && this.readPolicy(policy, now, problems);
    if (!server || !policy || !schedule || problems.length > 0) return { problems };
    const scheduled: ScheduledRunsExpectation = {
      policyAddress: terraformAddress(policy),
      policyName: literalName(policy),
      instanceAddress: terraformAddress(instance),
      ...schedule,
      runs: this.options.runs,
      grace: this.options.grace,
      constructPath: this.node.path,
    };
    policyConstructs.set(scheduled, policy);
    return { server, scheduled };
  }

  /** The policy's intervals and zone, validated; undefined (with problems) when they cannot be used. */
  private readPolicy(
    policy: FrameworkResource,
    now: Date,
    problems: string[],
  ): Pick<ScheduledRunsExpectation, "repeatingIntervals" | "timeZone" | "ianaTimeZone"> | undefined {
    const { isUnresolved } = frameworkOf(policy);
    const config = policy as unknown as {
      backupRepeatingTimeIntervalsInput?: unknown;
      timeZoneInput?: unknown;
    };
    const at = `backup policy ${policy.node.path}`;
    const start = problems.length;
    const intervals = config.backupRepeatingTimeIntervalsInput;
    if (isUnresolved(intervals) || !Array.isArray(intervals)) {
      problems.push(
        `${at}: backupRepeatingTimeIntervals ${intervals === undefined ? "is missing" : "is not known at synth time (it is a token)"}; ` +
          'give the policy a literal list such as ["R/2026-01-04T02:00:00+00:00/P1W"]',
      );
    } else if (intervals.length === 0) {
      problems.push(`${at}: backupRepeatingTimeIntervals is empty; Azure Backup needs at least one interval`);
    } else if (intervals.length > MAX_REPEATING_INTERVALS) {
      problems.push(
        `${at}: backupRepeatingTimeIntervals lists ${intervals.length} intervals, more than the ` +
          `${MAX_REPEATING_INTERVALS} pg-ltr check reads; Azure Backup runs at most once a day, so list fewer`,
      );
    } else {
      intervals.forEach((text: unknown, i) => {
        const field = `backupRepeatingTimeIntervals[${i}]`;
        if (typeof text === "string" && isUnresolved(text)) {
          problems.push(
            `${at}: ${field} is not known at synth time (it is a token); give a literal interval`,
          );
          return;
        }
        const problem = repeatingIntervalProblem(text);
        if (problem) {
          problems.push(`${at}: ${field} ${problem}`);
          return;
        }
        const period = parseDuration(parseRepeatingInterval(text as string).period);
        if (compareDurationsAt(parseDuration(this.options.grace), period, now) >= 0) {
          problems.push(
            `${at}: ${field} ${JSON.stringify(text)} repeats every ${parseRepeatingInterval(text as string).period}, ` +
              // Not this construct's path: synthesis prints it before the message already.
              `but the grace ${JSON.stringify(this.options.grace)} is not shorter; pass ` +
              "fromAzureBackup a grace shorter than every interval, so that each run's window ends before the next run",
          );
        }
      });
    }
    const zone = config.timeZoneInput;
    let timeZone: string | null = null;
    let ianaTimeZone = "UTC";
    if (zone !== undefined) {
      if (typeof zone !== "string" || isUnresolved(zone)) {
        problems.push(
          `${at}: timeZone is not known at synth time (it is a token); give a literal Windows time zone name`,
        );
      } else {
        const iana = ianaTimeZoneFor(zone);
        if (iana === null) {
          problems.push(
            `${at}: timeZone ${JSON.stringify(zone)} is not a Windows time zone name (CLDR windowsZones), such as ` +
              `"W. Europe Standard Time" or "UTC"${didYouMean(zone, windowsTimeZoneNames())}`,
          );
        } else {
          timeZone = zone;
          ianaTimeZone = iana;
        }
      }
    }
    if (problems.length > start) return undefined;
    return { repeatingIntervals: [...(intervals as string[])], timeZone, ianaTimeZone };
  }
}

const WRITTEN_CHECK = Symbol.for("cdktf-pg-ltr.azureBackupWrittenCheck");

/**
 * No framework hook runs before the first stack is synthesized, so a server's stack created after
 * `fromAzureBackup` (on the App, before the stacks) may be synthesized before any stack support could add
 * its own: its document would silently not be written. The App's validation runs after every stack, so it
 * fails synthesis for each such server instead.
 */
function checkWrittenOnce(root: IConstruct): void {
  if ((root as unknown as Record<symbol, unknown>)[WRITTEN_CHECK]) return;
  Object.defineProperty(root, WRITTEN_CHECK, { value: true });
  root.node.addValidation({
    validate: () =>
      appDeclarations(root)
        .results.filter((result) => declarationReaderOf(result.source)?.phase === "derived")
        .flatMap((result) => {
          const stack = stackOf(result.placement);
          if (!stack || wasWritten(stack)) return [];
          return [
            `[${result.source.node.path}] the expectations for ${result.placement.node.path} were not written: ` +
              `its stack ${stack.node.path} was synthesized before any of this library's constructs was in it; ` +
              "call PostgresLtrBackups.fromAzureBackup after creating the app's stacks",
          ];
        }),
  });
}

function checkOptions(scope: IConstruct, options: AzureBackupOptions | undefined): CheckedOptions {
  const { isUnresolved } = frameworkOf(scope);
  const at = `PostgresLtrBackups.fromAzureBackup(${scope.node.path || "app"})`;
  const grace = options?.grace ?? DEFAULT_AZURE_BACKUP_GRACE;
  if (isUnresolved(grace))
    throw new Error(
      `${at}: grace is not known at synth time (it is a token); pass a literal ISO 8601 duration`,
    );
  const graceProblem = durationProblem(grace);
  if (graceProblem) throw new Error(`${at}: grace ${JSON.stringify(grace)} ${graceProblem}`);
  const runs = options?.runs ?? DEFAULT_AZURE_BACKUP_RUNS;
  if (isUnresolved(runs))
    throw new Error(`${at}: runs is not known at synth time (it is a token); pass a literal number`);
  if (!Number.isInteger(runs) || runs < 1 || runs > MAX_SCHEDULED_RUNS) {
    throw new Error(
      `${at}: runs ${JSON.stringify(runs)} must be a whole number from 1 to ${MAX_SCHEDULED_RUNS}`,
    );
  }
  return { grace, runs };
}

function isResourceOfType(x: IConstruct, type: string): x is FrameworkResource {
  return frameworkOf(x).isResource(x) && (x as FrameworkResource).terraformResourceType === type;
}

/** The resource a `*Id` attribute refers to by reference, of the type it must be; else a problem. */
function followReference(
  instance: FrameworkResource,
  field: string,
  value: unknown,
  type: string,
  className: string,
  problems: string[],
): FrameworkResource | undefined {
  const at = `backup instance ${instance.node.path}`;
  const how = `pass the ${field === "serverId" ? "server" : "policy"}'s id (${className}.id) of this app`;
  const followed = referencedConstruct(instance, value);
  if (followed.kind === "not-followed") {
    problems.push(
      `${at}: ${field} cannot be followed to a ${className} of this app (${followed.why}); ${how}`,
    );
    return undefined;
  }
  const { construct, address, attribute } = followed;
  if (!isResourceOfType(construct, type) || attribute !== "id") {
    problems.push(
      `${at}: ${field} refers to ${address}.${attribute} (${construct.node.path}), not to the id of an ${type}; ${how}`,
    );
    return undefined;
  }
  return construct;
}

/** The policy's name when synthesis knows it: a literal, or a reference to another construct's literal. */
function literalName(policy: FrameworkResource): string | null {
  const name = (policy as unknown as { nameInput?: unknown }).nameInput;
  if (typeof name !== "string") return null;
  const value = resolveName(policy, name);
  return value.kind === "literal" || value.kind === "resolved" ? value.value : null;
}
