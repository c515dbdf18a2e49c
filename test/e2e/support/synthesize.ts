import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";

/** A synthesized app: the project folder, its cdktf.out inside it, and how to remove both. */
export interface SynthesizedApp {
  /** Where `cdktf synth` ran; `pg-ltr check` run here finds cdktf.out by default. */
  readonly folder: string;
  readonly outDir: string;
  remove(): void;
}

/**
 * Synthesizes an app into a fresh temporary cdktf.out exactly as `cdktf synth` runs it (`app.synth()`):
 * aspects, validations and the library's custom synthesis all run, so the check reads what a user's
 * pipeline would read.
 */
export function synthesize(define: (app: App) => void): SynthesizedApp {
  return synthesizeApp((outdir) => {
    const app = new App({ outdir });
    define(app);
    return app;
  });
}

/** Synthesizes an app built elsewhere (such as an example's `buildApp(outdir)`) into a temporary folder. */
export function synthesizeApp(build: (outdir: string) => App): SynthesizedApp {
  const folder = mkdtempSync(join(tmpdir(), "pg-ltr-e2e-"));
  const outDir = join(folder, "cdktf.out");
  build(outDir).synth();
  return { folder, outDir, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/** A stack whose azurerm provider names the subscription literally, as most platform stacks do. */
export function azureStack(app: App, name: string, subscriptionId: string): TerraformStack {
  const stack = new TerraformStack(app, name);
  new AzurermProvider(stack, "azurerm", { features: [{}], subscriptionId });
  return stack;
}

/** A flexible server resource with literal name and resource group, so its coordinates are known at synth. */
export function flexibleServer(
  stack: TerraformStack,
  id: string,
  name: string,
  resourceGroupName: string,
): PostgresqlFlexibleServer {
  return new PostgresqlFlexibleServer(stack, id, {
    name,
    resourceGroupName,
    location: "westeurope",
    version: "16",
    skuName: "GP_Standard_D2ds_v5",
    storageMb: 65536,
  });
}
