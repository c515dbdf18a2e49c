import { DRIFT_VERDICTS, type CheckResult, type Finding, type SourceLocation } from "../check/result";
import type { DiagnosticText } from "./diagnostic";
import {
  errorCause,
  expectationsPerSubscription,
  groupErrorFindings,
  type ErrorGroup,
} from "./error-diagnostics";
import { exemptionsToWarnAbout, exemptionWarning } from "./exemption-wording";
import { declaredAt } from "./finding-label";
import type { RenderPlanOptions } from "./render-plan";
import { repositoryPath } from "./repository-path";
import { findingMessageLines, plainLines } from "./finding-message";
import { summaryCounts } from "./summary-counts";
import { terminalText } from "./untrusted-text";
import { findingTitle } from "./verdict-wording";
import { workflowCommand, type AnnotationLevel, type AnnotationProperties } from "./workflow-command";

/**
 * GitHub shows at most 10 error and 10 warning annotations of a step (and 10 notices); more are
 * dropped without a word. So at most this many of each are printed, and the closing notice says how
 * many more there were and where to read them.
 */
export const GITHUB_ANNOTATIONS_PER_LEVEL = 10;

interface Annotation {
  readonly level: AnnotationLevel;
  readonly properties: AnnotationProperties;
  readonly message: string;
}

/**
 * `--format github`: GitHub Actions workflow commands that become annotations on the pull request,
 * on the line of the app's code that declared what they are about. `::error` for drift and for each
 * cause of errors (grouped as in the text plan: one bad token is one annotation), `::warning` for
 * pending backups and for exemptions that expired or expire within 30 days, then one `::notice` with
 * the summary counts. `file=` is relative to the repository's root (`options.sourceRoot`).
 */
export function renderGithubAnnotations(
  result: CheckResult,
  options: Pick<RenderPlanOptions, "sourceRoot"> = {},
): string {
  const where = (location: SourceLocation | null): AnnotationProperties =>
    location === null
      ? {}
      : {
          file: terminalText(repositoryPath(location.file, options.sourceRoot)),
          line: location.line,
          col: location.column,
        };
  const annotations: Annotation[] = [];
  const errorGroups = new Map(
    groupErrorFindings(result.findings).map((group) => [group.first, group] as const),
  );
  const totals = expectationsPerSubscription(result);
  for (const finding of result.findings) {
    if (DRIFT_VERDICTS.includes(finding.verdict))
      annotations.push(findingAnnotation("error", finding, where));
    else if (finding.verdict === "pending") annotations.push(findingAnnotation("warning", finding, where));
    else {
      const group = errorGroups.get(finding);
      if (group) annotations.push(errorAnnotation(group, totals, where));
    }
  }
  for (const server of exemptionsToWarnAbout(result.exempt)) {
    annotations.push({
      level: "warning",
      properties: {
        title: server.standing === "expired" ? "LTR exemption expired" : "LTR exemption expiring",
        ...where(server.declaredAt),
      },
      message: diagnosticMessage(exemptionWarning(server)),
    });
  }

  const lines: string[] = [];
  const left = { error: 0, warning: 0, notice: 0 };
  const shown = { error: 0, warning: 0, notice: 0 };
  for (const annotation of annotations) {
    if (shown[annotation.level] < GITHUB_ANNOTATIONS_PER_LEVEL) {
      shown[annotation.level]++;
      lines.push(workflowCommand(annotation.level, annotation.properties, annotation.message));
    } else left[annotation.level]++;
  }
  lines.push(workflowCommand("notice", { title: "pg-ltr check" }, closingNotice(result, left)));
  return `${lines.join("\n")}\n`;
}

type Where = (location: SourceLocation | null) => AnnotationProperties;

function findingAnnotation(level: AnnotationLevel, finding: Finding, where: Where): Annotation {
  const lines = findingMessageLines(finding);
  // On a line of the code the annotation needs no more; without one, the construct path says where.
  if (finding.declaredAt === null) lines.push(`Declared at ${declaredAt(finding)}`);
  return {
    level,
    properties: { title: findingTitle(finding), ...where(finding.declaredAt) },
    message: plainLines(lines),
  };
}

/** One annotation per cause; on a line of code only when every finding of the cause was declared there. */
function errorAnnotation(group: ErrorGroup, totals: ReadonlyMap<string, number>, where: Where): Annotation {
  const location = group.first.declaredAt;
  return {
    level: "error",
    properties: {
      title: group.count === 1 ? "LTR backup could not be checked" : "LTR backups could not be checked",
      ...(location !== null && group.sameLine ? where(location) : {}),
    },
    message: diagnosticMessage(errorCause(group, totals)),
  };
}

function diagnosticMessage(text: DiagnosticText): string {
  return plainLines([text.summary, ...text.detail]);
}

function closingNotice(
  result: CheckResult,
  left: { readonly error: number; readonly warning: number },
): string {
  const counts = `Checked at ${result.checkedAt}: ${summaryCounts(result.summary, result.exempt.length)}`;
  if (left.error === 0 && left.warning === 0) return counts;
  const more = [
    left.error > 0 ? `${left.error} more ${left.error === 1 ? "error" : "errors"}` : null,
    left.warning > 0 ? `${left.warning} more ${left.warning === 1 ? "warning" : "warnings"}` : null,
  ].filter((part): part is string => part !== null);
  return (
    `${counts}\n${more.join(" and ")} not annotated: GitHub shows ${GITHUB_ANNOTATIONS_PER_LEVEL} of each per step. ` +
    "Every finding is in the text plan, and in the --output markdown, json and sarif reports."
  );
}
