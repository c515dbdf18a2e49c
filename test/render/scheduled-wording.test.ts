import { readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import type { Expectation, Finding, ObservedBackup } from "../../lib/check/result";
import { expectationSubject } from "../../lib/check/subject";
import { renderPlan } from "../../lib/render/render-plan";
import { createAjv } from "../../lib/schema-validation/create-ajv";
import { observed, resultOf } from "./fixtures/check-results";

/** Runs a vault policy scheduled read as naturally as named backups, in every format. */
const POLICY = "azurerm_data_protection_backup_policy_postgresql_flexible_server.weekly";

function scheduled(
  scheduledAt: string,
  verdict: Finding["verdict"],
  reason: string,
  backupName: string | null = null,
  fields: Partial<ObservedBackup> | null = null,
): Finding {
  const expectation: Expectation = {
    kind: "scheduled",
    scheduledAt,
    startBy: new Date(Date.parse(scheduledAt) + 6 * 3600_000).toISOString().replace(".000Z", "Z"),
    grace: "PT6H",
    policy: POLICY,
  };
  return {
    stack: "data-platform",
    subject: expectationSubject("orders-db", expectation, backupName),
    constructPath: "data-platform/orders-vault",
    declaredAt: { file: "main.ts", line: 42, column: 3 },
    address: "azurerm_postgresql_flexible_server.orders",
    subscriptionId: "00000000-0000-0000-0000-000000000001",
    resourceGroupName: "rg-data-prod",
    serverName: "orders-db",
    backupName,
    expectation,
    verdict,
    reason,
    observed: fields === null ? null : observed({ backupName, ...fields }),
    schemaErrors: [],
    http: null,
  };
}

const MISSING = scheduled(
  "2026-11-08T02:00:00Z",
  "missing",
  "no LTR backup started between 2026-11-08T02:00:00Z and 08:00Z (scheduled by policy weekly-policy)",
);
const FAILED = scheduled(
  "2026-11-15T02:00:00Z",
  "failed",
  "backup pgflex-ltr-7f3a started 2026-11-15T02:00:41Z: failed at 2026-11-15T02:20:00Z: LtrBackupTargetUnreachable",
  "pgflex-ltr-7f3a",
  {
    status: "Failed",
    startTime: "2026-11-15T02:00:41Z",
    endTime: "2026-11-15T02:20:00Z",
    errorCode: "LtrBackupTargetUnreachable",
  },
);
const COMPLIANT = scheduled(
  "2026-11-22T02:00:00Z",
  "compliant",
  "backup pgflex-ltr-81c2 started 2026-11-22T02:00:41Z: succeeded, ended 2026-11-22T02:40:41Z",
  "pgflex-ltr-81c2",
  { status: "Succeeded", startTime: "2026-11-22T02:00:41Z", endTime: "2026-11-22T02:40:41Z" },
);
const RESULT = resultOf([MISSING, FAILED, COMPLIANT]);

describe("wording of scheduled runs", () => {
  it("text plan: the headline names the scheduled instant, the block what must start by when", () => {
    const text = renderPlan(RESULT, "text", { color: false });
    expect(text).toContain("  # data-platform/orders-db/(scheduled 2026-11-08T02:00:00Z) is missing\n");
    expect(text).toContain(
      "  # (no LTR backup started between 2026-11-08T02:00:00Z and 08:00Z (scheduled by policy weekly-policy))",
    );
    expect(text).toContain(`  + ltr_backup "orders-db/(scheduled 2026-11-08T02:00:00Z)" {`);
    expect(text).toContain(
      `        # run scheduled by ${POLICY} at 2026-11-08T02:00:00Z, to start within PT6H`,
    );
    expect(text).toContain(`      + start_time = (by 2026-11-08T08:00:00Z)`);
    expect(text).toContain("  # data-platform/orders-db/(scheduled 2026-11-15T02:00:00Z) has failed");
    expect(text).toContain(`        backup_name = "pgflex-ltr-7f3a"`);
    expect(text).toContain(`      ~ status      = "Failed" -> "Succeeded"`);
    // A missing run never claims an end time it was asked for: it was asked to start.
    expect(text).not.toContain("end_time = (");
  });

  it("JSON: the scheduled kind validates against plan-report.schema.json", () => {
    const schema = JSON.parse(
      readFileSync(join(__dirname, "../../lib/schema/plan-report.schema.json"), "utf8"),
    ) as Record<string, unknown>;
    const validate = createAjv().compile(schema);
    const report = JSON.parse(renderPlan(RESULT, "json")) as { backups: Record<string, unknown>[] };
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.backups[0]).toMatchObject({
      subject: "orders-db/(scheduled 2026-11-08T02:00:00Z)",
      backupName: null,
      expectation: {
        kind: "scheduled",
        scheduledAt: "2026-11-08T02:00:00Z",
        startBy: "2026-11-08T08:00:00Z",
        grace: "PT6H",
        policy: POLICY,
      },
    });
  });

  it("JUnit: one test case per run, named by its instant, failing with the reason", () => {
    const xml = new XMLParser({ ignoreAttributes: false }).parse(renderPlan(RESULT, "junit")) as {
      testsuites: {
        testsuite: { testcase: Record<string, unknown>[] } | { testcase: Record<string, unknown>[] }[];
      };
    };
    const suites = [xml.testsuites.testsuite].flat();
    const cases = suites.flatMap((suite) => [suite.testcase].flat());
    const missing = cases.find((c) => c["@_name"] === "orders-db/(scheduled 2026-11-08T02:00:00Z)");
    expect(JSON.stringify(missing)).toContain(
      "orders-db/(scheduled 2026-11-08T02:00:00Z) is missing: no LTR backup started between",
    );
  });

  it("GitHub annotations and SARIF: the same headline, from the shared wording", () => {
    const headline =
      "data-platform/orders-db/(scheduled 2026-11-08T02:00:00Z) is missing: no LTR backup started between " +
      "2026-11-08T02:00:00Z and 08:00Z (scheduled by policy weekly-policy)";
    expect(renderPlan(RESULT, "github")).toContain(headline);
    const sarif = JSON.parse(renderPlan(RESULT, "sarif")) as {
      runs: { results: { ruleId: string; message: { text: string }; properties: { subject: string } }[] }[];
    };
    const missing = sarif.runs[0]?.results.find((r) => r.ruleId === "missing");
    expect(missing?.message.text).toBe(headline);
    expect(missing?.properties.subject).toBe("orders-db/(scheduled 2026-11-08T02:00:00Z)");
  });

  it("Markdown: the run's subject as code, the reason beside it", () => {
    const markdown = renderPlan(RESULT, "markdown");
    expect(markdown).toContain(
      "| ➕ missing | `orders-db/(scheduled 2026-11-08T02:00:00Z)` | `data-platform` |",
    );
    expect(markdown).toContain("`orders-db/(scheduled 2026-11-22T02:00:00Z)`");
  });
});
