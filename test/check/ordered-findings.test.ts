import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { readdirSync } from "node:fs";
import { OrderedFindings } from "../../lib/check/ordered-findings";
import type { Finding } from "../../lib/check/result";
import { FINDINGS } from "../render/fixtures/check-results";

const numbered = (n: number): Finding => ({ ...FINDINGS.missing, reason: `finding ${n}` });

/** A fixed permutation of 0..n-1, far from sorted. */
function scrambled(n: number): number[] {
  return Array.from({ length: n }, (_, i) => (i * 7919) % n);
}

const spillFolders = () => readdirSync(tmpdir()).filter((name) => name.startsWith("pg-ltr-order-"));

describe("OrderedFindings", () => {
  it.each([
    ["in memory", 1000],
    ["mostly on disk", 3],
  ])("hands findings on in the result order whatever order they arrive in (%s)", (_, inMemory) => {
    const delivered: string[] = [];
    const orders: number[] = [];
    const total = 500;
    const buffer = new OrderedFindings(
      total,
      (finding, order) => {
        delivered.push(finding.reason);
        orders.push(order);
      },
      inMemory,
    );
    for (const n of scrambled(total)) buffer.add(numbered(n), n);
    buffer.close();
    expect(orders).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(delivered).toEqual(orders.map((n) => `finding ${n}`));
    if (inMemory < total) expect(buffer.spilled).toBeGreaterThan(0);
    else expect(buffer.spilled).toBe(0);
  });

  it("keeps every field of a finding that waited on disk", () => {
    const received: Finding[] = [];
    const buffer = new OrderedFindings(3, (finding) => received.push(finding), 0);
    buffer.add(FINDINGS.invalid, 2);
    buffer.add(FINDINGS.error, 1);
    expect(received).toEqual([]);
    buffer.add(FINDINGS.compliant, 0);
    expect(received).toEqual([FINDINGS.compliant, FINDINGS.error, FINDINGS.invalid]);
    buffer.close();
  });

  it("hands a finding on at once when every earlier one is there", () => {
    const received: number[] = [];
    const buffer = new OrderedFindings(4, (_, order) => received.push(order));
    buffer.add(numbered(0), 0);
    expect(received).toEqual([0]);
    buffer.add(numbered(2), 2);
    expect(received).toEqual([0]);
    buffer.add(numbered(1), 1);
    expect(received).toEqual([0, 1, 2]);
    expect(buffer.delivered).toBe(3);
    buffer.close();
  });

  it("removes its temporary file on close", () => {
    const before = spillFolders();
    const buffer = new OrderedFindings(3, () => undefined, 0);
    buffer.add(numbered(2), 2);
    const during = spillFolders().filter((name) => !before.includes(name));
    expect(during).toHaveLength(1);
    buffer.close();
    expect(existsSync(`${tmpdir()}/${during[0]}`)).toBe(false);
  });

  it("refuses an order outside the check or one already delivered", () => {
    const buffer = new OrderedFindings(2, () => undefined);
    buffer.add(numbered(0), 0);
    expect(() => buffer.add(numbered(0), 0)).toThrow(RangeError);
    expect(() => buffer.add(numbered(5), 5)).toThrow(RangeError);
    buffer.close();
  });
});
