import {
  appendFileSync,
  closeSync,
  createReadStream,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { CheckResult, Finding } from "../check/result";

/** What a report says besides its findings. */
type ReportOutcome = Omit<CheckResult, "findings">;
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
import type { PlanFormat } from "../render/render-plan";

/** Formats written one finding at a time while the check runs, byte for byte what renderPlan writes. */
export const STREAMED_FORMATS: readonly PlanFormat[] = ["json", "junit"];

/**
 * A JSON or JUnit report built while the check runs, for estates too large to hold every finding:
 * each finding is appended to a temporary part file as it arrives; at the end the report's head
 * (which counts what came) is written, the part copied after it, and the result moved into place in
 * one rename, so a reader never sees half a report. Memory holds one finding and a copy buffer.
 */
export class StreamedReport {
  private readonly folder = mkdtempSync(join(tmpdir(), "pg-ltr-report-"));
  private readonly part: number;
  private partBytes = 0;
  /** JUnit: one suite per stack, stacks contiguous in the result order. */
  private readonly suites: { stack: string; counts: JunitCounts; start: number; end: number }[] = [];
  private readonly totals: JunitCounts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  private closed = false;

  constructor(readonly format: "json" | "junit") {
    this.part = openSync(join(this.folder, "part"), "w+", 0o600);
  }

  add(finding: Finding): void {
    if (this.format === "json") {
      this.append(`${this.partBytes === 0 ? "" : ","}${jsonReportBackup(finding)}`);
      return;
    }
    let suite = this.suites.at(-1);
    if (suite?.stack !== finding.stack) {
      suite = {
        stack: finding.stack,
        counts: { tests: 0, failures: 0, errors: 0, skipped: 0 },
        start: this.partBytes,
        end: 0,
      };
      this.suites.push(suite);
    }
    addToJunitCounts(suite.counts, finding);
    addToJunitCounts(this.totals, finding);
    this.append(`\n${junitTestCase(finding)}`);
    suite.end = this.partBytes;
  }

  /**
   * Writes the finished report to `path` (temporary file beside it, then rename), or appends it when
   * `append` (`$GITHUB_STEP_SUMMARY`, which other steps write to as well).
   */
  writeTo(path: string, outcome: ReportOutcome, append = false): void {
    mkdirSync(dirname(path), { recursive: true });
    const temporary = append
      ? join(this.folder, "report")
      : join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    const out = openSync(temporary, "w", 0o644);
    try {
      this.compose(out, outcome);
    } finally {
      closeSync(out);
    }
    try {
      if (append) this.appendFile(temporary, path);
      else renameSync(temporary, path);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  }

  /** Writes the finished report to a stream (standard output), minding its back-pressure. */
  async writeToStream(stream: NodeJS.WritableStream, outcome: ReportOutcome): Promise<void> {
    const temporary = join(this.folder, "report");
    const out = openSync(temporary, "w", 0o600);
    try {
      this.compose(out, outcome);
    } finally {
      closeSync(out);
    }
    await pipeline(createReadStream(temporary), stream, { end: false });
  }

  /** Removes the part file. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.part);
    rmSync(this.folder, { recursive: true, force: true });
  }

  private compose(out: number, outcome: ReportOutcome): void {
    const write = (text: string): void => {
      writeFullSync(out, Buffer.from(text, "utf8"));
    };
    if (this.format === "json") {
      const frame = jsonReportFrame(outcome);
      if (this.partBytes === 0) {
        write(frame.empty);
        return;
      }
      write(frame.head);
      this.copy(out, 0, this.partBytes);
      write(frame.tail);
      return;
    }
    // Exempt servers are known once the check is done; each stack's follow its findings, as renderPlan writes them.
    const exempt = exemptByStack(outcome.exempt);
    write(junitReportHead(outcome, withExempt(this.totals, outcome.exempt.length)));
    for (const suite of this.suites) {
      const own = exempt.get(suite.stack) ?? [];
      write(`\n${junitSuiteOpen(suite.stack, withExempt(suite.counts, own.length), outcome.checkedAt)}`);
      this.copy(out, suite.start, suite.end);
      for (const server of own) write(`\n${junitExemptCase(server)}`);
      write(`\n${JUNIT_SUITE_CLOSE}`);
    }
    const stacks = new Set(this.suites.map((suite) => suite.stack));
    for (const line of junitExemptOnlySuites(exempt, stacks, outcome.checkedAt)) write(`\n${line}`);
    write(`\n${JUNIT_REPORT_CLOSE}\n`);
  }

  private append(text: string): void {
    const bytes = Buffer.from(text, "utf8");
    writeSync(this.part, bytes, 0, bytes.length, this.partBytes);
    this.partBytes += bytes.length;
  }

  private copy(out: number, start: number, end: number): void {
    const buffer = Buffer.allocUnsafe(1 << 16);
    for (let at = start; at < end;) {
      const read = readSync(this.part, buffer, 0, Math.min(buffer.length, end - at), at);
      if (read === 0) break;
      writeFullSync(out, buffer.subarray(0, read));
      at += read;
    }
  }

  private appendFile(from: string, to: string): void {
    const source = openSync(from, "r");
    try {
      const buffer = Buffer.allocUnsafe(1 << 16);
      for (;;) {
        const read = readSync(source, buffer, 0, buffer.length, null);
        if (read === 0) break;
        appendFileSync(to, buffer.subarray(0, read));
      }
    } finally {
      closeSync(source);
    }
  }
}

/** writeSync until every byte is written. */
function writeFullSync(fd: number, bytes: Buffer): void {
  for (let written = 0; written < bytes.length;)
    written += writeSync(fd, bytes, written, bytes.length - written);
}
