import {
  checkLtrBackups,
  exitCodeFor,
  PostgresLtrBackups,
  renderPlan,
  type CheckOptions,
} from "cdktf-pg-ltr";
import { parseFaultSpec } from "cdktf-pg-ltr/emulator";
import { startCheckedEmulator, type CheckedEmulator } from "./support/checked-emulator";
import { resourceGroupState, serversWith } from "./support/emulator-states";
import { succeeded } from "./support/ltr-operations";
import { azureStack, flexibleServer, synthesize } from "./support/synthesize";

/**
 * A synthesized app checked against an emulator that misbehaves the way ARM does on a bad day: 503s,
 * dropped connections, answers that never come, broken bodies. Each stack's servers get their own
 * fault, and each test checks one stack, so every fault fires exactly as its spec says.
 */

const NOW = "2026-11-27T12:00:00Z";
const SUBSCRIPTION = "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a";
const RG = "rg-ops";
const TOKEN = "e2e-unreliable-token";

const NIGHTLY = "nightly-2026-11-27";

let checked: CheckedEmulator;

function check(stack: string, extra: Partial<CheckOptions> = {}) {
  return checkLtrBackups(checked.checkOptions({ stacks: [stack], retryDelay: 10, ...extra }));
}

beforeAll(async () => {
  const app = synthesize((scope) => {
    const declare = (stackName: string, servers: string[]) => {
      const stack = azureStack(scope, stackName, SUBSCRIPTION);
      for (const name of servers) {
        new PostgresLtrBackups(stack, `${name}-ltr`, {
          server: flexibleServer(stack, name, name, RG),
          // html-db is read through its listing, the others with one GET each.
          ...(name === "html-db"
            ? { latest: { maxAge: "P1D" } }
            : { backups: [{ name: NIGHTLY, maxAge: "P1D" }] }),
        });
      }
    };
    declare("flaky", ["flaky-db", "shaky-db"]);
    declare("down", ["down-db"]);
    declare("slow", ["slow-db"]);
    declare("broken", ["broken-db", "html-db"]);
  });
  const servers = serversWith(
    ["flaky-db", "shaky-db", "down-db", "slow-db", "broken-db", "html-db"],
    [succeeded(NIGHTLY, "2026-11-27T02:30:00Z")],
  );
  checked = await startCheckedEmulator(app, {
    now: NOW,
    token: TOKEN,
    state: resourceGroupState(TOKEN, SUBSCRIPTION, RG, servers),
    // Exact request counts: no throttling here (see throttling.test.ts).
    throttle: false,
    // Written as `pg-ltr emulator --fault SPEC` takes them.
    faults: [
      "status=503,count=2,match=flaky-db",
      "reset,count=1,match=shaky-db",
      "status=503,match=down-db",
      "delay=5000,match=slow-db",
      `malformed=truncated,match=broken-db/${NIGHTLY}`,
      "malformed=html,match=html-db",
    ].map(parseFaultSpec),
  });
});

afterAll(() => checked?.close());

beforeEach(() => checked.emulator.resetStats());

describe("pg-ltr check end to end against an unreliable ARM", () => {
  it("retries 503s and a dropped connection, then judges the backups as if nothing happened", async () => {
    const result = await check("flaky");
    expect(result.findings.map((f) => [f.serverName, f.verdict, f.reason])).toEqual([
      ["flaky-db", "compliant", "ended 2026-11-27T02:30:00Z, within P1D (cut-off 2026-11-26T12:00:00Z)"],
      ["shaky-db", "compliant", "ended 2026-11-27T02:30:00Z, within P1D (cut-off 2026-11-26T12:00:00Z)"],
    ]);
    expect(result.stats).toMatchObject({ requests: 5, retries: 3, throttled: 0 });
    expect(checked.emulator.stats()).toMatchObject({ resets: 1, byStatus: { 200: 2, 503: 2 } });
    expect(exitCodeFor(result)).toBe(0);
    expect(renderPlan(result, "text")).toContain("No changes. Your LTR backups match the configuration.");
  });

  it("gives up after --max-retries on a server that keeps answering 503: an error saying so, exit 1", async () => {
    const result = await check("down", { maxRetries: 2 });
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding).toMatchObject({
      serverName: "down-db",
      verdict: "error",
      http: { status: 503, code: "ServiceUnavailable" },
    });
    expect(finding?.reason).toMatch(
      /^ARM answered 503 ServiceUnavailable after 3 attempts \(".*"\); Azure had a problem, try again later$/,
    );
    expect(result.stats).toMatchObject({ requests: 3, retries: 2 });
    expect(checked.emulator.stats().byStatus).toEqual({ 503: 3 });
    expect(exitCodeFor(result)).toBe(1);
    expect(renderPlan(result, "text")).toContain(
      "│ Affected LTR backup: down/down-db/nightly-2026-11-27, declared at ",
    );
  });

  it("stops waiting for an answer after --timeout, and says that the timeout was the reason", async () => {
    const result = await check("slow", { timeout: "PT0.5S", maxRetries: 1 });
    expect(result.findings.map((f) => [f.serverName, f.verdict, f.reason])).toEqual([
      [
        "slow-db",
        "error",
        "no answer from ARM within PT0.5S (2 attempts): check the network, or raise --timeout",
      ],
    ]);
    expect(result.findings[0]?.http?.status).toBeNull();
    expect(exitCodeFor(result)).toBe(1);
  });

  it("calls a 200 whose body is cut-off JSON or an HTML page invalid, not compliant and not an error", async () => {
    const result = await check("broken");
    expect(result.findings.map((f) => [f.serverName, f.verdict, f.http?.status])).toEqual([
      ["broken-db", "invalid", 200],
      ["html-db", "invalid", 200],
    ]);
    const [truncated, html] = result.findings.map((f) => f.reason);
    // The reason quotes the parser's complaint and the start of the body, so the user sees what came back.
    expect(truncated).toMatch(
      /^the answer does not match the LTR backup API \(the body is not JSON: .*\(body starts "\{.*\)\): report it to Azure support with the request id$/,
    );
    expect(html).toMatch(
      /^page 1 of the server's listing does not match the LTR backup API \(the body is not JSON: .*\(body starts "<!DOCTYPE html>.*\)\): report it to Azure support with the request id$/,
    );
    for (const finding of result.findings) expect(finding.http?.requestId).toMatch(/\S/);
    expect(exitCodeFor(result)).toBe(2);
  });
});
