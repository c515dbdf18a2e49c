import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { rootCertificates } from "node:tls";
import type { Log } from "sarif";
import { PostgresLtrBackups, RequireLtrBackups } from "cdktf-pg-ltr";
import { runCheckCommand } from "../../lib/cli/check-command";
import { startEmulator, type RunningEmulator } from "../../lib/emulator/start-emulator";
import { capturedIo } from "../cli/captured-io";
import { expectValidSarif } from "../support/sarif-schema";
import { resourceGroupState } from "./support/emulator-states";
import { succeeded } from "./support/ltr-operations";
import { azureStack, flexibleServer, synthesize, type SynthesizedApp } from "./support/synthesize";

/**
 * `pg-ltr check --format github --output sarif=…` as a pull request's gate runs it, in-process against
 * the emulator over HTTPS: annotations and SARIF results on the lines of this file that declared what
 * they are about.
 *
 * The child process of a CI job trusts the emulator's CA through NODE_EXTRA_CA_CERTS, which Node reads
 * only when it starts; in-process, the same CA is added to Node's roots where the check asks for them.
 */
let mockEmulatorCa: string | undefined;
jest.mock("../../lib/azure/trusted-certificates", () => ({
  trustedCertificates: () =>
    mockEmulatorCa === undefined ? undefined : [...rootCertificates, mockEmulatorCa],
}));

const NOW = "2026-11-27T12:00:00Z";
const SUBSCRIPTION = "7a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const RG = "rg-annotations";
const TOKEN = "annotations-token";
const THIS_FILE = relative(process.cwd(), __filename).split("\\").join("/");

let app: SynthesizedApp;
let emulator: RunningEmulator;
/** The lines of this file that declared each thing, as synthesis records them. */
const line: Record<"orders" | "fresh" | "scratch", number> = { orders: 0, fresh: 0, scratch: 0 };
const here = (): number => Number(/:(\d+):\d+\)?$/.exec(new Error().stack!.split("\n")[2])![1]);

beforeAll(async () => {
  app = synthesize((scope) => {
    const data = azureStack(scope, "data-platform", SUBSCRIPTION);
    line.orders = here() + 1;
    new PostgresLtrBackups(data, "orders-ltr", {
      server: flexibleServer(data, "orders", "orders-db", RG),
      backups: [{ name: "pre-upgrade-2026-11" }],
      latest: { maxAge: "P8D" },
    });
    // A server this pull request adds: ARM does not know it yet.
    line.fresh = here() + 1;
    new PostgresLtrBackups(data, "fresh-ltr", {
      server: flexibleServer(data, "fresh", "fresh-db", RG),
      latest: { maxAge: "P8D" },
    });
    line.scratch = here() + 1;
    RequireLtrBackups.exempt(flexibleServer(data, "scratch", "scratch-db", RG), {
      reason: "Throwaway server for load tests, recreated every week",
      expires: "2026-12-10",
    });
  });
  emulator = await startEmulator({
    state: resourceGroupState(TOKEN, SUBSCRIPTION, RG, {
      "orders-db": {
        ltrBackupOperations: [
          succeeded("daily-2026-11-26", "2026-11-26T02:30:00Z"),
          // Ends after the check's time: set aside, a note on the compliant latest.
          succeeded("daily-2026-12-26", "2026-12-26T02:30:00Z"),
        ],
      },
      "scratch-db": { ltrBackupOperations: [] },
    }),
  });
  mockEmulatorCa = emulator.caCertificate;
});

afterAll(async () => {
  await emulator?.close();
  app?.remove();
});

async function check(args: string[], now = NOW, where: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const io = capturedIo({
    cwd: where.cwd ?? app.folder,
    env: { PG_LTR_ACCESS_TOKEN: TOKEN, GITHUB_ACTIONS: "true", ...where.env },
  });
  const code = await runCheckCommand(["--endpoint", emulator.url, "--now", now, ...args], io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

it("pg-ltr check --format github annotates drift, pending servers and expiring exemptions where they were declared", async () => {
  const run = await check(["--format", "github", "--output", "sarif=reports/ltr-backups.sarif"]);
  expect(run.code).toBe(2);
  expect(run.stdout.split("\n")).toEqual([
    // In the result's order: by stack, then server.
    `::warning title=LTR backup pending,file=${THIS_FILE},line=${line.fresh},col=5::` +
      "data-platform/fresh-db/(latest) will be created: server fresh-db does not exist yet (404 ResourceNotFound): " +
      "azurerm_postgresql_flexible_server.fresh will be created by this deploy; backups are expected once it exists",
    `::error title=LTR backup missing,file=${THIS_FILE},line=${line.orders},col=5::` +
      "data-platform/orders-db/pre-upgrade-2026-11 is missing: server orders-db has no LTR backup operation named pre-upgrade-2026-11",
    `::warning title=LTR exemption expiring,file=${THIS_FILE},line=${line.scratch},col=23::` +
      "The LTR exemption of data-platform/scratch-db expires on 2026-12-10, within 30 days%0A" +
      "Reason given: Throwaway server for load tests, recreated every week%0A" +
      `Declared at ${THIS_FILE}:${line.scratch} (data-platform/scratch); renew it with a later expires date or ` +
      "declare the server's LTR backups with PostgresLtrBackups.",
    "::notice title=pg-ltr check::Checked at 2026-11-27T12:00:00Z: 1 missing, 0 stale, 0 failed, 0 invalid, " +
      "0 unknown. 1 compliant, 0 running, 1 pending, 1 exempt.",
    "",
  ]);
  expectValidSarif(JSON.parse(readFileSync(join(app.folder, "reports/ltr-backups.sarif"), "utf8")));
  // The exemption's warning is on stderr too, as with every format.
  expect(run.stderr).toContain(
    "Warning: The LTR exemption of data-platform/scratch-db expires on 2026-12-10",
  );
});

it("pg-ltr check --output sarif= writes SARIF for code scanning: located results, an exemption suppressed, fingerprints that outlast the run", async () => {
  const sarif = (file: string) => JSON.parse(readFileSync(join(app.folder, "reports", file), "utf8")) as Log;
  const first = await check(["--output", "sarif=reports/first.sarif", "-q"]);
  // A day later: other times in every reason, the same findings.
  const later = await check(["--output", "sarif=reports/later.sarif", "-q"], "2026-11-28T12:00:00Z");
  expect([first.code, later.code]).toEqual([2, 2]);
  const [log, laterLog] = [sarif("first.sarif"), sarif("later.sarif")];
  expectValidSarif(log);
  const results = log.runs[0].results!;
  const located = (line: number, column: number) => ({
    artifactLocation: { uri: THIS_FILE, uriBaseId: "%SRCROOT%" },
    region: { startLine: line, startColumn: column },
  });
  expect(
    results.map((r) => [r.ruleId, r.level, r.locations![0].physicalLocation, r.suppressions?.[0]?.kind]),
  ).toEqual([
    ["pending", "warning", located(line.fresh, 5), undefined],
    ["missing", "error", located(line.orders, 5), undefined],
    ["exempt", "warning", located(line.scratch, 23), "inSource"],
  ]);
  expect(results[2].suppressions![0].justification).toBe(
    "Throwaway server for load tests, recreated every week",
  );
  expect(laterLog.runs[0].results!.map((r) => r.partialFingerprints)).toEqual(
    results.map((r) => r.partialFingerprints),
  );
  expect(laterLog.runs[0].properties!.checkedAt).toBe("2026-11-28T12:00:00Z");
});

it("pg-ltr check's text plan shows a compliant backup whose answer had items set aside, as renderPlan does", async () => {
  const run = await check(["--no-color"]);
  expect(run.code).toBe(2);
  expect(run.stdout).toContain(
    "These LTR backups are compliant, but pg-ltr set aside items of Azure's answers:",
  );
  expect(run.stdout).toMatch(/# data-platform\/orders-db\/\(latest\) is compliant\n/);
  expect(run.stdout).toContain("2026-12-26T02:30:00Z");
});

describe("an app in a subfolder of the repository: paths GitHub finds", () => {
  /** A checkout with the app in stacks/data-platform, and a shard's download of its cdktf.out in artifacts/. */
  let repo: string;
  const APP = "stacks/data-platform";
  beforeAll(() => {
    repo = realpathSync(mkdtempSync(join(tmpdir(), "pg-ltr-repo-")));
    mkdirSync(join(repo, APP), { recursive: true });
    writeFileSync(join(repo, APP, "cdktf.json"), JSON.stringify({ app: "node main.js" }));
    cpSync(app.outDir, join(repo, APP, "cdktf.out"), { recursive: true });
    cpSync(app.outDir, join(repo, "artifacts/cdktf.out"), { recursive: true });
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  const files = (stdout: string) =>
    stdout.split("\n").flatMap((line) => /file=([^,]*)/.exec(line)?.[1] ?? []);
  const uris = (file: string) =>
    (JSON.parse(readFileSync(join(repo, file), "utf8")) as Log).runs[0].results!.map(
      (r) => r.locations![0].physicalLocation!.artifactLocation!.uri,
    );

  it("run in the app's folder in GitHub Actions, annotations and SARIF name the file from the repository's root", async () => {
    const run = await check(["--format", "github", "--output", "sarif=../../app.sarif"], NOW, {
      cwd: join(repo, APP),
      env: { GITHUB_WORKSPACE: repo },
    });
    expect(run.code).toBe(2);
    expect(files(run.stdout)).toEqual([1, 2, 3].map(() => `${APP}/${THIS_FILE}`));
    expect(uris("app.sarif")).toEqual([1, 2, 3].map(() => `${APP}/${THIS_FILE}`));
    expect(run.stderr).not.toContain("--source-root");
  });

  it("a shard reading a downloaded cdktf.out is told to pass --source-root, and with it the paths are right", async () => {
    const args = ["--out", "artifacts/cdktf.out", "--format", "github", "-q"];
    const where = { cwd: repo, env: { GITHUB_WORKSPACE: repo } };
    const guessed = await check(args, NOW, where);
    expect(guessed.stderr).toContain(
      `Warning: no cdktf.json in ${repo} or next to ${join(repo, "artifacts/cdktf.out")}, so where the app is in the repository is not known`,
    );
    expect(files(guessed.stdout)).toEqual([1, 2, 3].map(() => THIS_FILE));
    const told = await check([...args, "--source-root", APP, "--output", "sarif=told.sarif"], NOW, where);
    expect(told.stderr).not.toContain("--source-root");
    expect(files(told.stdout)).toEqual([1, 2, 3].map(() => `${APP}/${THIS_FILE}`));
    expect(uris("told.sarif")).toEqual([1, 2, 3].map(() => `${APP}/${THIS_FILE}`));
  });

  it("a GITHUB_WORKSPACE that is not a folder is ignored with a warning, and the check goes on", async () => {
    const run = await check(["--format", "github", "-q"], NOW, {
      cwd: join(repo, APP),
      env: { GITHUB_WORKSPACE: "work/repo" },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'Warning: GITHUB_WORKSPACE "work/repo" is not the absolute path of an existing folder, so it is ignored',
    );
    expect(files(run.stdout)).toEqual([1, 2, 3].map(() => THIS_FILE));
  });
});
