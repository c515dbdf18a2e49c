import { createReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import type { CheckResult, Finding } from "../check/result";
import { jsonReportBackup, jsonReportFrame } from "../render/json-report";
import {
  addToJunitCounts,
  exemptByStack,
  JUNIT_REPORT_CLOSE,
  JUNIT_SUITE_CLOSE,
  junitExemptCase,
  junitExemptOnlySuites,
  junitReportHead,
  junitSuiteOpen,
  junitTestCase,
  withExempt,
  type JunitCounts,
} from "../render/junit-report";
import { PartFile, writeFullSync } from "./part-file";

/** What a report says besides its findings. */
type ReportOutcome = Omit<CheckResult, "findings">;

/**
 * A JSON or JUnit report built while the check runs, for estates too large to hold every finding:
 * each finding is appended to a temporary part file as it arrives; at the end the report's head
 * (which counts what came) is written, the part copied after it, and the result moved into place in
 * one rename, so a reader never sees half a report. Memory holds one finding and a copy buffer.
 */
export class StreamedReport {
  private readonly part = new PartFile();
  /** JUnit: one suite per stack, stacks contiguous in the result order. */
  private readonly suites: { stack: string; counts: JunitCounts; start: number; end: number }[] = [];
  private readonly totals: JunitCounts = { tests: 0, failures: 0, errors: 0, skipped: 0 };

  constructor(readonly format: "json" | "junit") {}

  add(finding: Finding): void {
    if (this.format === "json") {
      this.part.append(`${this.part.size === 0 ? "" : ","}${jsonReportBackup(finding)}`);
      return;
    }
    let suite = this.suites.at(-1);
    if (suite?.stack !== finding.stack) {
      suite = {
        stack: finding.stack,
        counts: { tests: 0, failures: 0, errors: 0, skipped: 0 },
        start: this.part.size,
        end: 0,
      };
      this.suites.push(suite);
    }
    addToJunitCounts(suite.counts, finding);
    addToJunitCounts(this.totals, finding);
    this.part.append(`\n${junitTestCase(finding)}`);
    suite.end = this.part.size;
  }

  /**
   * Writes the finished report to `path` (temporary file beside it, then rename), or appends it when
   * `append` (`$GITHUB_STEP_SUMMARY`, which other steps write to as well).
   */
  writeTo(path: string, outcome: ReportOutcome, append = false): void {
    this.part.publish(path, (out) => this.compose(out, outcome), append);
  }

  /** Writes the finished report to a stream (standard output), minding its back-pressure. */
  async writeToStream(stream: NodeJS.WritableStream, outcome: ReportOutcome): Promise<void> {
    const report = this.part.scratch((out) => this.compose(out, outcome));
    await pipeline(createReadStream(report), stream, { end: false });
  }

  /** Removes the part file. */
  close(): void {
    this.part.close();
  }

  private compose(out: number, outcome: ReportOutcome): void {
    const write = (text: string): void => {
      writeFullSync(out, Buffer.from(text, "utf8"));
    };
    if (this.format === "json") {
      const frame = jsonReportFrame(outcome);
      if (this.part.size === 0) {
        write(frame.empty);
        return;
      }
      write(frame.head);
      this.part.copyTo(out);
      write(frame.tail);
      return;
    }
    // Exempt servers are known once the check is done; each stack's follow its findings, as renderPlan writes them.
    const exempt = exemptByStack(outcome.exempt);
    write(junitReportHead(outcome, withExempt(this.totals, outcome.exempt.length)));
    for (const suite of this.suites) {
      const own = exempt.get(suite.stack) ?? [];
      write(`\n${junitSuiteOpen(suite.stack, withExempt(suite.counts, own.length), outcome.checkedAt)}`);
      this.part.copyTo(out, suite.start, suite.end);
      for (const server of own) write(`\n${junitExemptCase(server)}`);
      write(`\n${JUNIT_SUITE_CLOSE}`);
    }
    const stacks = new Set(this.suites.map((suite) => suite.stack));
    for (const line of junitExemptOnlySuites(exempt, stacks, outcome.checkedAt)) write(`\n${line}`);
    write(`\n${JUNIT_REPORT_CLOSE}\n`);
  }
}
