import type { Expectation, Finding, FindingNote, Verdict } from "../check/result";
import type { Style } from "./ansi-style";
import { declaredAt, qualifiedLabel } from "./finding-label";
import { terminalQuoted, terminalText } from "./untrusted-text";
import { findingPhrase } from "./verdict-wording";

/**
 * One finding as a `terraform plan` resource block: comment lines naming the backup, why, and where it
 * was declared, then `<symbol> ltr_backup "<server>/<backup>" { ... }` with what Azure reported against
 * what the expectation asks for.
 */

/** The marker of each verdict, in the spirit of Terraform's `+`, `~`, `-/+`. */
export const VERDICT_SYMBOL: { readonly [V in Verdict]: string } = {
  missing: "+",
  stale: "~",
  failed: "-/+",
  invalid: "!",
  unknown: "?",
  running: "…",
  pending: "+",
  error: "x",
  compliant: " ",
};

/** What the symbol stands for in the legend. */
export const VERDICT_LEGEND: { readonly [V in Verdict]: string } = {
  missing: "missing: no such backup in Azure",
  stale: "stale: older than allowed, or stuck running",
  failed: "failed: the backup has to be taken again",
  invalid: "invalid: Azure's answer does not match the API schema",
  unknown: "unknown: a status this version of pg-ltr does not know",
  running: "running: not finished yet, not drift",
  pending: "pending: the server will be created by this deploy, or is new and not due yet; not drift",
  error: "error: could not be checked, see the errors below",
  compliant: "compliant",
};

/** Colours the symbol like Terraform colours its actions; `-/+` is red then green, as there. */
export function colourSymbol(verdict: Verdict, style: Style): string {
  switch (verdict) {
    case "missing":
      return style.green("+");
    case "stale":
      return style.yellow("~");
    case "failed":
      return `${style.red("-")}/${style.green("+")}`;
    case "invalid":
      return style.red("!");
    case "unknown":
      return style.magenta("?");
    case "running":
      return style.cyan("…");
    case "pending":
      return style.green("+");
    case "error":
      return style.bold(style.red("x"));
    case "compliant":
      return " ";
  }
}

type Marker = " " | "+" | "~" | "!";

/** An attribute line (`~ end_time = "..."  # older than P32D`), a free line such as a schema error, or a note. */
type Row =
  | { readonly marker: Marker; readonly name: string; readonly value: string; readonly comment?: string }
  | { readonly marker: Marker; readonly text: string }
  | { readonly note: string };

const quote = terminalQuoted;

/** The comment lines and block of one finding, without a trailing newline. */
export function renderFindingBlock(finding: Finding, style: Style): string {
  // Names, paths and reasons carry outside text: shown escaped, they cannot forge a line or a colour.
  const label = terminalText(qualifiedLabel(finding));
  const lines = [`  ${style.bold(`# ${label} ${findingPhrase(finding)}`)}`];
  if (finding.reason) lines.push(`  # (${terminalText(finding.reason)})`);
  lines.push(`  # declared at ${terminalText(declaredAt(finding))}`);
  // Symbols are right-aligned in three columns, as Terraform aligns `  +` with `-/+`.
  const indent = " ".repeat(3 - VERDICT_SYMBOL[finding.verdict].length);
  lines.push(`${indent}${colourSymbol(finding.verdict, style)} ltr_backup ${quote(finding.subject)} {`);
  const rows = rowsOf(finding);
  // No spread: a malformed answer can give a row per schema error.
  const width = rows.reduce((widest, row) => Math.max(widest, "name" in row ? row.name.length : 0), 0);
  for (const row of rows) lines.push(renderRow(row, width, style));
  lines.push("    }");
  return lines.join("\n");
}

function renderRow(row: Row, width: number, style: Style): string {
  if ("note" in row) return `        ${style.dim(`# ${terminalText(row.note)}`)}`;
  const marker =
    row.marker === "+"
      ? style.green("+")
      : row.marker === "~"
        ? style.yellow("~")
        : row.marker === "!"
          ? style.red("!")
          : " ";
  if ("text" in row) return `      ${marker} ${terminalText(row.text)}`;
  const comment = row.comment ? `  ${style.dim(`# ${terminalText(row.comment)}`)}` : "";
  return `      ${marker} ${row.name.padEnd(width)} = ${row.value}${comment}`;
}

function rowsOf(finding: Finding): Row[] {
  const rows: Row[] = [];
  const { expectation, observed, verdict } = finding;
  if (expectation.kind === "series") {
    rows.push({
      note: `occurrence of series ${quote(expectation.template)} scheduled ${expectation.scheduledAt}, due by ${expectation.dueBy}`,
    });
  }
  if (expectation.kind === "scheduled") {
    rows.push({
      note: `run scheduled by ${expectation.policy} at ${expectation.scheduledAt}, to start within ${expectation.grace}`,
    });
  }
  if (observed === null) {
    // Nothing to compare: for drift, show what has to come into being, as Terraform shows a create.
    if (verdict === "missing" || verdict === "stale" || verdict === "pending") {
      rows.push({ marker: "+", name: "status", value: quote("Succeeded") });
      if (expectation.kind === "scheduled")
        rows.push({ marker: "+", name: "start_time", value: `(by ${expectation.startBy})` });
      const end = finding.firstBackupDue ? `(by ${finding.firstBackupDue})` : expectedEnd(expectation);
      if (end) rows.push({ marker: "+", name: "end_time", value: end });
    }
  } else {
    if ((expectation.kind === "latest" || expectation.kind === "scheduled") && observed.backupName !== null)
      rows.push({ marker: " ", name: "backup_name", value: quote(observed.backupName) });
    if (observed.status !== null) {
      const wrongStatus =
        verdict === "failed" ||
        verdict === "unknown" ||
        (verdict === "stale" && observed.status !== "Succeeded");
      rows.push(
        wrongStatus
          ? { marker: "~", name: "status", value: `${quote(observed.status)} -> ${quote("Succeeded")}` }
          : { marker: " ", name: "status", value: quote(observed.status) },
      );
    }
    if (observed.startTime !== null)
      rows.push({ marker: " ", name: "start_time", value: quote(observed.startTime) });
    if (observed.endTime !== null) {
      const tooOld = verdict === "stale" && observed.status === "Succeeded";
      const maxAge = maxAgeOf(expectation);
      rows.push(
        tooOld
          ? {
              marker: "~",
              name: "end_time",
              value: quote(observed.endTime),
              comment: maxAge ? `older than ${maxAge}` : finding.reason,
            }
          : { marker: " ", name: "end_time", value: quote(observed.endTime) },
      );
    }
    if (observed.percentComplete !== null)
      rows.push({ marker: " ", name: "percent_complete", value: String(observed.percentComplete) });
    if (observed.datasourceSizeInBytes !== null)
      rows.push({
        marker: " ",
        name: "datasource_size_in_bytes",
        value: String(observed.datasourceSizeInBytes),
      });
    if (observed.errorCode !== null)
      rows.push({ marker: " ", name: "error_code", value: quote(observed.errorCode) });
    if (observed.errorMessage !== null)
      rows.push({ marker: " ", name: "error_message", value: quote(observed.errorMessage) });
  }
  for (const note of finding.notes ?? []) rows.push({ note: `note: ${noteText(note)}` });
  for (const error of finding.schemaErrors) {
    rows.push({
      marker: "!",
      text: `${error.pointer === "" ? "(whole answer)" : error.pointer}: ${error.message}`,
    });
  }
  const http = finding.http;
  if (http && verdict === "error") {
    rows.push({
      marker: " ",
      name: "http_status",
      value: http.status === null ? "(no answer)" : String(http.status),
    });
    if (http.code !== null) rows.push({ marker: " ", name: "arm_error_code", value: quote(http.code) });
    if (http.message !== null)
      rows.push({ marker: " ", name: "arm_error_message", value: quote(http.message) });
  }
  if (http && http.requestId !== null && (verdict === "error" || verdict === "invalid"))
    rows.push({ marker: " ", name: "request_id", value: quote(http.requestId) });
  return rows;
}

/** `/value/3 (page 2) ends 9999-01-01T00:00:00Z, ...`: where the set-aside item is, then why. */
export function noteText(note: FindingNote): string {
  const where = note.pointer === "" ? "the answer" : note.pointer;
  return `${where}${note.page > 1 ? ` (page ${note.page})` : ""} ${note.message}`;
}

function maxAgeOf(expectation: Expectation): string | null {
  return expectation.kind === "series" || expectation.kind === "scheduled" ? null : expectation.maxAge;
}

/** What the expectation wants of the end time, Terraform's `(known after apply)` style. */
function expectedEnd(expectation: Expectation): string | null {
  if (expectation.kind === "series") return `(by ${expectation.dueBy})`;
  // A scheduled run is asked to start in time, not to end by a time.
  if (expectation.kind === "scheduled") return null;
  return expectation.maxAge === null ? null : `(within ${expectation.maxAge})`;
}
