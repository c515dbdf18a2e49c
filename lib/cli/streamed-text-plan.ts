import type { Finding } from "../check/result";
import {
  TextPlanStream,
  type TextPlanEnd,
  type TextPlanOptions,
  type TextSpool,
} from "../render/text-plan-stream";
import { PartFile } from "./part-file";

/**
 * The text plan of `pg-ltr check` written as the check goes (TextPlanStream, byte for byte what
 * renderPlan prints for the same result). On standard output each drift block appears as soon as it
 * and every finding before it are known; `beforeWrite` runs first, so that the progress line on a
 * terminal is cleared and the block does not land on it. For `--output text=FILE` the plan is
 * written into a part file and put in place whole at the end (`writeTo`), as every report file is.
 * What follows the drift (running, pending, noted compliant) waits in part files too, so memory holds
 * one block, not the estate's findings.
 */
export class StreamedTextPlan {
  private plan: TextPlanStream | undefined;
  private readonly spools: PartFile[] = [];

  private constructor(
    private readonly options: TextPlanOptions,
    private readonly write: (text: string) => void,
    /** The whole plan, for a file. */
    private readonly file: PartFile | undefined,
  ) {}

  /** A plan printed on `stream` (standard output) as it goes. */
  static toStream(
    stream: { write(text: string): unknown },
    options: TextPlanOptions,
    beforeWrite: () => void = () => {},
  ): StreamedTextPlan {
    return new StreamedTextPlan(
      options,
      (text) => {
        beforeWrite();
        stream.write(text);
      },
      undefined,
    );
  }

  /** A plan for a file, built in a part file and published by `writeTo`. */
  static forFile(options: TextPlanOptions): StreamedTextPlan {
    const file = new PartFile();
    return new StreamedTextPlan(options, (text) => file.append(text), file);
  }

  /** The check has started at `checkedAt`, which the legend names. */
  start(checkedAt: string): void {
    this.plan ??= this.begin(checkedAt);
  }

  add(finding: Finding): void {
    if (!this.plan) throw new Error("StreamedTextPlan.add before start");
    this.plan.add(finding);
  }

  /** The rest of the plan: what is not drift, the exempt lines, the summary (and for a file the diagnostics). */
  end(result: TextPlanEnd & { readonly checkedAt: string }): void {
    (this.plan ?? this.begin(result.checkedAt)).end(result);
  }

  /** Puts a file's plan at `path` in one rename, or appends it (`$GITHUB_STEP_SUMMARY`). */
  writeTo(path: string, append = false): void {
    const file = this.file;
    if (!file) throw new Error("StreamedTextPlan.writeTo of a plan printed on a stream");
    file.publish(path, (out) => file.copyTo(out), append);
  }

  /** Removes the part files. */
  close(): void {
    this.file?.close();
    for (const spool of this.spools) spool.close();
  }

  private begin(checkedAt: string): TextPlanStream {
    return new TextPlanStream(checkedAt, this.options, this.write, () => this.spool());
  }

  private spool(): TextSpool {
    const part = new PartFile();
    this.spools.push(part);
    return { append: (text) => part.append(text), replay: (write) => part.replay(write) };
  }
}
