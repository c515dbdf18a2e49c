import type { CheckResult } from "../check/result";
import { renderGithubAnnotations } from "./github-annotations";
import { renderJsonReport } from "./json-report";
import { renderJunitReport } from "./junit-report";
import { renderMarkdownSummary } from "./markdown-summary";
import { renderSarifReport } from "./sarif-report";
import { renderTextPlan } from "./text-plan";

/** The formats a check result can be rendered in. */
export type PlanFormat = "text" | "json" | "junit" | "markdown" | "github" | "sarif";

export const PLAN_FORMATS: readonly PlanFormat[] = ["text", "json", "junit", "markdown", "github", "sarif"];

export interface RenderPlanOptions {
  /** ANSI colours in the text format; the others never have any. @default false */
  readonly color?: boolean;
  /** Text format: only the drift, the summary line and the diagnostics. @default false */
  readonly quiet?: boolean;
  /** Text format: end with the diagnostics of what could not be checked (the CLI prints them on stderr). @default true */
  readonly diagnostics?: boolean;
  /**
   * The app's folder (where cdktf.json is) relative to the repository's root, with `/` separators:
   * `infra`, `stacks/data-platform`. Put in front of each `declaredAt.file` in the `github` and
   * `sarif` formats, which GitHub reads relative to the repository's root; the other formats keep
   * paths relative to the app's folder. The CLI works it out from GITHUB_WORKSPACE and --source-root.
   *
   * @default - none: paths stay relative to the app's folder, right for an app at the repository's root
   */
  readonly sourceRoot?: string;
}

/**
 * Renders a check result: `text` like `terraform plan`, `json` as described by
 * `lib/schema/plan-report.schema.json`, `junit` for CI test reporters, `markdown` for
 * `$GITHUB_STEP_SUMMARY`, `github` as GitHub Actions workflow commands (annotations), `sarif` as SARIF 2.1.0 for code
 * scanning. A pure function: the same result gives the same text.
 */
export function renderPlan(result: CheckResult, format: PlanFormat, options: RenderPlanOptions = {}): string {
  switch (format) {
    case "text":
      return renderTextPlan(result, {
        color: options.color ?? false,
        quiet: options.quiet ?? false,
        diagnostics: options.diagnostics ?? true,
      });
    case "json":
      return renderJsonReport(result);
    case "junit":
      return renderJunitReport(result);
    case "markdown":
      return renderMarkdownSummary(result);
    case "github":
      return renderGithubAnnotations(result, { sourceRoot: options.sourceRoot });
    case "sarif":
      return renderSarifReport(result, { sourceRoot: options.sourceRoot });
    default:
      throw new RangeError(`unknown plan format "${String(format)}"; use one of ${PLAN_FORMATS.join(", ")}`);
  }
}
