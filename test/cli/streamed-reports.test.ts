import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import type { CheckResult } from "../../lib/check/result";
import { StreamedReport } from "../../lib/cli/streamed-reports";
import { renderPlan } from "../../lib/render/render-plan";
import { CLEAN, EVERY_VERDICT, EXEMPTION, FINDINGS, resultOf } from "../render/fixtures/check-results";

const SCOPE = {
  fingerprint: `sha256:${"0f".repeat(32)}`,
  totalExpectations: 9,
  shard: { index: 2, count: 3 },
  missingShards: [],
};
const twoStacks: CheckResult = {
  ...resultOf([
    FINDINGS.compliant,
    FINDINGS.missing,
    { ...FINDINGS.error, stack: "payments" },
    { ...FINDINGS.running, stack: "payments" },
  ]),
  scope: SCOPE,
};

const expiring = { ...EXEMPTION, subject: "legacy-db", standing: "expiring" as const, daysLeft: 9 };
const withExempt: CheckResult = {
  ...twoStacks,
  // One exempt server of a stack with findings, one of a stack without any.
  exempt: [expiring, { ...EXEMPTION, stack: "sandbox" }],
};

describe("StreamedReport", () => {
  const folder = mkdtempSync(join(tmpdir(), "pg-ltr-streamed-"));

  it.each([
    ["every verdict", EVERY_VERDICT],
    ["clean", CLEAN],
    ["no findings", resultOf([])],
    ["two stacks, with a scope", twoStacks],
    ["exempt servers, one in a stack without findings", withExempt],
    ["exempt servers and no findings", { ...resultOf([]), exempt: withExempt.exempt }],
  ])("writes %s byte for byte as renderPlan does, JSON and JUnit", (name, result) => {
    for (const format of ["json", "junit"] as const) {
      const report = new StreamedReport(format);
      for (const finding of result.findings) report.add(finding);
      const path = join(folder, `${name}.${format}`);
      report.writeTo(path, result);
      report.close();
      expect(readFileSync(path, "utf8")).toBe(renderPlan(result, format));
    }
  });

  it("puts the report in place in one rename, leaving no temporary file beside it", () => {
    const target = mkdtempSync(join(tmpdir(), "pg-ltr-streamed-"));
    const report = new StreamedReport("json");
    for (const finding of EVERY_VERDICT.findings) report.add(finding);
    expect(readdirSync(target)).toEqual([]);
    report.writeTo(join(target, "nested/ltr.json"), EVERY_VERDICT);
    report.close();
    expect(readdirSync(join(target, "nested"))).toEqual(["ltr.json"]);
  });

  it("writes to a stream, such as standard output", async () => {
    const report = new StreamedReport("junit");
    for (const finding of twoStacks.findings) report.add(finding);
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    await report.writeToStream(stream, twoStacks);
    report.close();
    expect(Buffer.concat(chunks).toString("utf8")).toBe(renderPlan(twoStacks, "junit"));
  });
});
