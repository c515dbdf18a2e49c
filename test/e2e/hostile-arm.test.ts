import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PostgresLtrBackups } from "cdktf-pg-ltr";
import { parseFaultSpec } from "cdktf-pg-ltr/emulator";
import { createAjv } from "../../lib/schema-validation/create-ajv";
import planReportSchema from "../../lib/schema/plan-report.schema.json";
import { pgLtr, startPgLtr, type ProcessRun } from "../support/pg-ltr-process";
import { startCheckedEmulator, type CheckedEmulator } from "./support/checked-emulator";
import { resourceGroupState, serversWith } from "./support/emulator-states";
import { succeeded } from "./support/ltr-operations";
import { azureStack, flexibleServer, synthesize } from "./support/synthesize";

/**
 * `pg-ltr check` in child processes against an emulator that answers the way a hostile or broken
 * ARM (or a proxy in front of it) does: remaining-reads headers of 0 or less, waits of days, huge
 * bodies, gzip bombs, connections cut mid-body, answers that never come. Each run must end (the test
 * timeout is the bound), exit with the right code, and leave a report that parses.
 */

const NOW = "2026-11-27T12:00:00Z";
const SUBSCRIPTION = "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d";
const RG = "rg-hostile";
const TOKEN = "e2e-hostile-token";
const NIGHTLY = "nightly-2026-11-27";

const STACKS: Record<string, string[]> = {
  budget: ["zero-left-db", "negative-left-db"],
  waits: ["wait-seconds-db", "wait-date-db", "wait-ms-db", "wait-short-db"],
  bodies: ["huge-db", "bomb-db", "cut-db", "fine-db"],
  deadline: ["slow-db"],
  interrupt: ["quick-db", "hung-db"],
};

interface Report {
  format_version: string;
  backups: { serverName: string; verdict: string; reason: string; http: { status: number | null } | null }[];
  incomplete?: { reason: string; checked: number; total: number };
}

let checked: CheckedEmulator;
const answered: string[] = [];
const validateReport = createAjv().compile(planReportSchema);

/** The runs without a signal, started side by side in beforeAll: each spends most of its time loading. */
const runs: Record<string, ProcessRun> = {};
const RUN_FLAGS: Record<string, string[]> = {
  budget: [],
  waits: ["--max-retry-wait", "PT2S"],
  bodies: [],
  deadline: ["--deadline", "PT3S", "--timeout", "PT60S"],
};

function check(stack: string): ProcessRun {
  return runs[stack] as ProcessRun;
}

function checkArgs(stack: string, extra: string[]): string[] {
  return [
    "check",
    "--stack",
    stack,
    "--endpoint",
    checked.emulator.url,
    "--now",
    NOW,
    "--retry-delay",
    "PT0.1S",
    "--output",
    `json=reports/${stack}.json`,
    ...extra,
  ];
}

function processOptions() {
  return { cwd: checked.app.folder, env: checked.processEnv };
}

function report(stack: string): Report {
  const parsed = JSON.parse(
    readFileSync(join(checked.app.folder, `reports/${stack}.json`), "utf8"),
  ) as Report;
  expect(validateReport(parsed)).toBe(true);
  return parsed;
}

function verdicts(stack: string): [string, string][] {
  return report(stack).backups.map((b) => [b.serverName, b.verdict]);
}

function reasonOf(stack: string, server: string): string {
  return report(stack).backups.find((b) => b.serverName === server)?.reason ?? "";
}

beforeAll(async () => {
  const app = synthesize((scope) => {
    for (const [stackName, servers] of Object.entries(STACKS)) {
      const stack = azureStack(scope, stackName, SUBSCRIPTION);
      for (const name of servers) {
        new PostgresLtrBackups(stack, `${name}-ltr`, {
          server: flexibleServer(stack, name, name, RG),
          backups: [{ name: NIGHTLY, maxAge: "P1D" }],
        });
      }
    }
  });
  const servers = serversWith(Object.values(STACKS).flat(), [succeeded(NIGHTLY, "2026-11-27T02:30:00Z")]);
  checked = await startCheckedEmulator(app, {
    now: NOW,
    token: TOKEN,
    state: resourceGroupState(TOKEN, SUBSCRIPTION, RG, servers),
    // Exact answers: the faults say what the throttling headers are.
    throttle: false,
    faults: [
      "remaining=0,match=zero-left-db",
      "remaining=-5,match=negative-left-db",
      "status=429,retry-after=999999,match=wait-seconds-db",
      "status=503,retry-after-date=999999,match=wait-date-db",
      "status=429,retry-after-ms=999999000,match=wait-ms-db",
      "status=429,retry-after=1,count=1,match=wait-short-db",
      "body-size=40000000,match=huge-db",
      "gzip-bomb,match=bomb-db",
      "reset=mid-body,count=1,match=cut-db",
      "delay=60000,match=slow-db",
      "delay=60000,match=hung-db",
    ].map(parseFaultSpec),
    onRequest: (entry) => answered.push(entry.path),
  });
  await Promise.all(
    Object.entries(RUN_FLAGS).map(async ([stack, flags]) => {
      runs[stack] = await pgLtr(checkArgs(stack, flags), processOptions());
    }),
  );
}, 100_000);

afterAll(() => checked?.close());

describe("pg-ltr check against a hostile ARM, end to end", () => {
  it("keeps reading when every answer says 0 or fewer reads are left", () => {
    const run = check("budget");
    expect(verdicts("budget")).toEqual([
      ["negative-left-db", "compliant"],
      ["zero-left-db", "compliant"],
    ]);
    expect(run.code).toBe(0);
  });

  it("fails at once, quoting the wait, when ARM asks for longer than --max-retry-wait", () => {
    const run = check("waits");
    expect(verdicts("waits")).toEqual([
      ["wait-date-db", "error"],
      ["wait-ms-db", "error"],
      ["wait-seconds-db", "error"],
      ["wait-short-db", "compliant"],
    ]);
    expect(reasonOf("waits", "wait-seconds-db")).toBe(
      "ARM answered 429 TooManyRequests and asked to wait 999999 s before a retry (retry-after: 999999), " +
        "longer than --max-retry-wait PT2S: run the check again later, or raise --max-retry-wait",
    );
    expect(reasonOf("waits", "wait-date-db")).toMatch(
      /^ARM answered 503 ServiceUnavailable and asked to wait 99999\d s before a retry \(retry-after: \w{3}, \d\d \w{3} \d{4} [\d:]{8} GMT\), longer than --max-retry-wait PT2S: /,
    );
    expect(reasonOf("waits", "wait-ms-db")).toContain(
      "asked to wait 999999 s before a retry (retry-after-ms: 999999000), longer than --max-retry-wait PT2S",
    );
    expect(report("waits").backups.find((b) => b.serverName === "wait-seconds-db")?.http?.status).toBe(429);
    expect(run.code).toBe(1);
  });

  it("reports an answer over 32 MiB or a gzip bomb as an error, retries a body cut mid-way, and checks the rest", () => {
    const run = check("bodies");
    expect(verdicts("bodies")).toEqual([
      ["bomb-db", "error"],
      ["cut-db", "compliant"],
      ["fine-db", "compliant"],
      ["huge-db", "error"],
    ]);
    for (const server of ["huge-db", "bomb-db"]) {
      expect(reasonOf("bodies", server)).toBe(
        "ARM's answer (HTTP 200) is larger than 32 MiB after decompression, the most the check reads of one " +
          "answer: check --endpoint and any proxy in between",
      );
    }
    expect(run.stderr).not.toMatch(/heap|RangeError|at .*\(/);
    expect(run.code).toBe(1);
  });

  it("stops at --deadline, reports what it did not check, and exits 1", () => {
    const run = check("deadline");
    expect(report("deadline").backups).toEqual([
      expect.objectContaining({
        serverName: "slow-db",
        verdict: "error",
        reason: "not checked: the deadline PT3S passed",
      }),
    ]);
    expect(report("deadline").incomplete).toEqual({ reason: "deadline", checked: 0, total: 1 });
    expect(run.stderr).toContain("Deadline passed: 0 of 1 expectations checked");
    expect(run.code).toBe(1);
  });

  it("on SIGINT stops sending, writes the reports marked incomplete, and exits 130", async () => {
    const running = startPgLtr(checkArgs("interrupt", ["--timeout", "PT60S"]), processOptions());
    // Interrupt once the quick server has answered; the hung one is still waiting.
    while (!answered.some((path) => path.includes("/quick-db/"))) {
      await new Promise((tick) => setTimeout(tick, 50));
    }
    running.child.kill("SIGINT");
    const run = await running.done;
    expect(run.stderr).toContain("Interrupted: 1 of 2 expectations checked");
    expect(verdicts("interrupt")).toEqual([
      ["hung-db", "error"],
      ["quick-db", "compliant"],
    ]);
    expect(reasonOf("interrupt", "hung-db")).toBe("not checked: interrupted");
    expect(report("interrupt").incomplete).toEqual({ reason: "interrupted", checked: 1, total: 2 });
    expect(run.code).toBe(130);
  });
});
