import { stripVTControlCharacters } from "node:util";
import { renderPlan } from "../../lib/render/render-plan";
import type { Finding } from "../../lib/check/result";
import { CLEAN, DENIED, EVERY_VERDICT, FINDINGS, resultOf, TIMED_OUT } from "./fixtures/check-results";

const hasAnsi = (text: string): boolean => stripVTControlCharacters(text) !== text;

function plainText(findings: readonly Finding[], quiet = false): string {
  return renderPlan(resultOf(findings), "text", { color: false, quiet });
}

/** The lines of the block that starts with the given headline, up to its closing brace. */
function blockOf(text: string, headline: string): string[] {
  const lines = text.split("\n");
  const start = lines.indexOf(headline);
  expect(start).toBeGreaterThanOrEqual(0);
  return lines.slice(start, lines.indexOf("    }", start) + 1);
}

describe("text plan", () => {
  const text = renderPlan(EVERY_VERDICT, "text", { color: false });

  it("explains every drift symbol before listing the drift, the same legend whatever comes", () => {
    // The plan streams: the legend is written before the first block, so it cannot know which
    // symbols will follow; it lists the five of drift, always in the same words.
    const lines = text.split("\n");
    expect(lines[0]).toBe(
      "pg-ltr compared the LTR backups in Azure with the expectations synthesized by cdktf, as of 2026-11-27T08:00:00Z.",
    );
    expect(lines.slice(1, 10)).toEqual([
      "Findings are indicated with the following symbols:",
      "  + missing: no such backup in Azure",
      "  ~ stale: older than allowed, or stuck running",
      "-/+ failed: the backup has to be taken again",
      "  ! invalid: Azure's answer does not match the API schema",
      "  ? unknown: a status this version of pg-ltr does not know",
      "",
      "pg-ltr found the following drift:",
      "",
    ]);
    expect(plainText([FINDINGS.missing, FINDINGS.compliant]).split("\n").slice(0, 7)).toEqual(
      lines.slice(0, 7),
    );
  });

  it("lists the drift first, then under their own heading what is running or pending", () => {
    const order = [
      "  # data-platform/orders-db/pre-upgrade-2026-11 is missing",
      "  # data-platform/billing-db/(latest) is stale",
      "These LTR backups are still running, which is not drift:",
      "  # data-platform/billing-db/pre-upgrade-2026-12 is still running",
      "Plan: 1 missing, 2 stale, 1 failed, 1 invalid, 1 unknown. 1 compliant, 1 running, 1 could not be checked.",
    ].map((line) => text.split("\n").indexOf(line));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const drift = text.slice(0, text.indexOf("These LTR backups are still running"));
    expect(drift).not.toContain("still running");
  });

  it("shows a missing backup as a block to be created, with where it was declared", () => {
    expect(blockOf(text, "  # data-platform/orders-db/pre-upgrade-2026-11 is missing")).toEqual([
      "  # data-platform/orders-db/pre-upgrade-2026-11 is missing",
      "  # (server orders-db has no LTR backup operation named pre-upgrade-2026-11)",
      "  # declared at data-platform/orders-ltr (azurerm_postgresql_flexible_server.orders)",
      '  + ltr_backup "orders-db/pre-upgrade-2026-11" {',
      '      + status = "Succeeded"',
      "    }",
    ]);
  });

  it("shows a stale backup's end time against the allowed age", () => {
    expect(blockOf(text, "  # data-platform/orders-db/monthly-2026-09 is stale")).toEqual([
      "  # data-platform/orders-db/monthly-2026-09 is stale",
      "  # (ended 2026-09-01T02:10:00Z, older than P32D (cut-off 2026-10-26T08:00:00Z))",
      "  # declared at data-platform/orders-ltr (azurerm_postgresql_flexible_server.orders)",
      '  ~ ltr_backup "orders-db/monthly-2026-09" {',
      '        status           = "Succeeded"',
      '        start_time       = "2026-09-01T02:00:00Z"',
      '      ~ end_time         = "2026-09-01T02:10:00Z"  # older than P32D',
      "        percent_complete = 100",
      "    }",
    ]);
  });

  it("shows a failed series occurrence as a replacement with Azure's error", () => {
    expect(blockOf(text, "  # data-platform/orders-db/weekly-2026-11-22 has failed")).toEqual([
      "  # data-platform/orders-db/weekly-2026-11-22 has failed",
      "  # (failed at 2026-11-22T02:07:00Z: StorageUnreachable: Storage account is not reachable)",
      "  # declared at data-platform/orders-ltr (azurerm_postgresql_flexible_server.orders)",
      '-/+ ltr_backup "orders-db/weekly-2026-11-22" {',
      '        # occurrence of series "weekly-{yyyy}-{MM}-{dd}" scheduled 2026-11-22T02:00:00Z, due by 2026-11-22T08:00:00Z',
      '      ~ status        = "Failed" -> "Succeeded"',
      '        start_time    = "2026-11-22T02:00:03Z"',
      '        end_time      = "2026-11-22T02:07:00Z"',
      '        error_code    = "StorageUnreachable"',
      '        error_message = "Storage account is not reachable"',
      "    }",
    ]);
  });

  it("lists each schema violation of an invalid answer by its JSON pointer", () => {
    const block = blockOf(text, "  # data-platform/billing-db/pre-migration is invalid");
    expect(block).toContain('  ! ltr_backup "billing-db/pre-migration" {');
    expect(block).toContain("      ! /properties/percentComplete: must be <= 100");
    expect(block).toContain('      ! /properties/endTime: must match format "date-time"');
    expect(block).toContain('        request_id = "req-invalid-1"');
  });

  it("says which status it did not know", () => {
    const block = blockOf(text, "  # data-platform/billing-db/quarterly-2026-q3 has an unknown status");
    expect(block).toContain('  ? ltr_backup "billing-db/quarterly-2026-q3" {');
    expect(block).toContain('      ~ status     = "Paused" -> "Succeeded"');
  });

  it("names a latest check that found no backup after the server, and shows what it wants", () => {
    expect(blockOf(text, "  # data-platform/billing-db/(latest) is stale")).toEqual([
      "  # data-platform/billing-db/(latest) is stale",
      "  # (server billing-db has no succeeded LTR backup; one must have ended within P8D (after 2026-11-19T08:00:00Z))",
      "  # declared at data-platform/billing-ltr",
      '  ~ ltr_backup "billing-db/(latest)" {',
      '      + status   = "Succeeded"',
      "      + end_time = (within P8D)",
      "    }",
    ]);
  });

  it("names the newest backup a stale latest check found", () => {
    const newest: Finding = {
      ...FINDINGS.latestNone,
      backupName: "weekly-2026-11-01",
      reason: "the newest succeeded backup weekly-2026-11-01 ended 2026-11-01T02:40:00Z, older than P8D",
      observed: {
        ...FINDINGS.compliant.observed!,
        backupName: "weekly-2026-11-01",
        endTime: "2026-11-01T02:40:00Z",
      },
    };
    const block = blockOf(plainText([newest]), "  # data-platform/billing-db/(latest) is stale");
    expect(block.slice(3)).toEqual([
      '  ~ ltr_backup "billing-db/(latest)" {',
      '        backup_name              = "weekly-2026-11-01"',
      '        status                   = "Succeeded"',
      '        start_time               = "2026-11-15T02:00:05Z"',
      '      ~ end_time                 = "2026-11-01T02:40:00Z"  # older than P8D',
      "        percent_complete         = 100",
      "        datasource_size_in_bytes = 1073741824",
      "    }",
    ]);
  });

  it("shows a series occurrence that is overdue as stale, with its due time", () => {
    const overdue: Finding = {
      ...FINDINGS.failed,
      verdict: "stale",
      reason: "overdue: weekly-2026-11-22 does not exist, but was due to succeed by 2026-11-22T08:00:00Z",
      observed: null,
    };
    const block = blockOf(plainText([overdue]), "  # data-platform/orders-db/weekly-2026-11-22 is stale");
    expect(block.slice(3)).toEqual([
      '  ~ ltr_backup "orders-db/weekly-2026-11-22" {',
      '        # occurrence of series "weekly-{yyyy}-{MM}-{dd}" scheduled 2026-11-22T02:00:00Z, due by 2026-11-22T08:00:00Z',
      '      + status   = "Succeeded"',
      "      + end_time = (by 2026-11-22T08:00:00Z)",
      "    }",
    ]);
  });

  it("shows a backup stuck in Running as a status that should have changed", () => {
    const stuck: Finding = {
      ...FINDINGS.running,
      verdict: "stale",
      reason:
        "Running since 2026-11-25T07:30:00Z (40% complete), longer than PT24H: the operation looks stuck",
    };
    const block = blockOf(plainText([stuck]), "  # data-platform/billing-db/pre-upgrade-2026-12 is stale");
    expect(block).toContain('      ~ status           = "Running" -> "Succeeded"');
  });

  it("shows a backup that could not be checked as one Terraform-style error with its HTTP facts, not as a block", () => {
    expect(text).not.toContain("could not be checked\n");
    expect(text).not.toContain('ltr_backup "reports-db/pre-upgrade-2026-11"');
    expect(
      text.endsWith(
        [
          "Plan: 1 missing, 2 stale, 1 failed, 1 invalid, 1 unknown. 1 compliant, 1 running, 1 could not be checked.",
          "",
          "╷",
          "│ Error: The signed-in principal may not read server reports-db (403 AuthorizationFailed: The client 'ci' " +
            "does not have authorization): grant it the Reader role on the server or its resource group rg-data-prod",
          "│",
          "│ Affected LTR backup: data-platform/reports-db/pre-upgrade-2026-11, declared at data-platform/reports-ltr " +
            "(azurerm_postgresql_flexible_server.reports).",
          "│ HTTP 403 AuthorizationFailed, request id req-403-abc",
          "│ ARM error message: \"The client 'ci' with object id '42' does not have authorization to perform action 'read'.\"",
          "╵",
          "",
        ].join("\n"),
      ),
    ).toBe(true);
  });

  it("leaves the diagnostics to the caller when asked, as the CLI prints them on stderr", () => {
    const plan = renderPlan(EVERY_VERDICT, "text", { color: false, diagnostics: false });
    expect(plan).not.toContain("╷");
    expect(plan.endsWith("1 could not be checked.\n")).toBe(true);
  });

  it("shows a running backup without calling it drift", () => {
    const block = blockOf(text, "  # data-platform/billing-db/pre-upgrade-2026-12 is still running");
    expect(block).toContain('  … ltr_backup "billing-db/pre-upgrade-2026-12" {');
    expect(block).toContain("        percent_complete = 40");
  });

  it("leaves compliant backups out of the list", () => {
    expect(text).not.toContain("weekly-2026-11-15");
  });

  it("ends the plan with a summary line counting every verdict", () => {
    expect(text).toContain(
      "\nPlan: 1 missing, 2 stale, 1 failed, 1 invalid, 1 unknown. 1 compliant, 1 running, 1 could not be checked.\n",
    );
    expect(plainText([FINDINGS.stale, FINDINGS.compliant])).toMatch(
      /\nPlan: 0 missing, 1 stale, 0 failed, 0 invalid, 0 unknown\. 1 compliant, 0 running\.\n$/,
    );
  });

  it("says there are no changes when everything is compliant, and still shows what is running", () => {
    const clean = renderPlan(CLEAN, "text", { color: false });
    expect(clean.split("\n")[0]).toBe("No changes. Your LTR backups match the configuration.");
    expect(clean).toContain("These LTR backups are still running, which is not drift:");
    expect(clean).toContain("  # data-platform/billing-db/pre-upgrade-2026-12 is still running");
    expect(clean).toMatch(
      /\nPlan: 0 missing, 0 stale, 0 failed, 0 invalid, 0 unknown\. 1 compliant, 1 running\.\n$/,
    );
    expect(clean).not.toContain("found the following drift");

    expect(plainText([FINDINGS.compliant])).toBe(
      "No changes. Your LTR backups match the configuration.\n\n" +
        "Plan: 0 missing, 0 stale, 0 failed, 0 invalid, 0 unknown. 1 compliant, 0 running.\n",
    );
  });

  it("names the errors as such when nothing drifted but something could not be checked", () => {
    const errorsOnly = plainText([FINDINGS.compliant, FINDINGS.error]);
    expect(errorsOnly.split("\n")[0]).toBe(
      "Not every LTR backup could be checked. The errors below say why.",
    );
    expect(errorsOnly).not.toContain("No changes");
    expect(errorsOnly).not.toContain("found the following drift");
  });

  it("gives one error per kind of failure, naming a few backups and counting the rest", () => {
    const output = plainText([...DENIED, TIMED_OUT, FINDINGS.compliant]);
    expect(output.match(/│ Error: /g)).toHaveLength(2);
    expect(output).not.toContain("ltr_backup");
    const diagnostic = output.slice(output.indexOf("╷"), output.indexOf("╵") + 1).split("\n");
    expect(diagnostic).toEqual([
      "╷",
      "│ Error: 403 AuthorizationFailed for 7 of 9 expectations in subscription 00000000-0000-0000-0000-000000000001",
      "│",
      "│ The signed-in principal may not read server a-db (403 AuthorizationFailed)",
      "│ The signed-in principal may not read server b-db (403 AuthorizationFailed)",
      "│ … and 5 more like these.",
      "│",
      "│ Affected LTR backups (7): data-platform/a-db/pre-upgrade-2026-11, data-platform/b-db/pre-upgrade-2026-11, " +
        "data-platform/c-db/pre-upgrade-2026-11, data-platform/d-db/pre-upgrade-2026-11, " +
        "data-platform/e-db/pre-upgrade-2026-11 and 2 more.",
      "│ HTTP 403 AuthorizationFailed, first request id req-403-abc",
      "╵",
    ]);
    expect(output).toContain(
      "│ Error: No answer from ARM within PT30S: check the network, or raise --timeout\n",
    );
    expect(output).toContain("│ No answer from ARM\n");
  });

  it("has ANSI colours only when asked", () => {
    const coloured = renderPlan(EVERY_VERDICT, "text", { color: true });
    expect(hasAnsi(coloured)).toBe(true);
    expect(coloured).toContain("\u001b[32m+\u001b[39m ltr_backup"); // green +, as Terraform's create
    expect(coloured).toContain("\u001b[31m-\u001b[39m/\u001b[32m+\u001b[39m ltr_backup"); // red/green -/+
    expect(coloured).toContain("\u001b[1mPlan: 1 missing"); // bold summary
    expect(stripVTControlCharacters(coloured)).toBe(text);
    expect(hasAnsi(text)).toBe(false);
    expect(hasAnsi(renderPlan(EVERY_VERDICT, "text"))).toBe(false);
    expect(renderPlan(CLEAN, "text", { color: true })).toContain(
      "\u001b[32m\u001b[1mNo changes.\u001b[22m\u001b[39m",
    );
  });

  it("prints only the drift, the summary line and the diagnostics when quiet", () => {
    const quiet = renderPlan(EVERY_VERDICT, "text", { color: false, quiet: true });
    expect(quiet.startsWith("  # data-platform/orders-db/pre-upgrade-2026-11 is missing\n")).toBe(true);
    expect(quiet).not.toContain("Findings are indicated");
    expect(quiet).not.toContain("found the following drift");
    expect(quiet).not.toContain("is still running");
    expect(quiet).not.toContain('ltr_backup "reports-db/pre-upgrade-2026-11"');
    expect(quiet.match(/│ Error: /g)).toHaveLength(1);
    expect(quiet).toContain("│ Error: The signed-in principal may not read server reports-db");
    expect(quiet).toContain(
      "\nPlan: 1 missing, 2 stale, 1 failed, 1 invalid, 1 unknown. 1 compliant, 1 running, 1 could not be checked.\n\n╷\n",
    );
    expect(plainText([FINDINGS.compliant, FINDINGS.running], true)).toBe(
      "Plan: 0 missing, 0 stale, 0 failed, 0 invalid, 0 unknown. 1 compliant, 1 running.\n",
    );
  });
});
