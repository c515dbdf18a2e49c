import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCheckCommand } from "../../lib/cli/check-command";
import { capturedIo } from "./captured-io";
import { writeSynthOutput } from "./support/synth-output";

async function run(argv: string[], cwd?: string) {
  const io = capturedIo({ cwd });
  const code = await runCheckCommand(argv, io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

describe("pg-ltr check (in-process)", () => {
  let empty: string;
  beforeAll(() => {
    empty = mkdtempSync(join(tmpdir(), "pg-ltr-check-"));
  });
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it("explains every option, the environment and the exit codes with --help", async () => {
    for (const flag of ["--help", "-h"]) {
      const { code, stdout, stderr } = await run(["--out", "x", flag]);
      expect(code).toBe(0);
      expect(stderr).toBe("");
      expect(stdout.startsWith("Usage: pg-ltr check [options]\n")).toBe(true);
      for (const option of [
        "--out DIR",
        "--stack NAME",
        "--now INSTANT",
        "--cloud NAME",
        "--endpoint URL",
        "--subscription ID",
        "--api-version V",
        "--concurrency N",
        "--strategy S",
        "--timeout DURATION",
        "--max-retries N",
        "--retry-delay DURATION",
        "--stuck-after DURATION",
        "--format FORMAT",
        "text, json, junit, markdown, github",
        "sarif (SARIF 2.1.0 for GitHub code scanning)",
        "pg-ltr check --format github --output sarif=ltr-backups.sarif",
        "--output FORMAT=PATH",
        "--no-color",
        "--soft-fail",
        "--require-existing",
        "-q, --quiet",
        "-h, --help",
        "PG_LTR_ACCESS_TOKEN",
        "ARM_SUBSCRIPTION_ID, AZURE_SUBSCRIPTION_ID",
        "NODE_EXTRA_CA_CERTS",
        "NO_COLOR",
        "FORCE_COLOR",
        'Default: CDKTF_OUTDIR, else the "output" of ./cdktf.json, else cdktf.out',
        "--server NAME",
        "Default: 32",
        "Default: PT30S",
        "Default: PT24H",
        "Default: 2025-08-01",
      ]) {
        expect(stdout).toContain(option);
      }
      expect(stdout).toMatch(
        /Exit codes:\n {2}0 {2}every .*\n {2}2 {2}drift.*\n {2}1 {2}something could not be checked/,
      );
      expect(stdout).toContain("Examples:\n  cdktf synth && pg-ltr check\n");
    }
  });

  const badFlags: [string[], string][] = [
    [["--frobnicate"], 'unknown option "--frobnicate". Run "pg-ltr check --help" for the options.'],
    [["--no-colour"], 'unknown option "--no-colour"; did you mean "--no-color"?'],
    [["-x"], 'unknown option "-x".'],
    [["cdktf.out"], 'unexpected argument "cdktf.out": pg-ltr check takes only options.'],
    [["--out"], "--out needs a value."],
    [["--out", "--quiet"], '--out needs a value; to pass one that starts with "-", write --out=VALUE'],
    [["--out="], "--out needs a value; it was given an empty one"],
    [["--quiet=yes"], "--quiet is a switch and takes no value; write just --quiet"],
    [["--format", "xml"], '--format "xml" is not one of text, json, junit, markdown, github, sarif'],
    [["--format", "json", "--format", "text"], "--format was given more than once; give it once"],
    [
      ["--output", "junit"],
      '--output "junit" must be FORMAT=PATH with FORMAT one of text, json, junit, markdown, github, sarif',
    ],
    [["--output", "xml=report.xml"], '--output "xml=report.xml" must be FORMAT=PATH'],
    [["--output", "json="], '--output "json=" must be FORMAT=PATH'],
    [
      ["--output", "json=a.json", "--output", "junit=a.json"],
      '--output names "a.json" twice; give each file once',
    ],
    [["--concurrency", "0"], '--concurrency "0" must be a whole number of at least 1'],
    [["--concurrency", "many"], '--concurrency "many" must be a whole number of at least 1'],
    [["--concurrency", "2.5"], '--concurrency "2.5" must be a whole number of at least 1'],
    [
      ["--max-retries", "-1"],
      '--max-retries needs a value; to pass one that starts with "-", write --max-retries=VALUE',
    ],
    [["--max-retries=-1"], '--max-retries "-1" must be a whole number of at least 0'],
    [
      ["--cloud", "AzureMars"],
      '--cloud "AzureMars" is not one of AzurePublicCloud, AzureUSGovernment, AzureChinaCloud',
    ],
    [["--strategy", "fast"], '--strategy "fast" is not one of auto, get, list'],
    [["--subscription", "prod"], '--subscription "prod" is not a subscription id: pass a UUID'],
    [["--stack", ""], "--stack needs a stack name; it was given an empty one"],
    [["--now", "yesterday"], '--now "yesterday" must be an ISO 8601 instant with a time zone'],
    [
      ["--now", "2026-11-27T08:00:00"],
      '--now "2026-11-27T08:00:00" must be an ISO 8601 instant with a time zone',
    ],
    [["--timeout", "soon"], '--timeout "soon" must be an ISO 8601 duration such as P7D, PT6H or P1M'],
    [["--timeout", "P1M"], '--timeout "P1M" must not use years or months'],
    [["--retry-delay", "PT0S"], '--retry-delay "PT0S" must be longer than zero'],
    [["--stuck-after", "a day"], '--stuck-after "a day" must be an ISO 8601 duration'],
    [
      ["--endpoint", "not a url"],
      'the endpoint "not a url" is not a URL: pass one such as https://127.0.0.1:8443',
    ],
    [["--endpoint", "http://127.0.0.1:8443"], 'the endpoint "http://127.0.0.1:8443" must use https://'],
    [["--api-version", "latest"], '--api-version "latest" is not an api-version'],
    [["--fromat", "json"], 'unknown option "--fromat"; did you mean "--format"?'],
    [["--sever", "orders-db"], 'unknown option "--sever"; did you mean "--server"?'],
    [
      ["--format", "jsno"],
      '--format "jsno" is not one of text, json, junit, markdown, github, sarif; did you mean "json"?',
    ],
    [
      ["--output", "jnuit=a.xml"],
      '--output "jnuit=a.xml" must be FORMAT=PATH with FORMAT one of text, json, junit, markdown, github, sarif, ' +
        'such as --output junit=reports/ltr-backups.xml; did you mean "junit=a.xml"?',
    ],
    [
      ["--output", "cdktf.out"],
      '--output "cdktf.out" must be FORMAT=PATH with FORMAT one of text, json, junit, markdown, github, sarif, ' +
        "such as --output junit=reports/ltr-backups.xml; did you mean --out cdktf.out (the synthesis " +
        "output folder, which cdktf calls --output)?",
    ],
    [["--cloud", "AzureChina"], '--cloud "AzureChina" is not one of'],
    [["--server", ""], "--server needs a server name; it was given an empty one"],
    [["--source-rot", "infra"], 'unknown option "--source-rot"; did you mean "--source-root"?'],
    [["--source-root", "../infra"], "--source-root ../infra climbs above the repository's root"],
    [["--source-root", "/srv/infra"], "--source-root /srv/infra is absolute, which needs GITHUB_WORKSPACE"],
  ];

  it.each(badFlags)("refuses %j with a message that says what to fix, exit 1", async (argv, message) => {
    // Run where there is no cdktf.out: the flag must be reported, not the missing folder.
    const { code, stdout, stderr } = await run(argv, empty);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain(`│ Error: ${message}`);
    expect(stderr.startsWith("╷\n")).toBe(true);
    expect(stderr.endsWith("╵\n")).toBe(true);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(stderr).not.toContain("cdktf synth");
  });

  it("asks for cdktf synth when there is no cdktf.out", async () => {
    const { code, stdout, stderr } = await run([], empty);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain(
      `│ Error: no manifest.json in ${join(empty, "cdktf.out")}: run \`cdktf synth\` first (or pass --out DIR)`,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("prints what could not be checked on stderr, one diagnostic per cause, and with -q only the summary on stdout", async () => {
    // GIVEN two expectations of a server whose subscription nobody gave: errors without a request
    const app = join(empty, "no-subscription");
    writeSynthOutput(join(app, "cdktf.out"), {
      legacy: [
        {
          constructPaths: ["legacy/reports-ltr"],
          address: "azurerm_postgresql_flexible_server.reports",
          subscriptionId: null,
          resourceGroupName: "rg-legacy",
          serverName: "reports-db",
          backups: [
            { name: "before-migration", maxAge: null, constructPath: "legacy/reports-ltr" },
            { name: "after-migration", maxAge: null, constructPath: "legacy/reports-ltr" },
          ],
          latest: null,
          series: [],
        },
      ],
    });
    for (const quiet of [false, true]) {
      // WHEN
      const { code, stdout, stderr } = await run(
        ["--now", "2026-11-27T08:00:00Z", "--output", "text=plan.txt", ...(quiet ? ["-q"] : [])],
        app,
      );
      // THEN
      expect(code).toBe(1);
      expect(stdout).not.toContain("╷");
      expect(stdout).not.toContain("ltr_backup");
      expect(
        stdout.endsWith(
          "Plan: 0 missing, 0 stale, 0 failed, 0 invalid, 0 unknown. 0 compliant, 0 running, 2 could not be checked.\n",
        ),
      ).toBe(true);
      if (quiet) expect(stdout.split("\n")).toHaveLength(2);
      expect(stderr.match(/│ Error: /g)).toHaveLength(1);
      expect(stderr).toContain("│ Error: No subscription for server rg-legacy/reports-db (stack legacy)");
      expect(stderr).toContain(
        "│ Affected LTR backups (2): legacy/reports-db/after-migration, legacy/reports-db/before-migration.\n",
      );
      // A text plan written to a file has no stderr beside it: it ends with the same diagnostic.
      expect(
        readFileSync(join(app, "plan.txt"), "utf8").endsWith(`2 could not be checked.\n\n${stderr}`),
      ).toBe(true);
    }
  });

  it("resolves --out against the working directory", async () => {
    const { code, stderr } = await run(["--out", "synth-output"], empty);
    expect(code).toBe(1);
    expect(stderr).toContain(`no manifest.json in ${join(empty, "synth-output")}: run \`cdktf synth\` first`);
  });
});
