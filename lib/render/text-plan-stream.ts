import { DRIFT_VERDICTS, type CheckResult, type ExemptServer, type Finding } from "../check/result";
import { styleFor, type Style } from "./ansi-style";
import { ErrorGroups, renderErrorGroups } from "./error-diagnostics";
import { exemptionDeclaredAt, exemptionTerm } from "./exemption-wording";
import { colourSymbol, renderFindingBlock, VERDICT_LEGEND, VERDICT_SYMBOL } from "./finding-block";
import { summaryCounts } from "./summary-counts";
import { terminalText } from "./untrusted-text";

export interface TextPlanOptions {
  /** ANSI colours, decided by the caller (the CLI looks at the terminal, NO_COLOR and FORCE_COLOR). */
  readonly color: boolean;
  /** Only the drift, the summary line and the diagnostics: no legend, headings, running, pending or exempt lines. */
  readonly quiet: boolean;
  /**
   * End with the diagnostics of what could not be checked. The CLI prints them on stderr instead, as
   * Terraform does, so that they reach the CI log whatever the format.
   *
   * @default true
   */
  readonly diagnostics?: boolean;
}

/**
 * What the end of the plan says, known once the check is done: the counts and the exempt servers
 * (the diagnostics come from the errors added; the expectations per subscription they quote are
 * counted from the findings added, unless given).
 */
export type TextPlanEnd = Pick<CheckResult, "summary" | "exempt"> &
  Partial<Pick<CheckResult, "expectationsPerSubscription">>;

/**
 * Text set aside until the end of the plan (the blocks of what is not drift, which follow the drift).
 * Memory by default; the CLI sets it aside in a temporary file so that memory does not grow with the estate.
 */
export interface TextSpool {
  append(text: string): void;
  /** Hands back everything appended, in order, in one or more pieces. */
  replay(write: (text: string) => void): void;
}

/** A TextSpool in memory. */
export function memorySpool(): TextSpool {
  const pieces: string[] = [];
  return {
    append: (text) => pieces.push(text),
    replay: (write) => {
      for (const piece of pieces) write(piece);
    },
  };
}

/** The one wording of the legend: every drift symbol, as a stream cannot know which will come. */
const LEGEND_VERDICTS = DRIFT_VERDICTS;

/**
 * The text plan as the check goes, modelled on `terraform plan`. Each drift finding is written as
 * soon as it is added, so a user sees the drift while the check still runs; before the first one,
 * the legend (every drift symbol, the same whatever comes) and "pg-ltr found the following drift:".
 * What is not drift (running and pending backups, compliant ones whose answers had items set aside)
 * is rendered as it comes into a TextSpool and written after the drift by `end`, with the exempt
 * lines, the bold `Plan:` summary and, unless turned off, one diagnostic per cause of what could not
 * be checked. renderTextPlan is this view fed a whole result, so the printed plan and the streamed
 * one are the same text.
 */
export class TextPlanStream {
  private readonly style: Style;
  private sections = 0;
  private driftShown = false;
  private running = false;
  private pending = false;
  /** Running and pending blocks, shown after the drift. */
  private notDrift: TextSpool | undefined;
  /** Compliant findings whose answers had items set aside. */
  private noted: TextSpool | undefined;
  /** What could not be checked, by cause, for the diagnostics at the end. */
  private readonly errors = new ErrorGroups();
  /** Expectations per subscription, compliant ones included: "for 27 of 40 expectations in subscription …". */
  private readonly perSubscription = new Map<string, number>();

  constructor(
    /** The check's instant, which the legend names. */
    private readonly checkedAt: string,
    private readonly options: TextPlanOptions,
    private readonly write: (text: string) => void,
    private readonly spool: () => TextSpool = memorySpool,
  ) {
    this.style = styleFor(options.color);
  }

  /** One finding, in the result's order; errors are left to the diagnostics at the end. */
  add(finding: Finding): void {
    const { verdict } = finding;
    if (this.options.diagnostics !== false) {
      this.errors.add(finding);
      if (finding.subscriptionId !== null)
        this.perSubscription.set(
          finding.subscriptionId,
          (this.perSubscription.get(finding.subscriptionId) ?? 0) + 1,
        );
    }
    if (DRIFT_VERDICTS.includes(verdict)) {
      if (!this.driftShown && !this.options.quiet) {
        this.section(this.legend());
        this.section("pg-ltr found the following drift:");
      }
      this.driftShown = true;
      this.section(renderFindingBlock(finding, this.style));
      return;
    }
    if (this.options.quiet) return;
    if (verdict === "running" || verdict === "pending") {
      if (verdict === "running") this.running = true;
      else this.pending = true;
      (this.notDrift ??= this.spool()).append(`\n${renderFindingBlock(finding, this.style)}\n`);
    } else if (verdict === "compliant" && (finding.notes ?? []).length > 0) {
      // Compliant findings stay out of the plan, unless the answers behind them had items set aside.
      (this.noted ??= this.spool()).append(`\n${renderFindingBlock(finding, this.style)}\n`);
    }
  }

  /** The rest of the plan, once every finding has been added. */
  end(result: TextPlanEnd): void {
    const { style } = this;
    const { summary } = result;
    if (!this.options.quiet) {
      if (!this.driftShown) this.section(headline(summary, style));
      if (this.notDrift) {
        this.section(notDriftHeading(this.running, this.pending));
        this.notDrift.replay(this.write);
      }
      if (this.noted) {
        this.section("These LTR backups are compliant, but pg-ltr set aside items of Azure's answers:");
        this.noted.replay(this.write);
      }
      if (result.exempt.length > 0) this.section(exemptLines(result.exempt, style));
    }
    this.section(style.bold(`Plan: ${summaryCounts(summary, result.exempt.length)}`));
    if (this.options.diagnostics !== false && summary.error > 0) {
      const totals = result.expectationsPerSubscription ?? this.perSubscription;
      this.write(`\n${renderErrorGroups(this.errors.all, totals, style)}`);
    }
  }

  /** Sections are separated by a blank line, and each ends its line. */
  private section(text: string): void {
    this.write(`${this.sections++ > 0 ? "\n" : ""}${text}\n`);
  }

  private legend(): string {
    const lines = [
      `pg-ltr compared the LTR backups in Azure with the expectations synthesized by cdktf, as of ${this.checkedAt}.`,
      "Findings are indicated with the following symbols:",
      ...LEGEND_VERDICTS.map((verdict) => {
        const indent = " ".repeat(3 - VERDICT_SYMBOL[verdict].length);
        return `${indent}${colourSymbol(verdict, this.style)} ${VERDICT_LEGEND[verdict]}`;
      }),
    ];
    return lines.join("\n");
  }
}

/** The first line of a plan without drift: clean, clean but pending, or not everything checked. */
function headline(summary: CheckResult["summary"], style: Style): string {
  if (summary.error > 0)
    return style.red(style.bold("Not every LTR backup could be checked.")) + " The errors below say why.";
  if (summary.pending > 0)
    return (
      style.green(style.bold("No drift.")) +
      style.green(" The LTR backups that can exist match the configuration.")
    );
  return style.green(style.bold("No changes.")) + style.green(" Your LTR backups match the configuration.");
}

/** Above the running and pending backups: what they are, and that they are not drift. */
function notDriftHeading(running: boolean, pending: boolean): string {
  if (!pending) return "These LTR backups are still running, which is not drift:";
  return running
    ? "These LTR backups are still running, or pending until their server exists or is due its first backup, which is not drift:"
    : "These LTR backups are pending until their server exists or is due its first backup, which is not drift:";
}

/** One `# exempt` comment line per exempt server, with its reason, its expiry and where it was exempted. */
function exemptLines(exempt: readonly ExemptServer[], style: Style): string {
  return exempt
    .map((server) => {
      // Reasons and names are outside text: shown escaped, they cannot forge a line or a colour.
      const line = `  # exempt: ${terminalText(`${server.stack}/${server.subject} (${exemptionTerm(server)}): ${server.reason}; declared at ${exemptionDeclaredAt(server)}`)}`;
      return server.standing === "active" ? style.dim(line) : style.yellow(line);
    })
    .join("\n");
}
