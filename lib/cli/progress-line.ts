import type { CheckProgress } from "../check/options";

export interface ProgressLineOptions {
  /** Nothing is shown before the check has run this long, so quick checks leave no trace. @default 1000 */
  readonly delayMs?: number;
  /** Clock in milliseconds. @default Date.now */
  readonly now?: () => number;
}

/**
 * The `Checking LTR backups: 120/4000 (requests 130, throttled 2)` line on stderr, rewritten in place
 * and cleared when the check ends. Only on a terminal: in a CI log every rewrite would be a new line.
 */
export class ProgressLine {
  private readonly startedAt: number;
  private readonly delayMs: number;
  private readonly now: () => number;
  private shown = false;

  constructor(
    private readonly stream: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number },
    options: ProgressLineOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.delayMs = options.delayMs ?? 1000;
    this.startedAt = this.now();
  }

  update(progress: CheckProgress): void {
    if (this.stream.isTTY !== true || this.now() - this.startedAt < this.delayMs) return;
    let line = `Checking LTR backups: ${progress.done}/${progress.total} (requests ${progress.requests}, throttled ${progress.throttled})`;
    // A line wider than the terminal wraps, and \r then only returns to the start of its last row.
    const columns = this.stream.columns;
    if (columns !== undefined && columns > 1 && line.length >= columns) line = line.slice(0, columns - 1);
    this.stream.write(`\r${line}\u001b[K`);
    this.shown = true;
  }

  /** Removes the line, leaving the cursor where the line began. */
  clear(): void {
    if (!this.shown) return;
    this.stream.write("\r\u001b[K");
    this.shown = false;
  }
}
