import { createHash } from "node:crypto";
import type { Location, Log, ReportingDescriptor, Result } from "sarif";
import {
  DRIFT_VERDICTS,
  type CheckResult,
  type ExemptServer,
  type Finding,
  type SourceLocation,
  type Verdict,
} from "../check/result";
import { PACKAGE_NAME, packageVersion } from "../package-version";
import { findingMessageLines, plainLines } from "./finding-message";
import { exemptionTerm } from "./exemption-wording";
import type { RenderPlanOptions } from "./render-plan";
import { repositoryPath } from "./repository-path";
import { terminalText } from "./untrusted-text";
import { VERDICT_TITLE } from "./verdict-wording";

/** The verdicts a SARIF log reports, one rule each, and the rule of exempt servers. */
export type SarifRuleId = Exclude<Verdict, "compliant" | "running"> | "exempt";

/**
 * Where `uri`s of the log are relative to: the repository's root, which GitHub code scanning takes
 * them from (the app's folder, where cdktf.json is, when no `sourceRoot` is given, as `declaredAt` is).
 */
export const SARIF_SOURCE_ROOT = "%SRCROOT%";

const INFORMATION_URI = `https://www.npmjs.com/package/${PACKAGE_NAME}`;

/** Names the fingerprint this log gives; a new way of computing it gets a new version. */
const FINGERPRINT = "pgLtrSubject/v1";

interface RuleText {
  readonly name: string;
  readonly level: "error" | "warning" | "note";
  readonly full: string;
  readonly help: string;
}

/** One rule per verdict a result can have: what it means and what to do, as GitHub shows an alert. */
const RULES: { readonly [R in SarifRuleId]: RuleText } = {
  missing: {
    name: "LtrBackupMissing",
    level: "error",
    full:
      "A long-term-retention backup the app declares with PostgresLtrBackups does not exist in Azure: a named " +
      "backup, an occurrence of a series that is due, or a run an Azure Backup vault policy scheduled " +
      "(no backup started within its grace).",
    help:
      "Start the LTR backup (or fix the job that starts it, for a series; check the vault's backup jobs, for a " +
      "vault policy's run); if it is no longer wanted, remove it from the declaration.",
  },
  stale: {
    name: "LtrBackupStale",
    level: "error",
    full:
      "The LTR backup is older than allowed: the newest succeeded backup ended before its maxAge, a series " +
      "occurrence did not succeed by its due time, or a backup has been Running longer than --stuck-after.",
    help:
      "Check the job that starts the backups and start a new one; for a backup stuck Running, check the " +
      "operation in the Azure portal.",
  },
  failed: {
    name: "LtrBackupFailed",
    level: "error",
    full: "The LTR backup operation ended Failed or Cancelled.",
    help:
      "Read Azure's error code and message in the result, fix the cause (storage access, server state), and " +
      "start the backup again.",
  },
  invalid: {
    name: "LtrBackupAnswerInvalid",
    level: "error",
    full:
      "Azure's answer about the LTR backup breaks the LTR backup API schema, or is about another backup or " +
      "server, so the backup cannot be judged; the result names the fields by JSON pointer.",
    help:
      "Report the answer to Azure support with the request id; if a proxy or private link answers for Azure " +
      "Resource Manager, check it and --endpoint.",
  },
  unknown: {
    name: "LtrBackupStatusUnknown",
    level: "error",
    full: "The LTR backup has a status that Azure's API reference does not document.",
    help: "Check the backup in the Azure portal, and upgrade cdktf-pg-ltr if Azure added the status.",
  },
  pending: {
    name: "LtrBackupPending",
    level: "warning",
    full:
      "Not drift: the server will be created by this deploy, or exists but is too new for its first LTR " +
      "backup to be due.",
    help:
      "Nothing to do before the deploy. After it, pg-ltr check --require-existing reports a server that was " +
      "not created as an error; the result goes away once the server's backups exist.",
  },
  error: {
    name: "LtrBackupNotChecked",
    level: "error",
    full:
      "pg-ltr could not check the LTR backup: Azure refused the request (401, 403), the server, resource " +
      "group or subscription is unknown, or retries, the deadline or an interrupt stopped the check.",
    help:
      "Follow the result's reason: sign in again or grant the Reader role, pass --subscription, or run the " +
      "check again when Azure answers; give Azure support the request id.",
  },
  exempt: {
    name: "LtrBackupExempt",
    level: "note",
    full:
      "A flexible server exempted from LTR backups with RequireLtrBackups.exempt, with the reason given; a " +
      "suppressed result, a warning when the exemption expired or expires within 30 days.",
    help:
      "Before the exemption ends, renew it with a later expires date or declare the server's LTR backups " +
      "with PostgresLtrBackups.",
  },
};

const RULE_IDS = Object.keys(RULES) as SarifRuleId[];

/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one rule per verdict, one result per
 * finding of drift, pending or error and per exempt server (suppressed), located on the line of the
 * app's code that declared it (relative to the repository's root: `options.sourceRoot`), with a
 * fingerprint that stays the same from run to run.
 */
export function renderSarifReport(
  result: CheckResult,
  options: Pick<RenderPlanOptions, "sourceRoot"> = {},
): string {
  const results: Result[] = [];
  for (const finding of result.findings) {
    const ruleId = ruleOf(finding.verdict);
    if (ruleId !== undefined) results.push(findingResult(finding, ruleId, options.sourceRoot));
  }
  for (const server of result.exempt) results.push(exemptResult(server, options.sourceRoot));
  const log: Log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "pg-ltr",
            fullName: `pg-ltr check (${PACKAGE_NAME})`,
            version: packageVersion(),
            semanticVersion: packageVersion(),
            informationUri: INFORMATION_URI,
            rules: RULE_IDS.map(rule),
          },
        },
        originalUriBaseIds: {
          [SARIF_SOURCE_ROOT]: { description: { text: "The app's folder, where cdktf.json is." } },
        },
        // Node's stack frames count columns in UTF-16 code units.
        columnKind: "utf16CodeUnits",
        invocations: [{ executionSuccessful: result.summary.error === 0 && result.incomplete === undefined }],
        results,
        properties: { checkedAt: result.checkedAt, summary: result.summary },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function ruleOf(verdict: Verdict): SarifRuleId | undefined {
  if (verdict === "compliant" || verdict === "running") return undefined;
  return verdict;
}

function rule(id: SarifRuleId): ReportingDescriptor {
  const text = RULES[id];
  return {
    id,
    name: text.name,
    shortDescription: { text: id === "exempt" ? "Server exempt from LTR backups" : VERDICT_TITLE[id] },
    fullDescription: { text: text.full },
    help: { text: text.help },
    defaultConfiguration: { level: text.level },
    properties: { tags: DRIFT_VERDICTS.includes(id as Verdict) ? ["ltr-backup", "drift"] : ["ltr-backup"] },
  };
}

function findingResult(finding: Finding, ruleId: SarifRuleId, sourceRoot: string | undefined): Result {
  return {
    ruleId,
    ruleIndex: RULE_IDS.indexOf(ruleId),
    level: RULES[ruleId].level,
    message: { text: plainLines(findingMessageLines(finding)) },
    locations: [location(finding.declaredAt, finding.constructPath, sourceRoot)],
    partialFingerprints: fingerprint(finding.stack, finding.subject, ruleId),
    properties: {
      stack: finding.stack,
      subject: finding.subject,
      constructPath: finding.constructPath,
      address: finding.address,
      resourceGroupName: finding.resourceGroupName,
      serverName: finding.serverName,
      backupName: finding.backupName,
    },
  };
}

/**
 * An exempt server is a suppressed result: suppressed `inSource`, because the exemption is written in
 * the app's own code (`RequireLtrBackups.exempt(server, { reason, expires })`, at the line recorded),
 * as an in-source suppression comment is, not kept in a file or database beside it.
 */
function exemptResult(server: ExemptServer, sourceRoot: string | undefined): Result {
  const where = location(server.declaredAt, server.constructPath, sourceRoot);
  const reason = terminalText(server.reason);
  return {
    ruleId: "exempt",
    ruleIndex: RULE_IDS.indexOf("exempt"),
    level: server.standing === "active" ? "note" : "warning",
    message: {
      text: plainLines([
        `${server.stack}/${server.subject} is exempt from LTR backups (${exemptionTerm(server)}): ${server.reason}`,
      ]),
    },
    locations: [where],
    partialFingerprints: fingerprint(server.stack, server.subject, "exempt"),
    suppressions: [
      { kind: "inSource", justification: reason, ...(where.physicalLocation ? { location: where } : {}) },
    ],
    properties: {
      stack: server.stack,
      subject: server.subject,
      constructPath: server.constructPath,
      address: server.address,
      exemptedScope: server.exemptedScope,
      expires: server.expires,
      standing: server.standing,
    },
  };
}

/**
 * The line of the app's code that declared it, relative to the repository's root; the construct path
 * as a logical location too, and alone when synthesis recorded no line.
 */
function location(
  declaredAt: SourceLocation | null,
  constructPath: string,
  sourceRoot: string | undefined,
): Location {
  const logical = {
    logicalLocations: [
      {
        name: terminalText(constructPath.split("/").at(-1) ?? ""),
        fullyQualifiedName: terminalText(constructPath),
      },
    ],
  };
  if (declaredAt === null) return logical;
  return {
    physicalLocation: {
      artifactLocation: {
        // A URI reference: each path segment percent-encoded (spaces, `#`, `%`, control characters).
        uri: repositoryPath(declaredAt.file, sourceRoot).split("/").map(encodeURIComponent).join("/"),
        uriBaseId: SARIF_SOURCE_ROOT,
      },
      region: { startLine: declaredAt.line, startColumn: declaredAt.column },
    },
    ...logical,
  };
}

/**
 * What stays the same while the same backup keeps the same verdict: stack, subject and rule, never
 * times, reasons or request ids, which change from run to run.
 */
function fingerprint(stack: string, subject: string, ruleId: SarifRuleId): Record<string, string> {
  const hash = createHash("sha256")
    .update(JSON.stringify([stack, subject, ruleId]))
    .digest("hex");
  return { [FINGERPRINT]: hash };
}
