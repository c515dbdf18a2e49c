import { stripVTControlCharacters } from "node:util";
import { pgLtr, type ProcessRun as Run } from "../support/pg-ltr-process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/start-emulator";
import { createAjv } from "../../lib/schema-validation/create-ajv";
import planReportSchema from "../../lib/schema/plan-report.schema.json";
import { writeSynthOutput } from "./support/synth-output";

const hasAnsi = (text: string): boolean => stripVTControlCharacters(text) !== text;

/**
 * The real `pg-ltr` executable in a child process, as CI runs it: flags, exit codes, stdout/stderr and
 * report files, against the ARM emulator over HTTPS on 127.0.0.1.
 */

const SUBSCRIPTION = "6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5";
const TOKEN = "pg-ltr-cli-test-token";

describe("pg-ltr check (child process)", () => {
  let work: string;
  let emulator: RunningEmulator;
  let strict: RunningEmulator;
  let runs: Record<"help" | "badFlag" | "noSynth" | "clean" | "drift" | "softFail" | "refusedJson", Run>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "pg-ltr-cli-"));
    emulator = await startEmulator({
      state: {
        accessTokens: [TOKEN],
        subscriptions: {
          [SUBSCRIPTION]: {
            resourceGroups: {
              "rg-data-prod": {
                servers: {
                  "orders-db": {
                    ltrBackupOperations: [
                      {
                        backupName: "pre-upgrade-2026-11",
                        status: "Succeeded",
                        startTime: "2026-11-20T01:00:00Z",
                        endTime: "2026-11-20T01:25:00Z",
                        percentComplete: 100,
                        datasourceSizeInBytes: 5_368_709_120,
                      },
                      {
                        backupName: "monthly-2026-09",
                        status: "Succeeded",
                        startTime: "2026-09-01T02:00:00Z",
                        endTime: "2026-09-01T02:10:00Z",
                        percentComplete: 100,
                      },
                    ],
                  },
                  "billing-db": { ltrBackupOperations: [] },
                },
              },
            },
          },
        },
      },
    });
    const armEnv = { NODE_EXTRA_CA_CERTS: emulator.caCertificatePath, PG_LTR_ACCESS_TOKEN: TOKEN };
    // An emulator that refuses tokens it did not issue, as ARM does: a stale token in CI.
    strict = await startEmulator({ state: { accessTokens: [TOKEN], subscriptions: {} }, strictAuth: true });
    const orders = {
      constructPaths: ["data-platform/orders-ltr"],
      address: "azurerm_postgresql_flexible_server.orders",
      subscriptionId: SUBSCRIPTION,
      resourceGroupName: "rg-data-prod",
      serverName: "orders-db",
      backups: [{ name: "pre-upgrade-2026-11", maxAge: null, constructPath: "data-platform/orders-ltr" }],
      latest: null,
      series: [],
    };
    writeSynthOutput(join(work, "clean", "cdktf.out"), { "data-platform": [orders] });
    writeSynthOutput(join(work, "drift", "cdktf.out"), {
      "data-platform": [
        {
          ...orders,
          backups: [
            ...orders.backups,
            { name: "monthly-2026-09", maxAge: "P32D", constructPath: "data-platform/orders-ltr" },
          ],
        },
        {
          ...orders,
          constructPaths: ["data-platform/billing-ltr"],
          address: null,
          serverName: "billing-db",
          backups: [{ name: "pre-migration", maxAge: null, constructPath: "data-platform/billing-ltr" }],
          latest: { maxAge: "P8D", constructPath: "data-platform/billing-ltr" },
        },
      ],
    });

    // The processes run side by side: each spends seconds loading TypeScript, not talking to ARM.
    const now = ["--now", "2026-11-27T08:00:00Z"];
    const drift = join(work, "drift");
    const [help, badFlag, noSynth, clean, driftRun, softFail, refusedJson] = await Promise.all([
      pgLtr(["check", "--help"], { cwd: work }),
      pgLtr(["check", "--output", "checkstyle=report.xml"], { cwd: work }),
      pgLtr(["check"], { cwd: work }),
      pgLtr(["check", "--endpoint", emulator.url, ...now], { cwd: join(work, "clean"), env: armEnv }),
      pgLtr(
        [
          "check",
          "--endpoint",
          emulator.url,
          ...now,
          "--output",
          "junit=reports/ci/ltr-backups.xml",
          "--output",
          "json=reports/ltr-backups.json",
          "--output",
          "text=plan.txt",
          "--output",
          "markdown=summary.md",
        ],
        { cwd: drift, env: { ...armEnv, FORCE_COLOR: "1" } },
      ),
      pgLtr(
        [
          "check",
          "--endpoint",
          emulator.url,
          ...now,
          "--soft-fail",
          "--format",
          "junit",
          "--stack",
          "data-platform",
        ],
        { cwd: drift, env: armEnv },
      ),
      pgLtr(["check", "--endpoint", strict.url, ...now, "--format", "json", "--output", "text=refused.txt"], {
        cwd: drift,
        env: { NODE_EXTRA_CA_CERTS: strict.caCertificatePath, PG_LTR_ACCESS_TOKEN: "a-stale-token" },
      }),
    ]);
    runs = { help, badFlag, noSynth, clean, drift: driftRun, softFail, refusedJson };
    // Six TypeScript processes at once on a busy 2-core runner take longer than one test's default.
  }, 120_000);

  afterAll(async () => {
    await emulator?.close();
    await strict?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it("prints help, refuses a bad flag and asks for cdktf synth, each with the right exit code", () => {
    const { help, badFlag, noSynth } = runs;
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: pg-ltr check [options]");
    expect(help.stdout).toContain("--output FORMAT=PATH");

    expect(badFlag.code).toBe(1);
    expect(badFlag.stdout).toBe("");
    expect(badFlag.stderr).toBe(
      '╷\n│ Error: --output "checkstyle=report.xml" must be FORMAT=PATH with FORMAT one of text, json, junit, markdown, github, sarif, ' +
        "such as --output junit=reports/ltr-backups.xml\n╵\n",
    );

    expect(noSynth.code).toBe(1);
    expect(noSynth.stdout).toBe("");
    expect(noSynth.stderr).toContain(
      `Error: no manifest.json in ${join(work, "cdktf.out")}: run \`cdktf synth\` first`,
    );
    expect(noSynth.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 0 with 'No changes' when every backup is compliant", () => {
    const run = runs.clean;
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      "No changes. Your LTR backups match the configuration.\n\n" +
        "Plan: 0 missing, 0 stale, 0 failed, 0 invalid, 0 unknown. 1 compliant, 0 running.\n",
    );
  });

  it("exits 2 on drift, prints the plan and writes every --output file without colour", () => {
    const cwd = join(work, "drift");
    const run = runs.drift;
    expect(run.stderr).toBe("");
    expect(run.code).toBe(2);
    expect(hasAnsi(run.stdout)).toBe(true); // FORCE_COLOR colours stdout even into a pipe
    const plain = stripVTControlCharacters(run.stdout);
    expect(plain).toContain("pg-ltr found the following drift:");
    expect(plain).toContain("  # data-platform/orders-db/monthly-2026-09 is stale\n");
    expect(plain).toContain("  # data-platform/billing-db/pre-migration is missing\n");
    expect(plain).toContain("  # data-platform/billing-db/(latest) is stale\n");
    expect(plain).toContain(
      "Plan: 1 missing, 2 stale, 0 failed, 0 invalid, 0 unknown. 1 compliant, 0 running.\n",
    );

    const text = readFileSync(join(cwd, "plan.txt"), "utf8");
    expect(hasAnsi(text)).toBe(false);
    expect(text).toBe(plain);

    const report = JSON.parse(readFileSync(join(cwd, "reports/ltr-backups.json"), "utf8")) as {
      format_version: string;
      summary: Record<string, number>;
    };
    const validate = createAjv().compile(planReportSchema);
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.format_version).toBe("1.8");
    expect(report.summary).toMatchObject({ compliant: 1, missing: 1, stale: 2 });

    const junit = readFileSync(join(cwd, "reports/ci/ltr-backups.xml"), "utf8");
    expect(XMLValidator.validate(junit)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(junit) as {
      testsuites: { "@_tests": string; "@_failures": string; "@_errors": string };
    };
    expect(parsed.testsuites).toMatchObject({ "@_tests": "4", "@_failures": "3", "@_errors": "0" });

    const markdown = readFileSync(join(cwd, "summary.md"), "utf8");
    expect(markdown.split("\n")[0]).toBe("## ❌ LTR backups: drift found");
    expect(markdown).toContain("| 🕰️ stale | `orders-db/monthly-2026-09` |");
  });

  it("exits 0 on drift with --soft-fail and prints the chosen format", () => {
    const run = runs.softFail;
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(XMLValidator.validate(run.stdout)).toBe(true);
    expect(run.stdout).toContain('<testsuite name="data-platform" tests="4" failures="3" errors="0"');
    expect(existsSync(join(work, "report.xml"))).toBe(false);
  });

  it("exits 1 with the cause on stderr, once per cause, even when stdout is JSON", () => {
    const run = runs.refusedJson;
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ summary: { error: 4 } });
    expect(run.stderr.match(/│ Error: /g)).toHaveLength(1);
    expect(run.stderr).toContain(
      `│ Error: 401 InvalidAuthenticationToken for all 4 expectations in subscription ${SUBSCRIPTION}\n`,
    );
    expect(run.stderr).toContain("sign in again");
    expect(run.stderr).toContain(
      "│ Affected LTR backups (4): data-platform/billing-db/pre-migration, data-platform/billing-db/(latest), " +
        "data-platform/orders-db/monthly-2026-09, data-platform/orders-db/pre-upgrade-2026-11.\n",
    );
    // A text plan written to a file has no stderr beside it: it ends with the same diagnostic, once.
    const text = readFileSync(join(work, "drift", "refused.txt"), "utf8");
    expect(text).not.toContain("ltr_backup");
    expect(text.endsWith(`4 could not be checked.\n\n${run.stderr}`)).toBe(true);
  });
});
