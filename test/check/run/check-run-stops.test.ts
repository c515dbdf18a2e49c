import { accessTokenCredential, checkLtrBackups } from "../../../lib/check/check-ltr-backups";
import type { CheckOptions } from "../../../lib/check/options";
import { exitCodeFor } from "../../../lib/check/result";
import type { ServerExpectations } from "../../../lib/expectations/document";
import { type ArmTestServer, startArmTestServer } from "../support/arm-test-server";
import {
  expectationsDocument,
  serverExpectations,
  temporaryFolder,
  writeCdktfOut,
} from "../support/cdktf-out-fixture";

/** checkLtrBackups stopped early from code: by `deadline`, or by `interruptSignal`. */

let arm: ArmTestServer;

beforeAll(async () => {
  // ARM that never answers: whatever is not stopped would wait for --timeout.
  arm = await startArmTestServer(() => ({ hang: true }));
});

afterAll(async () => {
  await arm.close();
});

function options(servers: ServerExpectations[], extra: Partial<CheckOptions>): CheckOptions {
  const folder = temporaryFolder();
  const outDir = writeCdktfOut(folder, [{ name: "data", document: expectationsDocument("data", servers) }]);
  return {
    outDir,
    now: "2026-11-27T12:00:00Z",
    endpoint: arm.url,
    caCertificates: arm.certificate,
    credential: accessTokenCredential("test-token"),
    timeout: "PT60S",
    env: {},
    ...extra,
  };
}

const many = serverExpectations({
  backups: Array.from({ length: 300 }, (_, i) => ({
    name: `manual-${i}`,
    maxAge: null,
    constructPath: "app/orders-ltr",
  })),
});

describe("a check that stops early", () => {
  it("warns before the first request when the deadline cannot be met, then reports what it did not check", async () => {
    const warnings: string[] = [];
    const result = await checkLtrBackups(
      options([many], { strategy: "get", deadline: "PT1S", onWarning: (w) => warnings.push(w) }),
    );
    expect(warnings).toEqual([
      expect.stringMatching(
        /^the check plans 300 requests in subscription [0-9a-f-]+; at ARM's documented read rate \(250 at once, then 25 a second\) they take at least 2 s, longer than --deadline PT1S: /,
      ),
    ]);
    expect(result.findings).toHaveLength(300);
    expect(new Set(result.findings.map((f) => `${f.verdict}: ${f.reason}`))).toEqual(
      new Set(["error: not checked: the deadline PT1S passed"]),
    );
    expect(result.incomplete).toEqual({ reason: "deadline", checked: 0, total: 300 });
    expect(exitCodeFor(result)).toBe(1);
  });

  it("resolves with every expectation not checked when interrupted, instead of rejecting", async () => {
    const interrupt = new AbortController();
    const checking = checkLtrBackups(
      options([serverExpectations({ latest: { maxAge: "P1D", constructPath: "app/orders-ltr" } })], {
        interruptSignal: interrupt.signal,
      }),
    );
    setTimeout(() => interrupt.abort(), 200);
    const result = await checking;
    expect(result.findings.map((f) => [f.verdict, f.reason])).toEqual([
      ["error", "not checked: interrupted"],
    ]);
    expect(result.incomplete).toEqual({ reason: "interrupted", checked: 0, total: 1 });
  });
});
