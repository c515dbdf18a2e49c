import type { CheckResult } from "../check/result";
import { TextPlanStream, type TextPlanOptions } from "./text-plan-stream";

export type { TextPlanOptions } from "./text-plan-stream";

/**
 * The human plan, modelled on `terraform plan`: legend, drift as resource blocks, then what is not
 * drift, the bold summary, and what could not be checked as diagnostics, one per cause (never as
 * blocks too). The whole result fed through TextPlanStream, so that `pg-ltr check`, which streams the
 * plan, and `pg-ltr merge` or the API, which render it at once, print the same text.
 */
export function renderTextPlan(result: CheckResult, options: TextPlanOptions): string {
  const pieces: string[] = [];
  const plan = new TextPlanStream(result.checkedAt, options, (text) => pieces.push(text));
  for (const finding of result.findings) plan.add(finding);
  plan.end(result);
  return pieces.join("");
}
