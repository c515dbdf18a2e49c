import { ConstructAspect, frameworkOf, FrameworkResource, FrameworkStack } from "./framework";
import type { IConstruct } from "constructs";
import { Duration, durationProblem, parseDuration } from "../time/duration";
import { instantProblem } from "../time/instant";
import { appDeclarations } from "./app-declarations";
import { DeclarationResult, LtrDeclaration } from "./declaration";
import { compareDurationsAt } from "./duration-order";
import { exemptionFor, hasExpired, isWellFormed, LtrExemption, recordExemption } from "./exemption";
import { registerPolicyAspect } from "./policy-aspect";
import { isFlexibleServerResource, resourceCoordinates, terraformAddress } from "./server-reference";
import { ensureStackSupport } from "./stack-support";
import { policyRan, trackPolicy } from "./unapplied-policies";

export type { LtrExemption } from "./exemption";

/**
 * Minimum standards a covered server's declaration must meet, like AWS Backup Audit Manager's controls
 * (last recovery point age; minimum frequency and retention).
 */
export interface LtrMinimumStandards {
  /**
   * Longest `latest.maxAge` a covered server may declare, e.g. "P8D".
   *
   * A server that declares no `latest` fails, as does one whose `latest.maxAge` is longer.
   *
   * @default - `latest` is not required
   */
  readonly latestMaxAge?: string;
  /**
   * Longest `every` of a series a covered server must declare, e.g. "P7D".
   *
   * The server must declare at least one series this frequent that also keeps `seriesKeep` occurrences.
   *
   * @default - no series is required unless `seriesKeep` is set
   */
  readonly seriesEvery?: string;
  /**
   * Fewest occurrences a series of a covered server must keep.
   *
   * @default - 1 when `seriesEvery` is set, else no series is required
   */
  readonly seriesKeep?: number;
}

/** Props of `RequireLtrBackups`. */
export interface RequireLtrBackupsProps {
  /**
   * Standards every declaration must meet besides existing.
   *
   * Judged on everything that covers the server: its own `PostgresLtrBackups` and the `LtrBackupPolicy`
   * defaults it gets.
   *
   * @default - any PostgresLtrBackups or LtrBackupPolicy covers its server
   */
  readonly minimum?: LtrMinimumStandards;
  /**
   * The instant exemption expiry dates and calendar durations are judged at (ISO 8601 instant or Date).
   *
   * Fix it in tests, so that an exemption expiring does not change their outcome.
   *
   * @default - the time the aspect is created
   */
  readonly now?: string | Date;
}

interface ParsedMinimum {
  readonly latestMaxAge?: { text: string; duration: Duration };
  readonly series?: { every?: { text: string; duration: Duration }; keep: number };
}

/**
 * Policy aspect: every `azurerm_postgresql_flexible_server` in its scope must have a `PostgresLtrBackups`
 * (or an exemption with a reason), and the declarations must meet the optional minimum standards.
 * Failures are error annotations on the server, which fail synth.
 *
 * cdktf 0.21 never invokes aspects added to the App itself. This library makes up for it in every stack
 * of an app that contains at least one `PostgresLtrBackups`, `LtrBackupPolicy` or exemption. In an app
 * with none of them (say, when adopting the policy before declaring anything) nothing could run it, so
 * the synthesizing process (`cdktf synth`, or `node main.ts` writing to the default `cdktf.out`) exits 1
 * saying so; add the aspect to each stack instead (`Aspects.of(stack).add(...)`, which cdktf always
 * invokes), or declare the fleet's defaults with an `LtrBackupPolicy`.
 *
 * ```ts
 * Aspects.of(app).add(new RequireLtrBackups({ minimum: { latestMaxAge: "P8D" } }));
 * RequireLtrBackups.exempt(scratchServer, { reason: "Recreated every week for load tests", expires: "2027-03-31" });
 * ```
 */
export class RequireLtrBackups implements ConstructAspect {
  /**
   * Exempts a flexible server, or every flexible server inside a scope, from this policy. The reason must
   * be at least 10 characters; after the `expires` day (UTC) the exemption no longer holds.
   */
  public static exempt(server: IConstruct, exemption: LtrExemption): void {
    recordExemption(server, exemption);
    ensureStackSupport(server);
  }

  private readonly minimum: ParsedMinimum;
  private readonly now: Date;
  private readonly visited = new WeakSet<IConstruct>();
  private readonly coverage = new WeakMap<FrameworkStack, Coverage>();

  constructor(props: RequireLtrBackupsProps = {}) {
    this.now = parseNow(props.now);
    this.minimum = parseMinimum(props.minimum ?? {});
    trackPolicy(this);
    registerPolicyAspect(this, (node) => this.problemsFor(node));
  }

  public visit(node: IConstruct): void {
    policyRan(this);
    if (this.visited.has(node)) return;
    for (const message of this.problemsFor(node)) frameworkOf(node).addError(node, message);
    this.visited.add(node);
  }

  /** The errors for one construct, without annotating it; empty for anything but an uncovered or substandard server. */
  private problemsFor(node: IConstruct): string[] {
    policyRan(this);
    if (this.visited.has(node) || !isFlexibleServerResource(node)) return [];
    const exemption = exemptionFor(node);
    // A malformed exemption fails synth through its own validation; it does not exempt meanwhile.
    const exempt = exemption !== undefined && isWellFormed(exemption);
    if (exemption && exempt && !hasExpired(exemption, this.now)) return [];

    // The construct path is not repeated: cdktf prints an annotation as `[<construct path>] <message>`.
    const name = terraformAddress(node);
    const covering = this.coverageFor(node).covering(node);
    if (covering.length === 0) {
      const howToFix =
        "declare the LTR backups it must have with new PostgresLtrBackups(scope, id, { server, ... }) " +
        "or exempt it with RequireLtrBackups.exempt(server, { reason, expires })";
      if (exempt && exemption?.expires !== undefined) {
        return [
          `${name} has no PostgresLtrBackups and its LTR exemption expired on ${exemption.expires} ` +
            `(reason: ${JSON.stringify(exemption.reason)}); declare its LTR backups with PostgresLtrBackups ` +
            `or renew the exemption with a later expires date`,
        ];
      }
      return [`${name} has no PostgresLtrBackups: ${howToFix}`];
    }
    const declarations = covering
      .map((result) => result.declaration)
      .filter((d): d is LtrDeclaration => d !== undefined);
    // Declarations with problems fail synth on their own; judging them against the minimum would only add noise.
    if (declarations.length < covering.length) return [];
    return this.minimumProblems(name, declarations);
  }

  private minimumProblems(name: string, declarations: readonly LtrDeclaration[]): string[] {
    const problems: string[] = [];
    const paths = declarations.map((d) => d.constructPath).join(", ");
    const { latestMaxAge, series } = this.minimum;
    if (latestMaxAge) {
      const latest = declarations.find((d) => d.latest)?.latest;
      if (!latest) {
        problems.push(
          `${name} declares no latest, but the minimum standard is latest.maxAge of at most ` +
            `${latestMaxAge.text}; add latest: { maxAge: "${latestMaxAge.text}" } to ${paths}`,
        );
      } else if (compareDurationsAt(parseDuration(latest.maxAge), latestMaxAge.duration, this.now) > 0) {
        problems.push(
          `${name}: latest.maxAge ${JSON.stringify(latest.maxAge)} declared by ${latest.constructPath} is ` +
            `longer than the minimum standard ${latestMaxAge.text}; shorten it to ${latestMaxAge.text} or less`,
        );
      }
    }
    if (series) {
      const qualifies = declarations
        .flatMap((d) => d.series)
        .some(
          (s) =>
            s.keep >= series.keep &&
            (!series.every ||
              compareDurationsAt(parseDuration(s.every), series.every.duration, this.now) <= 0),
        );
      if (!qualifies) {
        const every = series.every ? ` with every of at most ${series.every.text}` : "";
        problems.push(
          `${name} declares no series${every} keeping at least ${series.keep} occurrence` +
            `${series.keep === 1 ? "" : "s"}, as the minimum standard requires; add one to series of ${paths}`,
        );
      }
    }
    return problems;
  }

  private coverageFor(node: FrameworkResource): Coverage {
    const stack = frameworkOf(node).stackOf(node);
    let coverage = this.coverage.get(stack);
    if (!coverage) {
      coverage = new Coverage(stack.node.root);
      this.coverage.set(stack, coverage);
    }
    return coverage;
  }
}

/**
 * Which declarations cover which server: the one given the resource itself, or one whose plain
 * coordinates name the same resource group and server (Azure compares them without regard to case).
 * Built once per stack synth from the whole app, because a declaration may live in another stack; it
 * reuses what the stack's validation pass already read when the policy runs from there.
 */
class Coverage {
  private readonly byResource = new Map<IConstruct, DeclarationResult[]>();
  private readonly byCoordinates = new Map<string, DeclarationResult[]>();

  constructor(root: IConstruct) {
    for (const result of appDeclarations(root).results) {
      if (result.serverResource) {
        this.byResource.set(result.serverResource, [
          ...(this.byResource.get(result.serverResource) ?? []),
          result,
        ]);
      } else if (result.declaration) {
        const key = coordinatesKey(
          result.declaration.server.resourceGroupName,
          result.declaration.server.serverName,
        );
        this.byCoordinates.set(key, [...(this.byCoordinates.get(key) ?? []), result]);
      }
    }
  }

  covering(resource: FrameworkResource): DeclarationResult[] {
    const direct = this.byResource.get(resource) ?? [];
    const { name, resourceGroupName } = resourceCoordinates(resource);
    if (typeof name !== "string" || typeof resourceGroupName !== "string") return direct;
    return [...direct, ...(this.byCoordinates.get(coordinatesKey(resourceGroupName, name)) ?? [])];
  }
}

function coordinatesKey(resourceGroupName: string, serverName: string): string {
  return `${resourceGroupName.toLowerCase()}/${serverName.toLowerCase()}`;
}

function parseNow(now: string | Date | undefined): Date {
  if (now === undefined) return new Date();
  if (now instanceof Date) {
    if (Number.isNaN(now.getTime())) throw new Error("RequireLtrBackups: now is an invalid Date");
    return now;
  }
  const problem = instantProblem(now);
  if (problem) throw new Error(`RequireLtrBackups: now ${JSON.stringify(now)} ${problem}`);
  return new Date(now);
}

function parseMinimum(minimum: LtrMinimumStandards): ParsedMinimum {
  const duration = (
    field: string,
    text: string | undefined,
  ): { text: string; duration: Duration } | undefined => {
    if (text === undefined) return undefined;
    const problem = durationProblem(text);
    if (problem) throw new Error(`RequireLtrBackups: minimum.${field} ${JSON.stringify(text)} ${problem}`);
    return { text, duration: parseDuration(text) };
  };
  const latestMaxAge = duration("latestMaxAge", minimum.latestMaxAge);
  const every = duration("seriesEvery", minimum.seriesEvery);
  const keep = minimum.seriesKeep;
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 1)) {
    throw new Error(
      `RequireLtrBackups: minimum.seriesKeep ${JSON.stringify(keep)} must be a whole number of at least 1`,
    );
  }
  const series = every || keep !== undefined ? { every, keep: keep ?? 1 } : undefined;
  return { latestMaxAge, series };
}
