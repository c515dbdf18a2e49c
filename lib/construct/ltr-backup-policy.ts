import { Construct, IConstruct } from "constructs";
import { serverKey } from "./app-declarations";
import { DeclarationResult, LtrDeclaration, registerDeclarationReader } from "./declaration";
import { readDeclaration } from "./declaration-rules";
import { exemptionFor, hasExpired, isWellFormed } from "./exemption";
import { frameworkOf } from "./framework";
import type { PostgresLtrBackupsProps } from "./postgres-ltr-backups";
import { isFlexibleServerResource } from "./server-reference";
import { recordCreationSite } from "./source-location";
import { ensureStackSupport } from "./stack-support";

/** Which flexible servers of the scope a policy covers. */
export interface LtrServerSelection {
  /**
   * Tags a server must carry, each with exactly this value (tag names compared as Azure does, ignoring
   * case; values exactly).
   *
   * A server whose `tags` are not known at synth (a token) fails synthesis rather than being silently
   * left out.
   *
   * @default - every flexible server of the scope, whatever its tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Props of `LtrBackupPolicy`: the defaults every covered server gets, and which servers it covers. */
export interface LtrBackupPolicyProps extends Omit<PostgresLtrBackupsProps, "server"> {
  /**
   * Which `PostgresqlFlexibleServer`s of the scope the defaults apply to.
   *
   * @default - every `PostgresqlFlexibleServer` in the scope
   */
  readonly select?: LtrServerSelection;
}

/**
 * Default LTR backup expectations for every `PostgresqlFlexibleServer` in a scope (the App, a stack, any
 * construct: the policy's own scope), optionally only those whose `tags` match. 30 servers, one line:
 *
 * ```ts
 * new LtrBackupPolicy(app, "prod-ltr", {
 *   select: { tags: { env: "prod" } },
 *   latest: LtrLatest.weekly(),
 *   series: [LtrSeries.weekly({ day: "sunday", keep: 4 })],
 * });
 * ```
 *
 * A server's own `PostgresLtrBackups` adds to the defaults and overrides them one expectation at a time:
 * its `latest` replaces the policy's `latest`, and its named backups and series replace the policy's of
 * the same name; the policy's others still apply. A `latest` that `PostgresLtrBackups.fromAzureBackup`
 * derives from the server's vault policy replaces the policy's `latest` too. Exempt servers
 * (`RequireLtrBackups.exempt`, not yet expired) are skipped. `RequireLtrBackups` counts a covered server as declared. The expectations are
 * written to the document of the server's stack, with the policy's path as their construct path.
 */
export class LtrBackupPolicy extends Construct {
  private readonly props: LtrBackupPolicyProps;

  constructor(scope: Construct, id: string, props: LtrBackupPolicyProps = {}) {
    super(scope, id);
    recordCreationSite(this);
    this.props = {
      ...props,
      backups: props.backups && [...props.backups],
      series: props.series && [...props.series],
    };
    registerDeclarationReader(this, { phase: "defaults", read: (declared) => this.declarations(declared) });
    // Stacks that exist now get the synth support that writes their documents; stacks created later get
    // it from the first stack support that runs (see stack-support.ts).
    ensureStackSupport(this);
    for (const construct of this.scope().node.findAll()) {
      if (isFlexibleServerResource(construct)) ensureStackSupport(construct);
    }
  }

  private scope(): IConstruct {
    return this.node.scope ?? this;
  }

  /** One declaration per covered server, minus what the server's own declarations override. */
  private declarations(declared: readonly DeclarationResult[]): DeclarationResult[] {
    const now = new Date();
    const results: DeclarationResult[] = [];
    for (const server of this.scope().node.findAll()) {
      if (!isFlexibleServerResource(server)) continue;
      const exemption = exemptionFor(server);
      if (exemption && isWellFormed(exemption) && !hasExpired(exemption, now)) continue;
      const selected = this.selects(server);
      if (selected === false) continue;
      const base = { serverResource: server, placement: server, source: this as IConstruct };
      if (typeof selected === "string") {
        results.push({ declaration: undefined, problems: [selected], ...base });
        continue;
      }
      const result = readDeclaration(this, { ...this.props, server: server as never });
      if (!result.declaration) {
        results.push({
          ...result,
          ...base,
          problems: result.problems.map((p) => `${p} (for ${server.node.path})`),
        });
        continue;
      }
      const own = declared
        .map((d) => d.declaration)
        .filter(
          (d): d is LtrDeclaration =>
            d !== undefined &&
            (d.server.resource === server || serverKey(d.server) === serverKey(result.declaration!.server)),
        );
      const remaining = withoutOverridden(result.declaration, own);
      if (remaining) results.push({ ...result, ...base, declaration: remaining });
    }
    return results;
  }

  /** True when the server's tags match; a message when they cannot be read at synth. */
  private selects(server: IConstruct): boolean | string {
    const wanted = this.props.select?.tags;
    if (!wanted) return true;
    const tags = (server as unknown as { tagsInput?: unknown }).tagsInput;
    if (tags === undefined) return false;
    if (frameworkOf(server).isUnresolved(tags) || typeof tags !== "object" || tags === null) {
      return (
        `select.tags cannot be matched against the tags of ${server.node.path}, which are not known at synth ` +
        "time (a token); give the server literal tags, or declare its backups with PostgresLtrBackups"
      );
    }
    const have = new Map(
      Object.entries(tags as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]),
    );
    return Object.entries(wanted).every(([name, value]) => have.get(name.toLowerCase()) === value);
  }
}

/** The policy's declaration for one server without what the server's own declarations override; undefined when nothing is left. */
function withoutOverridden(
  defaults: LtrDeclaration,
  own: readonly LtrDeclaration[],
): LtrDeclaration | undefined {
  const names = new Set(own.flatMap((d) => d.backups.map((b) => b.name.toLowerCase())));
  const templates = new Set(own.flatMap((d) => d.series.map((s) => s.name.toLowerCase())));
  const remaining: LtrDeclaration = {
    ...defaults,
    backups: defaults.backups.filter((b) => !names.has(b.name.toLowerCase())),
    series: defaults.series.filter((s) => !templates.has(s.name.toLowerCase())),
    latest: own.some((d) => d.latest) ? null : defaults.latest,
  };
  const empty = remaining.backups.length === 0 && remaining.series.length === 0 && remaining.latest === null;
  return empty ? undefined : remaining;
}
