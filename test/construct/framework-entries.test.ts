import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as cdktf from "cdktf";

/**
 * Each entry loads its own framework only: installing `cdktf-pg-ltr` for cdktn must work without cdktf
 * (an optional peer), and the other way round. An import of the other framework anywhere on an entry's
 * path (a type import that stayed a value import, a helper taken from the wrong adapter) would load it,
 * so each test starts from an empty module registry, synthesizes an app through one entry and lists the
 * modules that were loaded. Nothing is imported at the top of this file for that reason.
 */

const CDKTF_PACKAGE = /[\\/]node_modules[\\/](cdktf|@cdktf[\\/][^\\/]+)[\\/]/;
const CDKTN_PACKAGE = /[\\/]node_modules[\\/](cdktn|@cdktn[\\/][^\\/]+)[\\/]/;

/** The packages matching `pattern` that modules were loaded from since the registry was reset. */
function loaded(pattern: RegExp): string[] {
  const packages = Object.keys(require.cache).map((file) => pattern.exec(file)?.[1]?.replace("\\", "/"));
  return [...new Set(packages.filter((name) => name !== undefined))].sort();
}

let outdir: string;
beforeEach(() => {
  jest.resetModules();
  outdir = mkdtempSync(join(tmpdir(), "pg-ltr-entries-"));
});
afterEach(() => rmSync(outdir, { recursive: true, force: true }));

/** A one-server app through one framework and one entry of this library, synthesized into `outdir`. */
async function synthesize(modules: {
  cdk: Promise<unknown>;
  provider: Promise<unknown>;
  server: Promise<unknown>;
  lib: Promise<typeof import("cdktf-pg-ltr/cdktn")>;
}): Promise<void> {
  // cdktn's classes are cdktf's renamed; only the API both have is used.
  const { App, Aspects, TerraformStack } = (await modules.cdk) as typeof cdktf;
  const { AzurermProvider } =
    (await modules.provider) as typeof import("@cdktf/provider-azurerm/lib/provider");
  const { PostgresqlFlexibleServer } =
    (await modules.server) as typeof import("@cdktf/provider-azurerm/lib/postgresql-flexible-server");
  const { PostgresLtrBackups, RequireLtrBackups } = await modules.lib;
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "data-platform");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  const server = new PostgresqlFlexibleServer(stack, "orders", {
    name: "orders-db",
    resourceGroupName: "rg-data-prod",
    location: "westeurope",
  });
  new PostgresLtrBackups(stack, "orders-ltr", { server, latest: { maxAge: "P8D" } });
  Aspects.of(app).add(new RequireLtrBackups());
  app.synth();
}

const EXPECTATIONS = ["stacks", "data-platform", "pg-ltr.expectations.json"];

it("cdktf-pg-ltr/cdktn: a cdktn app synthesizes its expectations without one module of cdktf or @cdktf/*", async () => {
  await synthesize({
    cdk: import("cdktn"),
    provider: import("@cdktn/provider-azurerm/lib/provider"),
    server: import("@cdktn/provider-azurerm/lib/postgresql-flexible-server"),
    lib: import("cdktf-pg-ltr/cdktn"),
  });
  expect(existsSync(join(outdir, ...EXPECTATIONS))).toBe(true);
  // The listing sees what was loaded: cdktn and its provider are there.
  expect(loaded(CDKTN_PACKAGE)).toEqual(["@cdktn/provider-azurerm", "cdktn"]);
  expect(loaded(CDKTF_PACKAGE)).toEqual([]);
});

it("cdktf-pg-ltr (the root): a cdktf app synthesizes its expectations without one module of cdktn or @cdktn/*", async () => {
  await synthesize({
    cdk: import("cdktf"),
    provider: import("@cdktf/provider-azurerm/lib/provider"),
    server: import("@cdktf/provider-azurerm/lib/postgresql-flexible-server"),
    lib: import("cdktf-pg-ltr"),
  });
  expect(existsSync(join(outdir, ...EXPECTATIONS))).toBe(true);
  expect(loaded(CDKTF_PACKAGE)).toEqual(["@cdktf/provider-azurerm", "cdktf"]);
  expect(loaded(CDKTN_PACKAGE)).toEqual([]);
});
