import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEmulatorState } from "../../lib/emulator/state/emulator-state";
import { fleetEmulatorState } from "../../bench/fleet/emulator-state";
import { buildFleet, DRIFT_KINDS, FleetSpec } from "../../bench/fleet/fleet";
import { BENCH_NOW, BENCH_SUBSCRIPTION_ID, PLATFORM_FLEET } from "../../bench/fleet/platform";
import { writeCdktfOut } from "../../bench/fleet/write-cdktf-out";
import { cpuPerRequestScenario } from "../../bench/scenarios/cpu-per-request";
import { listingUrl, RequestFloor } from "../../bench/measure/request-floor";
import { summarizeCpuProfile } from "../../bench/measure/cpu-profile";
import { median } from "../../bench/measure/median";
import { pacingOf } from "../../bench/measure/request-timeline";
import { atLeast, atMost, none, ScenarioReport } from "../../bench/report/figures";
import { renderBenchmarksDocument } from "../../bench/report/benchmarks-document";
import { renderConsoleTable } from "../../bench/report/render-table";

const small: FleetSpec = {
  servers: 30,
  stacks: 3,
  namedPerServer: 3,
  latest: true,
  subscriptionId: BENCH_SUBSCRIPTION_ID,
  now: BENCH_NOW,
  driftEvery: 10,
};

describe("bench fleet", () => {
  it("declares 4,000 expectations on 1,000 servers for the platform scenario, a few of each drift kind", () => {
    const fleet = buildFleet(PLATFORM_FLEET);
    expect(fleet.expectations).toBe(4000);
    expect(fleet.servers).toHaveLength(1000);
    for (const kind of DRIFT_KINDS) {
      expect(fleet.servers.filter((s) => s.drift === kind)).toHaveLength(10);
    }
    expect(fleet.servers.filter((s) => s.drift === "none").length).toBeGreaterThan(900);
  });

  it("writes a cdktf.out the checker's schema accepts, one document per stack", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-fleet-"));
    try {
      writeCdktfOut(buildFleet(small), dir);
      const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as {
        stacks: Record<string, { workingDirectory: string }>;
      };
      expect(Object.keys(manifest.stacks)).toEqual(["platform-00", "platform-01", "platform-02"]);
      const document = JSON.parse(
        readFileSync(
          join(dir, manifest.stacks["platform-01"].workingDirectory, "pg-ltr.expectations.json"),
          "utf8",
        ),
      ) as { servers: { serverName: string; backups: unknown[]; latest: unknown }[] };
      expect(document.servers).toHaveLength(10);
      expect(document.servers[0]).toMatchObject({ serverName: "pg-00001", latest: { maxAge: "P8D" } });
      expect(document.servers[0].backups).toHaveLength(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives the emulator a state it accepts, with the drift planted in the operations", () => {
    const fleet = buildFleet(small);
    const state = loadEmulatorState(fleetEmulatorState(fleet));
    const servers = state.subscriptions[BENCH_SUBSCRIPTION_ID].resourceGroups["rg-platform-01"].servers;
    const operations = (name: string) => servers[name].ltrBackupOperations ?? [];
    // pg-00001 misses its second monthly backup, pg-00004 reports an impossible 150 % complete.
    expect(operations("pg-00001").map((op) => op.backupName)).not.toContain(fleet.servers[1].named[1].name);
    expect(operations("pg-00004").some((op) => op.percentComplete === 150)).toBe(true);
    expect(operations("pg-00010").every((op) => op.status === "Succeeded")).toBe(true);
  });

  it("spreads an estate over subscriptions, one stack each, every subscription its own in the emulator", () => {
    const fleet = buildFleet({ ...small, stacks: 3, subscriptions: 3 });
    expect(new Set(fleet.subscriptionIds).size).toBe(3);
    expect(fleet.subscriptionIds[0]).toBe(BENCH_SUBSCRIPTION_ID);
    for (const stack of fleet.stacks) {
      const inStack = fleet.servers.filter((server) => server.stack === stack);
      expect(new Set(inStack.map((server) => server.subscriptionId)).size).toBe(1);
    }
    const state = loadEmulatorState(fleetEmulatorState(fleet));
    expect(Object.keys(state.subscriptions).sort()).toEqual([...fleet.subscriptionIds].sort());
    const dir = mkdtempSync(join(tmpdir(), "bench-estate-"));
    try {
      writeCdktfOut(fleet, dir);
      const document = JSON.parse(
        readFileSync(join(dir, "stacks/platform-02/pg-ltr.expectations.json"), "utf8"),
      ) as { servers: { subscriptionId: string }[] };
      expect(document.servers.every((server) => server.subscriptionId === fleet.subscriptionIds[2])).toBe(
        true,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("declares only `latest` when asked for no named backups, and then no drift", () => {
    const fleet = buildFleet({ ...small, namedPerServer: 0, driftEvery: 0 });
    expect(fleet.expectations).toBe(small.servers);
    expect(() => buildFleet({ ...small, namedPerServer: 0 })).toThrow("carries no drift");
  });

  it("refuses a fleet without servers", () => {
    expect(() => buildFleet({ ...small, servers: 0 })).toThrow("at least one server");
  });
});

describe("bench goals", () => {
  it("says by how much a goal was missed", () => {
    expect(atMost(0.62, 0.5)).toEqual({ text: "≤ 0.50", met: false, missedBy: "0.12 (24 % of the goal)" });
    expect(atLeast(14, 20, "×", 0)).toEqual({ text: "≥ 20×", met: false, missedBy: "6× (30 % of the goal)" });
    expect(none(3, "errors")).toMatchObject({ met: false, missedBy: "3 errors" });
    expect(atMost(1.1, 1.25, "×").met).toBe(true);
  });

  it("prints PASS and MISS per goal in the console table and in BENCHMARKS.md", () => {
    const scenario: ScenarioReport = {
      title: "1. Platform check",
      setup: "1,000 servers.",
      figures: [
        { label: "requests per expectation", value: "0.250", goal: atMost(0.25, 0.5) },
        { label: "wall time / minimum", value: "1.60×", goal: atMost(1.6, 1.25, "×") },
        { label: "peak RSS", value: "120 MB" },
      ],
      analysis: ["The scheduler waited a whole second after every 429."],
    };
    const table = renderConsoleTable([scenario]);
    expect(table).toMatch(/requests per expectation\s+0\.250\s+≤ 0\.50\s+PASS/);
    expect(table).toMatch(/wall time \/ minimum\s+1\.60×\s+≤ 1\.25×\s+MISS by 0\.35× \(28 % of the goal\)/);
    const document = renderBenchmarksDocument({
      command: "npm run bench",
      startedAt: "2026-11-27T10:00:00.000Z",
      durationMs: 125_000,
      machine: { cores: 2, memoryGiB: 23.5, node: "v20.20.2", cpuModel: "AMD EPYC", platform: "linux x64" },
      load: { atStart: 0.4, atEnd: 2.1 },
      scenarios: [scenario],
    });
    expect(document).toContain("2 cores (AMD EPYC), 23.5 GiB memory, Node v20.20.2");
    expect(document).toContain("`npm run bench` on 2026-11-27");
    expect(document).toContain("**1-minute load average:** 0.4 at the start, 2.1 at the end");
    expect(document).toContain("**1 of 2 goals met.**");
    expect(document).toContain("**Missed:** wall time / minimum by 0.35× (28 % of the goal).");
    expect(document).toContain("- The scheduler waited a whole second after every 429.");
  });
});

describe("bench measurements", () => {
  it("takes the median of odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow("median of no values");
  });

  it("splits a check into time before, during and after its requests", () => {
    const samples = [
      { at: 1000, requests: 0, throttled: 0 },
      { at: 1100, requests: 0, throttled: 0 },
      { at: 1200, requests: 50, throttled: 0 },
      { at: 1300, requests: 50, throttled: 0 },
      { at: 1400, requests: 100, throttled: 1 },
      { at: 1500, requests: 100, throttled: 1 },
    ];
    expect(pacingOf(samples, 1000, 1450)).toEqual({
      beforeFirstRequestMs: 200,
      requestSpanMs: 200,
      afterLastRequestMs: 50,
      meanRate: 500,
      idleMs: 100,
    });
  });

  it("ranks CPU profile self time by package and by function", () => {
    const root = "/repo";
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: "(root)", url: "", lineNumber: -1 } },
        {
          id: 2,
          callFrame: {
            functionName: "classify",
            url: "file:///repo/dist/lib/check/classify.js",
            lineNumber: 9,
          },
        },
        {
          id: 3,
          callFrame: {
            functionName: "validate",
            url: "file:///repo/node_modules/ajv/dist/core.js",
            lineNumber: 0,
          },
        },
        { id: 4, callFrame: { functionName: "(idle)", url: "", lineNumber: -1 } },
      ],
      samples: [2, 3, 3, 4],
      timeDeltas: [1000, 2000, 3000, 4000],
    };
    const summary = summarizeCpuProfile(profile, root);
    expect(summary.totalMs).toBe(10);
    expect(summary.files.map((f) => f.name)).toEqual(["ajv", "(idle)", "dist/lib/check/classify.js"]);
    expect(summary.functions[2]).toEqual({
      name: "classify (dist/lib/check/classify.js:10)",
      selfMs: 1,
      percent: 10,
    });
  });
});

describe("bench row 3", () => {
  const loop = (transport: "sdk" | "node-https", cpuMs: number, requests: number, perSecond?: number) => ({
    transport,
    perSecond,
    report: { transport, warmUpRequests: 64, requests, cpuMs, durationMs: 8_000, failures: 0 },
  });
  const floor: RequestFloor = {
    sdkFullSpeed: loop("sdk", 1_600, 4_000),
    sdkPaced: loop("sdk", 1_000, 2_000, 250),
    nodeHttpsPaced: loop("node-https", 400, 1_000, 250),
  };

  it("reports the floor of the run beside the checker's figures, without a goal of its own", async () => {
    const report = await cpuPerRequestScenario(
      { cpuMs: 1_800, requests: 1_000 },
      { cpuMs: 7_500, requests: 10_000 },
      floor,
      undefined,
    );
    const byLabel = new Map(report.figures.map((figure) => [figure.label, figure]));
    expect(byLabel.get("estate check (row 1): CPU per request")?.goal).toMatchObject({
      text: "≤ 0.5 ms",
      met: false,
    });
    expect(byLabel.get("SDK floor, full speed (lean pipeline, 64 in flight): CPU per request")?.value).toBe(
      "0.400 ms (1.60 s over 4,000 requests in 8.0 s, after 64 to warm up)",
    );
    expect(
      byLabel.get("SDK floor, paced at the estate's 250/s in 100 ms batches: CPU per request")?.value,
    ).toMatch(/^0\.500 ms/);
    expect(byLabel.get("node:https floor, paced at 250/s in 100 ms batches: CPU per request")?.value).toMatch(
      /^0\.400 ms/,
    );
    expect(byLabel.get("estate check above the paced SDK floor")?.value).toBe("0.250 ms per request");
    expect(report.figures.filter((figure) => figure.goal)).toHaveLength(2);
    const third = report.analysis.slice(2).join("\n");
    expect(third).toContain("0.500 ms paced at the estate's 250 requests/s in 100 ms batches");
    expect(third).toContain("1.89, 1.15, 0.94 and 0.73 ms per request");
    expect(third).toContain("(100 % of the goal)");
  });

  it("still reports the checker's figures when the floor could not be measured", async () => {
    const report = await cpuPerRequestScenario(
      undefined,
      { cpuMs: 7_500, requests: 10_000 },
      { failed: "the emulator process exited\nstack" },
      undefined,
    );
    expect(report.figures.map((figure) => [figure.label, figure.value])).toEqual([
      ["estate check (row 1): CPU per request", "0.750 ms (7.50 s over 10,000 requests)"],
      ["SDK floor", "not measured: the emulator process exited"],
    ]);
  });

  it("sends the floor's requests to the listing the checker asks for", () => {
    const server = buildFleet(small).servers[4];
    expect(listingUrl("https://127.0.0.1:4443", server)).toBe(
      `https://127.0.0.1:4443/subscriptions/${BENCH_SUBSCRIPTION_ID}/resourceGroups/rg-platform-01` +
        "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg-00004/ltrBackupOperations?api-version=2025-08-01",
    );
  });
});
