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
import { buildApp } from "../../examples/basic/main";
import { CDKTN, type FrameworkFixture } from "../support/frameworks";
import { synthesizeApp, type SynthesizedApp } from "./support/synthesize";

/**
 * A cdktn 0.24 app with `@cdktn/provider-azurerm` resources and the constructs of `cdktf-pg-ltr/cdktn`,
 * written as examples/basic is written for cdktf (a resource group by reference, a policy on the App, a
 * preset, an exemption, RequireLtrBackups on the App), synthesized and checked against the emulator. It
 * must give what the cdktf example gives: the same expectations document and the same plan.
 */

const NOW = "2026-11-27T12:00:00Z";

/** examples/basic/main.ts with the classes of `framework`. */
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
 * A document or result as both apps must agree on it: without where each app's code made a declaration
 * (`declaredAt`: examples/basic/main.ts for one, this file for the other) and without the
 * x-ms-request-id the emulator gives each answer afresh.
 */
function comparable<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) =>
      key === "declaredAt" ? undefined : key === "requestId" ? null : v,
    ),
  ) as T;
}

/** The files of every `declaredAt` in a document or result. */
function declaredIn(value: unknown): string[] {
  const files = new Set<string>();
  JSON.stringify(value, (key, v: unknown) => {
    if (key === "declaredAt") files.add((v as { file: string }).file);
    return v;
  });
  return [...files];
}

let cdktnApp: SynthesizedApp;
let cdktfApp: SynthesizedApp;
let emulator: RunningEmulator;
let cdktnResult: CheckResult;
let cdktfResult: CheckResult;

beforeAll(async () => {
  cdktnApp = synthesizeApp((outdir) => buildDataPlatform(CDKTN, outdir));
  cdktfApp = synthesizeApp(buildApp);
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

describe("a cdktn app checked end to end", () => {
  it("is synthesized by cdktn with @cdktn/provider-azurerm resources", () => {
    const synthesized = JSON.parse(stackFile(cdktnApp, "cdk.tf.json")) as {
      "//": { metadata: { version: string } };
      resource: Record<string, Record<string, unknown>>;
    };
    // The version cdktn stamps (cdktf's would be 0.21.0): this is cdktn's output, not cdktf's renamed.
    expect(synthesized["//"].metadata.version).toBe("0.24.0");
    expect(Object.keys(synthesized.resource.azurerm_postgresql_flexible_server).sort()).toEqual([
      "analytics",
      "billing",
      "orders",
      "scratch",
    ]);
  });

  it("writes the same expectations document as the cdktf example", () => {
    const cdktnDocument: unknown = JSON.parse(stackFile(cdktnApp, EXPECTATIONS_FILE_NAME));
    expect(comparable(cdktnDocument)).toEqual(
      comparable(JSON.parse(stackFile(cdktfApp, EXPECTATIONS_FILE_NAME))),
    );
    // Source locations work under cdktn too: they name the cdktn app's own code.
    expect(declaredIn(cdktnDocument)).toEqual(["test/e2e/cdktn-app.test.ts"]);
  });

  it("gets the demo's verdicts and the same plan as the cdktf example", () => {
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
    expect(comparable(cdktnResult.findings)).toEqual(comparable(cdktfResult.findings));
    const plan = renderPlan(comparable(cdktnResult), "text");
    expect(plan).toBe(renderPlan(comparable(cdktfResult), "text"));
    expect(plan).toContain("declared at prod-ltr (azurerm_postgresql_flexible_server.analytics)");
  });
});
