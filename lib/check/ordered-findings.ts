import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Finding } from "./result";

/** Findings held in memory while they wait for earlier ones; beyond that they wait on disk. */
export const DEFAULT_IN_MEMORY_FINDINGS = 4096;

/**
 * Puts findings that arrive in any order (servers finish when ARM answers) back into the result
 * order 0, 1, 2, … and hands each on as soon as every earlier one has been handed on.
 *
 * Subscriptions are checked side by side while the order runs stack by stack, so findings of a fast
 * subscription can arrive long before the slow one reaches them. Up to `inMemory` findings wait in
 * memory; the rest are written to a temporary file (one JSON line each, located by two typed arrays
 * sized by the number of expectations, 12 bytes each), so memory stays bounded without holding any
 * subscription back. The file is removed by `close`.
 */
export class OrderedFindings {
  private next = 0;
  private readonly waiting = new Map<number, Finding>();
  private spill: { fd: number; folder: string; end: number } | undefined;
  private offsets: Float64Array | undefined;
  private lengths: Int32Array | undefined;
  private spilledCount = 0;

  constructor(
    private readonly total: number,
    private readonly deliver: (finding: Finding, order: number) => void,
    private readonly inMemory: number = DEFAULT_IN_MEMORY_FINDINGS,
  ) {}

  /** Findings delivered so far. */
  get delivered(): number {
    return this.next;
  }

  /** Findings that waited on disk at some point, for diagnostics and tests. */
  get spilled(): number {
    return this.spilledCount;
  }

  add(finding: Finding, order: number): void {
    if (!Number.isInteger(order) || order < this.next || order >= this.total) {
      throw new RangeError(`finding order ${order} is outside ${this.next}..${this.total - 1}`);
    }
    if (order !== this.next) {
      if (this.waiting.size < this.inMemory) this.waiting.set(order, finding);
      else this.writeSpilled(order, finding);
      return;
    }
    this.deliver(finding, order);
    this.next++;
    this.drain();
  }

  /** Removes the temporary file; findings not yet delivered are dropped. */
  close(): void {
    if (!this.spill) return;
    closeSync(this.spill.fd);
    rmSync(this.spill.folder, { recursive: true, force: true });
    this.spill = undefined;
  }

  private drain(): void {
    for (;;) {
      const held = this.waiting.get(this.next);
      if (held !== undefined) {
        this.waiting.delete(this.next);
        this.deliver(held, this.next);
      } else if (this.lengths !== undefined && (this.lengths[this.next] as number) > 0) {
        this.deliver(this.readSpilled(this.next), this.next);
      } else {
        return;
      }
      this.next++;
    }
  }

  private writeSpilled(order: number, finding: Finding): void {
    if (!this.spill) {
      const folder = mkdtempSync(join(tmpdir(), "pg-ltr-order-"));
      this.spill = { fd: openSync(join(folder, "findings.jsonl"), "w+", 0o600), folder, end: 0 };
      this.offsets = new Float64Array(this.total);
      this.lengths = new Int32Array(this.total);
    }
    const bytes = Buffer.from(`${JSON.stringify(finding)}\n`, "utf8");
    writeSync(this.spill.fd, bytes, 0, bytes.length, this.spill.end);
    (this.offsets as Float64Array)[order] = this.spill.end;
    (this.lengths as Int32Array)[order] = bytes.length;
    this.spill.end += bytes.length;
    this.spilledCount++;
  }

  private readSpilled(order: number): Finding {
    const spill = this.spill as NonNullable<typeof this.spill>;
    const lengths = this.lengths as Int32Array;
    const length = lengths[order] as number;
    const bytes = Buffer.allocUnsafe(length);
    readSync(spill.fd, bytes, 0, length, (this.offsets as Float64Array)[order] as number);
    lengths[order] = 0;
    return JSON.parse(bytes.toString("utf8")) as Finding;
  }
}
