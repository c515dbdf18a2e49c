import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { PostgresLtrBackups } from "cdktf-pg-ltr";
import { startEmulator, type RunningEmulator } from "cdktf-pg-ltr/emulator";
import { createAjv } from "../../lib/schema-validation/create-ajv";
import planReportSchema from "../../lib/schema/plan-report.schema.json";
import { pgLtr, type ProcessRun } from "../support/pg-ltr-process";
import { running, succeeded } from "./support/ltr-operations";
import { azureStack, flexibleServer, synthesize, type SynthesizedApp } from "./support/synthesize";

/**
 * `pg-ltr check` as a CI job runs it: a child process started in the folder where `cdktf synth` ran,
 * trusting the emulator's CA only through NODE_EXTRA_CA_CERTS, signed in either with a service
 * principal through DefaultAzureCredential (the emulator is the Entra authority) or with
 * PG_LTR_ACCESS_TOKEN. Every other host is routed to a proxy that refuses and records the attempt.
 */

const NOW = "2026-11-27T12:00:00Z";
const SUBSCRIPTION = "2b3c4d5e-6f70-4819-8a2b-3c4d5e6f7081";
const DENIED_SUBSCRIPTION = "8c7b6a59-4837-4261-9504-f3e2d1c0b9a8";
const TENANT = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
const TOKEN = "e2e-process-token";

interface Runs {
  readonly entra: ProcessRun;
  readonly drift: ProcessRun;
  readonly everything: ProcessRun;
  readonly softDrift: ProcessRun;
}

describe("pg-ltr check in a child process, end to end", () => {
  let app: SynthesizedApp;
  let emulator: RunningEmulator;
  let guard: Server;
  const leaks: string[] = [];
  const emulatorLog: string[] = [];
  let runs: Runs;

  beforeAll(async () => {
    app = synthesize((scope) => {
      const healthy = azureStack(scope, "healthy", SUBSCRIPTION);
      new PostgresLtrBackups(healthy, "web-ltr", {
        server: flexibleServer(healthy, "web", "web-db", "rg-web"),
        backups: [{ name: "pre-release-2026-11", maxAge: "P30D" }],
        latest: { maxAge: "P2D" },
      });
      const drifted = azureStack(scope, "drifted", SUBSCRIPTION);
      new PostgresLtrBackups(drifted, "cms-ltr", {
        server: flexibleServer(drifted, "cms", "cms-db", "rg-web"),
        backups: [{ name: "pre-migration" }, { name: "reindex-2026-11" }],
        latest: { maxAge: "P8D" },
      });
      const unreachable = azureStack(scope, "unreachable", DENIED_SUBSCRIPTION);
      new PostgresLtrBackups(unreachable, "ledger-ltr", {
        server: flexibleServer(unreachable, "ledger", "ledger-db", "rg-finance"),
        latest: { maxAge: "P8D" },
      });
    });
    emulator = await startEmulator({
      // Strict: the Entra sign-in must bring a token the emulator issued for ARM's scope.
      strictAuth: true,
      state: {
        accessTokens: [TOKEN],
        subscriptions: {
          [SUBSCRIPTION]: {
            resourceGroups: {
              "rg-web": {
                servers: {
                  "web-db": {
                    ltrBackupOperations: [
                      succeeded("pre-release-2026-11", "2026-11-10T03:00:00Z"),
                      succeeded("daily-2026-11-27", "2026-11-27T01:30:00Z"),
                    ],
                  },
                  "cms-db": {
                    ltrBackupOperations: [
                      succeeded("weekly-2026-11-01", "2026-11-01T02:40:00Z"),
                      running("reindex-2026-11", "2026-11-27T09:00:00Z", 80),
                    ],
                  },
                },
              },
            },
          },
          [DENIED_SUBSCRIPTION]: {
            denied: true,
            resourceGroups: { "rg-finance": { servers: { "ledger-db": {} } } },
          },
        },
      },
      onRequest: (entry) => emulatorLog.push(`${entry.method} ${entry.path.split("?")[0]} ${entry.outcome}`),
    });
    guard = createServer((req, res) => {
      leaks.push(req.headers.host ?? "?");
      res.writeHead(403).end();
    });
    guard.on("connect", (req, socket) => {
      leaks.push(req.url ?? "?");
      socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
    });
    await new Promise<void>((listening) => guard.listen(0, "127.0.0.1", listening));
    const proxy = `http://127.0.0.1:${(guard.address() as AddressInfo).port}`;

    const network = {
      NODE_EXTRA_CA_CERTS: emulator.caCertificatePath,
      HTTPS_PROXY: proxy,
      HTTP_PROXY: proxy,
      NO_PROXY: "127.0.0.1",
    };
    const withToken = { cwd: app.folder, env: { ...network, PG_LTR_ACCESS_TOKEN: TOKEN } };
    const check = ["check", "--endpoint", emulator.url, "--now", NOW];
    // Side by side: each process spends most of its time loading, not talking to the emulator.
    const [entra, drift, everything, softDrift] = await Promise.all([
      pgLtr([...check, "--stack", "healthy"], {
        cwd: app.folder,
        env: {
          ...network,
          AZURE_TENANT_ID: TENANT,
          AZURE_CLIENT_ID: "ci-pipeline-app",
          AZURE_CLIENT_SECRET: "ci-pipeline-secret",
          AZURE_AUTHORITY_HOST: emulator.authorityHost,
        },
      }),
      pgLtr(
        [
          ...check,
          "--stack",
          "drifted",
          "--output",
          "json=reports/ltr-backups.json",
          "--output",
          "junit=reports/ci/ltr-backups.xml",
          "--output",
          "markdown=summary.md",
        ],
        withToken,
      ),
      pgLtr([...check, "--soft-fail", "--format", "junit", "--output", "json=everything.json"], withToken),
      pgLtr([...check, "--stack", "drifted", "--soft-fail", "--quiet"], withToken),
    ]);
    runs = { entra, drift, everything, softDrift };
  }, 90_000);

  afterAll(async () => {
    await emulator?.close();
    await new Promise((closed) => guard?.close(closed));
    app?.remove();
  });

  it("signs in as a service principal with DefaultAzureCredential and exits 0 when every backup is compliant", () => {
    const run = runs.entra;
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(
      "No changes. Your LTR backups match the configuration.\n\n" +
        "Plan: 0 missing, 0 stale, 0 failed, 0 invalid, 0 unknown. 2 compliant, 0 running.\n",
    );
    expect(run.code).toBe(0);
    // The token came from the emulator's Entra endpoint for the tenant, not from PG_LTR_ACCESS_TOKEN.
    expect(emulatorLog).toContain(`POST /${TENANT}/oauth2/v2.0/token 200`);
  });

  it("exits 2 on drift, prints the plan and writes the JSON, JUnit and Markdown reports", () => {
    const run = runs.drift;
    expect(run.stderr).toBe("");
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("pg-ltr found the following drift:");
    expect(run.stdout).toContain("  # drifted/cms-db/pre-migration is missing\n");
    expect(run.stdout).toContain("  # drifted/cms-db/(latest) is stale\n");
    expect(run.stdout).toContain("  # drifted/cms-db/reindex-2026-11 is still running\n");
    expect(run.stdout).toContain(
      "Plan: 1 missing, 1 stale, 0 failed, 0 invalid, 0 unknown. 0 compliant, 1 running.\n",
    );

    const report = JSON.parse(readFileSync(join(app.folder, "reports/ltr-backups.json"), "utf8")) as {
      summary: Record<string, number>;
      backups: { backupName: string | null; verdict: string; constructPath: string; address: string }[];
    };
    const validate = createAjv().compile(planReportSchema);
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.summary).toMatchObject({ missing: 1, stale: 1, running: 1, compliant: 0, error: 0 });
    expect(report.backups.map((b) => [b.backupName, b.verdict])).toEqual([
      ["pre-migration", "missing"],
      ["reindex-2026-11", "running"],
      ["weekly-2026-11-01", "stale"],
    ]);
    expect(report.backups[0]).toMatchObject({
      constructPath: "drifted/cms-ltr",
      address: "azurerm_postgresql_flexible_server.cms",
    });

    const xml = readFileSync(join(app.folder, "reports/ci/ltr-backups.xml"), "utf8");
    expect(XMLValidator.validate(xml)).toBe(true);
    const junit = parseJunit(xml);
    expect(junit.counts).toEqual({ tests: 3, failures: 2, errors: 0 });
    expect(junit.cases).toEqual([
      ["cms-db/pre-migration", "failure"],
      ["cms-db/reindex-2026-11", "pass"],
      ["cms-db/(latest)", "failure"],
    ]);

    const markdown = readFileSync(join(app.folder, "summary.md"), "utf8");
    expect(markdown.split("\n")[0]).toBe("## ❌ LTR backups: drift found");
    expect(markdown).toContain("`cms-db/pre-migration`");
  });

  it("exits 1 when a backup could not be checked, even with --soft-fail, and reports it as a JUnit error", () => {
    const run = runs.everything;
    expect(run.code).toBe(1);
    // With --format junit on stdout, the cause of exit 1 still reaches the CI log, once, on stderr.
    expect(run.stderr).toContain(
      "│ Error: The signed-in principal may not read server ledger-db (403 AuthorizationFailed",
    );
    expect(run.stderr.match(/Error:/g)).toHaveLength(1);
    expect(XMLValidator.validate(run.stdout)).toBe(true);
    const junit = parseJunit(run.stdout);
    expect(junit.counts).toEqual({ tests: 6, failures: 2, errors: 1 });
    expect(junit.cases).toContainEqual(["ledger-db/(latest)", "error"]);
    expect(run.stdout).toMatch(/may not read server ledger-db \(403 AuthorizationFailed/);

    const report = JSON.parse(readFileSync(join(app.folder, "everything.json"), "utf8")) as {
      summary: Record<string, number>;
    };
    expect(report.summary).toMatchObject({ compliant: 2, missing: 1, stale: 1, running: 1, error: 1 });
  });

  it("exits 0 on drift with --soft-fail, still printing the findings", () => {
    const run = runs.softDrift;
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("  # drifted/cms-db/pre-migration is missing\n");
    expect(run.stdout).toContain("Plan: 1 missing, 1 stale,");
    // --quiet leaves out the legend, so CI logs show only what needs attention.
    expect(run.stdout).not.toContain("Findings are indicated with the following symbols");
  });

  it("never left the machine: no request reached the proxy that stands in for the internet", () => {
    expect(leaks).toEqual([]);
  });
});

/** Counts and test cases (name and outcome) of a JUnit report. */
function parseJunit(xml: string): { counts: Record<string, number>; cases: [string, string][] } {
  const parsed = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === "testsuite" || name === "testcase",
  }).parse(xml) as {
    testsuites: {
      "@_tests": string;
      "@_failures": string;
      "@_errors": string;
      testsuite: { testcase: { "@_name": string; failure?: unknown; error?: unknown }[] }[];
    };
  };
  const suites = parsed.testsuites;
  return {
    counts: {
      tests: Number(suites["@_tests"]),
      failures: Number(suites["@_failures"]),
      errors: Number(suites["@_errors"]),
    },
    cases: suites.testsuite.flatMap((suite) =>
      suite.testcase.map((c): [string, string] => [
        c["@_name"],
        c.failure !== undefined ? "failure" : c.error !== undefined ? "error" : "pass",
      ]),
    ),
  };
}
