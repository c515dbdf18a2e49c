import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import type { CheckResult, Finding } from "../../lib/check/result";
import { StreamedTextPlan } from "../../lib/cli/streamed-text-plan";
import { expectationsPerSubscription } from "../../lib/render/error-diagnostics";
import { renderPlan } from "../../lib/render/render-plan";
import {
  CLEAN,
  DENIED,
  EVERY_VERDICT,
  EXEMPTION,
  FINDINGS,
  resultOf,
  TIMED_OUT,
} from "../render/fixtures/check-results";

const pending: Finding = {
  ...FINDINGS.missing,
  verdict: "pending",
  serverName: "fresh-db",
  subject: "fresh-db/(latest)",
  reason: "server fresh-db does not exist yet (404 ResourceNotFound)",
};
const noted: Finding = {
  ...FINDINGS.compliant,
  subject: "orders-db/noted",
  notes: [{ pointer: "/value/2", page: 1, message: "a second operation of this name had no end time" }],
};

/** The states the e2e tests check, as results. */
const STATES: [string, CheckResult][] = [
  ["drift only", resultOf([FINDINGS.compliant, FINDINGS.missing, FINDINGS.stale, FINDINGS.failed])],
  ["clean", resultOf([FINDINGS.compliant])],
  ["clean with running", CLEAN],
  ["errors only", resultOf([FINDINGS.compliant, FINDINGS.error])],
  [
    "errors of two causes among drift",
    resultOf([...DENIED, FINDINGS.missing, TIMED_OUT, FINDINGS.compliant]),
  ],
  ["every verdict, errors and running among the drift", EVERY_VERDICT],
  ["running and pending, no drift", resultOf([FINDINGS.running, pending, FINDINGS.compliant])],
  [
    "running and pending among the drift",
    resultOf([FINDINGS.running, FINDINGS.missing, pending, FINDINGS.stale]),
  ],
  ["noted compliant", resultOf([noted, FINDINGS.compliant])],
  ["noted compliant with drift and running", resultOf([noted, FINDINGS.running, FINDINGS.missing])],
  [
    "exempt",
    { ...resultOf([FINDINGS.missing]), exempt: [EXEMPTION, { ...EXEMPTION, standing: "expiring" }] },
  ],
  ["exempt only", { ...resultOf([]), exempt: [EXEMPTION] }],
  ["no findings", resultOf([])],
];

/** What the CLI hands the plan at the end: no findings, only the counts, exempt servers and expectations per subscription. */
function endOf(result: CheckResult) {
  return {
    checkedAt: result.checkedAt,
    summary: result.summary,
    exempt: result.exempt,
    expectationsPerSubscription: expectationsPerSubscription(result),
  };
}

function capture(): { stream: PassThrough; text: () => string; writes: string[] } {
  const stream = new PassThrough();
  const writes: string[] = [];
  stream.on("data", (chunk: Buffer) => writes.push(chunk.toString("utf8")));
  return { stream, text: () => writes.join(""), writes };
}

function streamToStdout(result: CheckResult, options: { color: boolean; quiet: boolean }): string {
  const out = capture();
  const plan = StreamedTextPlan.toStream(out.stream, { ...options, diagnostics: false });
  try {
    plan.start(result.checkedAt);
    for (const finding of result.findings) plan.add(finding);
    plan.end(endOf(result));
  } finally {
    plan.close();
  }
  return out.text();
}

describe("StreamedTextPlan", () => {
  const folder = mkdtempSync(join(tmpdir(), "pg-ltr-text-stream-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  describe.each(STATES)("%s", (_name, result) => {
    it.each([
      ["coloured", { color: true, quiet: false }],
      ["plain", { color: false, quiet: false }],
      ["quiet", { color: false, quiet: true }],
    ])("prints on standard output, %s, what renderPlan prints", (_how, options) => {
      expect(streamToStdout(result, options)).toBe(
        renderPlan(result, "text", { ...options, diagnostics: false }),
      );
    });

    it.each([false, true])("writes a file (quiet %s) as renderPlan does, diagnostics at the end", (quiet) => {
      const plan = StreamedTextPlan.forFile({ color: false, quiet });
      const path = join(folder, `${_name}-${quiet}.txt`);
      try {
        plan.start(result.checkedAt);
        for (const finding of result.findings) plan.add(finding);
        plan.end(endOf(result));
        plan.writeTo(path);
      } finally {
        plan.close();
      }
      expect(readFileSync(path, "utf8")).toBe(renderPlan(result, "text", { quiet }));
    });
  });

  it("prints each drift block as it is added, and what is not drift only at the end", () => {
    const out = capture();
    let cleared = 0;
    const plan = StreamedTextPlan.toStream(
      out.stream,
      { color: false, quiet: false, diagnostics: false },
      () => {
        cleared++;
      },
    );
    plan.start(EVERY_VERDICT.checkedAt);
    plan.add(FINDINGS.compliant);
    expect(out.text()).toBe("");
    plan.add(FINDINGS.missing);
    const afterFirst = out.text();
    expect(afterFirst).toContain("Findings are indicated with the following symbols:\n");
    expect(
      afterFirst.endsWith(
        '  + ltr_backup "orders-db/pre-upgrade-2026-11" {\n      + status = "Succeeded"\n    }\n',
      ),
    ).toBe(true);
    // Every write to the terminal is preceded by clearing the progress line.
    expect(cleared).toBe(out.writes.length);
    plan.add(FINDINGS.running);
    plan.add(FINDINGS.error);
    expect(out.text()).toBe(afterFirst);
    plan.add(FINDINGS.stale);
    expect(out.text()).toContain("  # data-platform/orders-db/monthly-2026-09 is stale\n");
    expect(out.text()).not.toContain("still running");
    plan.end(
      endOf(
        resultOf([FINDINGS.compliant, FINDINGS.missing, FINDINGS.running, FINDINGS.error, FINDINGS.stale]),
      ),
    );
    plan.close();
    const text = out.text();
    expect(text.indexOf("These LTR backups are still running, which is not drift:")).toBeGreaterThan(
      text.indexOf("is stale"),
    );
    expect(text.endsWith("1 could not be checked.\n")).toBe(true);
  });

  it("sets aside many blocks in a part file and prints them whole, characters intact", () => {
    // Enough running blocks (each with a three-byte "…") to cross the 64 KiB copy buffer many times.
    const many = Array.from({ length: 1500 }, (_, i): Finding => ({
      ...FINDINGS.running,
      serverName: `srv-${i}-db`,
      subject: `srv-${i}-db/pre-upgrade-2026-12`,
    }));
    const result = resultOf([FINDINGS.missing, ...many]);
    expect(Buffer.byteLength(renderPlan(result, "text"))).toBeGreaterThan(4 << 16);
    expect(streamToStdout(result, { color: false, quiet: false })).toBe(
      renderPlan(result, "text", { diagnostics: false }),
    );
  });

  it("puts a file in place in one rename, leaving no temporary file, and appends to a step summary", () => {
    const target = mkdtempSync(join(folder, "target-"));
    const plan = StreamedTextPlan.forFile({ color: false, quiet: false });
    plan.start(EVERY_VERDICT.checkedAt);
    for (const finding of EVERY_VERDICT.findings) plan.add(finding);
    plan.end(endOf(EVERY_VERDICT));
    expect(readdirSync(target)).toEqual([]);
    plan.writeTo(join(target, "nested/plan.txt"));
    const summary = join(target, "summary.md");
    writeFileSync(summary, "earlier step\n");
    plan.writeTo(summary, true);
    plan.close();
    expect(readdirSync(join(target, "nested"))).toEqual(["plan.txt"]);
    expect(readFileSync(summary, "utf8")).toBe(`earlier step\n${renderPlan(EVERY_VERDICT, "text")}`);
  });
});
