import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import type { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { EXPECTATIONS_FILE_NAME, ExpectationsDocument } from "cdktf-pg-ltr";
import { CDKTF, FrameworkFixture } from "../support/frameworks";

export const SUBSCRIPTION = "3f2b8c1e-6d4a-4b7e-9c2d-8a1f5e7b9c30";
export const OTHER_SUBSCRIPTION = "0b6f1d2c-9a8e-4f7d-b6c5-1e2d3c4b5a69";

const outdirs: string[] = [];

afterEach(() => {
  for (const outdir of outdirs.splice(0)) rmSync(outdir, { recursive: true, force: true });
});

/** The fixtures below, with the classes of one framework. */
export function fixturesFor(framework: FrameworkFixture) {
  /** An app writing to a fresh temporary folder, removed after each test. */
  function newApp(): App {
    const outdir = mkdtempSync(join(tmpdir(), "pg-ltr-construct-"));
    outdirs.push(outdir);
    return new framework.cdk.App({ outdir });
  }

  /** A stack in a new app, with an AzurermProvider unless `subscriptionId` is null. */
  function newStack(
    subscriptionId: string | null | undefined = SUBSCRIPTION,
    name = "data-platform",
  ): { app: App; stack: TerraformStack } {
    const app = newApp();
    const stack = new framework.cdk.TerraformStack(app, name);
    if (subscriptionId !== null)
      new framework.AzurermProvider(stack, "azurerm", { features: [{}], subscriptionId });
    return { app, stack };
  }

  function flexibleServer(
    stack: Construct,
    id: string,
    name = `${id}-db`,
    resourceGroupName = "rg-data-prod",
  ): PostgresqlFlexibleServer {
    return new framework.PostgresqlFlexibleServer(stack, id, {
      name,
      resourceGroupName,
      location: "westeurope",
    });
  }
  return { newApp, newStack, flexibleServer };
}

/** The cdktf fixtures, for tests not yet run against both frameworks. */
export const { newApp, newStack, flexibleServer } = fixturesFor(CDKTF);

interface Manifest {
  stacks: Record<string, { workingDirectory: string; synthesizedStackPath: string }>;
}

/** Synthesizes the app and returns its output folder and manifest. */
export function synth(app: App): { outdir: string; manifest: Manifest } {
  app.synth();
  return {
    outdir: app.outdir,
    manifest: JSON.parse(readFileSync(join(app.outdir, "manifest.json"), "utf8")),
  };
}

/** The raw expectations document of a stack, found the way the checker finds it: from manifest.json. */
export function documentText(app: App, stack: string): string {
  const { outdir, manifest } = synth(app);
  return readFileSync(join(outdir, manifest.stacks[stack].workingDirectory, EXPECTATIONS_FILE_NAME), "utf8");
}

export function synthDocument(app: App, stack = "data-platform"): ExpectationsDocument {
  return JSON.parse(documentText(app, stack)) as ExpectationsDocument;
}
