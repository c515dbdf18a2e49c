import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { App } from "cdktf";
import {
  checkLtrBackups,
  exitCodeFor,
  renderPlan,
  EXPECTATIONS_FILE_NAME,
  type CheckResult,
} from "cdktf-pg-ltr";
import { startEmulator, type RunningEmulator } from "cdktf-pg-ltr/emulator";
import { CDKTF, CDKTN, type FrameworkFixture } from "../support/frameworks";
import { synthesizeApp, type SynthesizedApp } from "./support/synthesize";

/**
 * One app, written once as examples/basic is written (a resource group by reference, a policy on the
 * App, a preset, an exemption, RequireLtrBackups on the App), synthesized by cdktn 0.24 with
 * `@cdktn/provider-azurerm` and `cdktf-pg-ltr/cdktn`, and by cdktf 0.21 with `@cdktf/provider-azurerm` and
 * the package root, then both checked against the emulator. Done means the two frameworks are
 * interchangeable for this library: the same expectations document, byte for byte, and the same plan.
 */

const NOW = "2026-11-27T12:00:00Z";

/** examples/basic/main.ts with the classes of `framework`: the same code for both frameworks. */
function buildDataPlatform(framework: FrameworkFixture, outdir: string): App {
  const { App, Aspects, TerraformStack } = framework.cdk;
  const { LtrBackupPolicy, LtrSeries, PostgresLtrBackups, RequireLtrBackups } = framework.lib;
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "data-platform");
  new framework.AzurermProvider(stack, "azurerm", {
    features: [{}],
    subscriptionId: "3f2b8c1e-6d4a-4b7e-9c2d-8a1f5e7b9c30",
  });
  const rg = new framework.ResourceGroup(stack, "rg", { name: "rg-data-prod", location: "westeurope" });
  const server = (id: string, name: string) =>
    new framework.PostgresqlFlexibleServer(stack, id, {
      name,
      resourceGroupName: rg.name,
      location: rg.location,
      version: "16",
      skuName: "GP_Standard_D2ds_v5",
      storageMb: 65536,
      authentication: { activeDirectoryAuthEnabled: true, passwordAuthEnabled: false },
      tags: { env: "prod" },
    });
  new LtrBackupPolicy(app, "prod-ltr", { select: { tags: { env: "prod" } }, latest: { maxAge: "P8D" } });
  new PostgresLtrBackups(stack, "orders-ltr", {
    server: server("orders", "orders-db"),
    backups: [{ name: "pre-upgrade-2026-11", maxAge: "P400D" }, { name: "quarter-end-2026-q3" }],
  });
  new PostgresLtrBackups(stack, "billing-ltr", {
    server: server("billing", "billing-db"),
    series: [LtrSeries.weekly({ day: "sunday", at: "02:00", keep: 4 })],
  });
  new PostgresLtrBackups(stack, "analytics-ltr", {
    server: server("analytics", "analytics-db"),
    backups: [{ name: "migration-baseline", maxAge: "P30D" }],
  });
  RequireLtrBackups.exempt(server("scratch", "scratch-db"), {
    reason: "Throwaway server for load tests, recreated every week",
    expires: "2027-03-31",
  });
  Aspects.of(app).add(new RequireLtrBackups({ minimum: { latestMaxAge: "P8D" } }));
  return app;
}

function stackFile(app: SynthesizedApp, file: string): string {
  return readFileSync(join(app.outDir, "stacks", "data-platform", file), "utf8");
}

/**
 * A result as both checks must agree on it: without the x-ms-request-id the emulator gives each answer
 * and without how long each check took.
 */
function comparable<T>(value: T): T {
  const varying = new Set(["requestId", "durationMs"]);
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (varying.has(key) ? null : v))) as T;
}

/** The files of every `declaredAt` in a document. */
function declaredIn(value: unknown): string[] {
  const files = new Set<string>();
  JSON.stringify(value, (key, v: unknown) => {
    if (key === "declaredAt") files.add((v as { file: string }).file);
    return v;
  });
  return [...files];
}

interface Synthesized {
  readonly cdkTfJson: {
    "//": { metadata: { version: string } };
    resource: Record<string, Record<string, unknown>>;
  };
}

let cdktnApp: SynthesizedApp;
let cdktfApp: SynthesizedApp;
let emulator: RunningEmulator;
let cdktnResult: CheckResult;
let cdktfResult: CheckResult;

beforeAll(async () => {
  cdktnApp = synthesizeApp((outdir) => buildDataPlatform(CDKTN, outdir));
  cdktfApp = synthesizeApp((outdir) => buildDataPlatform(CDKTF, outdir));
  emulator = await startEmulator({ state: join(__dirname, "../../examples/basic/emulator-state.json") });
  const check = (app: SynthesizedApp) =>
    checkLtrBackups({
      outDir: app.outDir,
      endpoint: emulator.url,
      caCertificates: emulator.caCertificate,
      now: NOW,
      env: { PG_LTR_ACCESS_TOKEN: "demo-emulator-token" },
    });
  cdktnResult = await check(cdktnApp);
  cdktfResult = await check(cdktfApp);
});

afterAll(async () => {
  await emulator?.close();
  cdktnApp?.remove();
  cdktfApp?.remove();
});

describe("the same app under cdktn 0.24 and cdktf 0.21", () => {
  const synthesized = (app: SynthesizedApp): Synthesized["cdkTfJson"] =>
    JSON.parse(stackFile(app, "cdk.tf.json")) as Synthesized["cdkTfJson"];

  it("is synthesized by each framework, with the same resources", () => {
    // The version each framework stamps: the cdktn output is cdktn's, not cdktf's renamed.
    expect(synthesized(cdktnApp)["//"].metadata.version).toBe("0.24.0");
    expect(synthesized(cdktfApp)["//"].metadata.version).toBe("0.21.0");
    expect(Object.keys(synthesized(cdktnApp).resource.azurerm_postgresql_flexible_server).sort()).toEqual([
      "analytics",
      "billing",
      "orders",
      "scratch",
    ]);
    expect(synthesized(cdktnApp).resource).toEqual(synthesized(cdktfApp).resource);
  });

  it("writes the same expectations document, byte for byte", () => {
    const cdktnText = stackFile(cdktnApp, EXPECTATIONS_FILE_NAME);
    expect(cdktnText).toBe(stackFile(cdktfApp, EXPECTATIONS_FILE_NAME));
    // Nothing in it names the framework (generatedBy is this library), and source locations work under
    // both: they name the app's own code.
    const document = JSON.parse(cdktnText) as { generatedBy: string };
    expect(document.generatedBy).toMatch(/^cdktf-pg-ltr \d+\.\d+\.\d+/);
    expect(declaredIn(document)).toEqual(["test/e2e/cdktn-app.test.ts"]);
  });

  it("gets the demo's verdicts and the same plan from the emulator", () => {
    expect(cdktnResult.summary).toEqual({
      compliant: 3,
      missing: 1,
      stale: 1,
      failed: 1,
      invalid: 2,
      unknown: 1,
      running: 1,
      pending: 0,
      error: 0,
    });
    expect(exitCodeFor(cdktnResult)).toBe(2);
    expect(exitCodeFor(cdktfResult)).toBe(2);
    expect(comparable(cdktnResult.findings)).toEqual(comparable(cdktfResult.findings));
    const plan = renderPlan(comparable(cdktnResult), "text");
    expect(plan).toBe(renderPlan(comparable(cdktfResult), "text"));
    // Both name the line of this file that declared the policy, whichever framework ran it.
    const policyLine =
      readFileSync(__filename, "utf8")
        .split("\n")
        .findIndex((line) => line.includes("new LtrBackupPolicy(app")) + 1;
    expect(plan).toContain(`# declared at test/e2e/cdktn-app.test.ts:${policyLine} (prod-ltr)`);
    expect(renderPlan(comparable(cdktnResult), "json")).toBe(renderPlan(comparable(cdktfResult), "json"));
  });
});
