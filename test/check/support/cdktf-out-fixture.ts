import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  EXPECTATIONS_FILE_NAME,
  ExpectationsDocument,
  SeriesExpectation,
  ServerExpectations,
} from "../../../lib/expectations/document";
import { SUBSCRIPTION } from "./fake-arm";

/** A fresh temporary folder for one test. */
export function temporaryFolder(): string {
  return mkdtempSync(join(tmpdir(), "pg-ltr-check-"));
}

export interface FixtureStack {
  readonly name: string;
  /** The expectations document; a string is written as is (for broken JSON); undefined writes none. */
  readonly document?: unknown;
}

/** Writes `<folder>/cdktf.out` the way cdktf synth does and returns its path. */
export function writeCdktfOut(folder: string, stacks: readonly FixtureStack[], manifest?: unknown): string {
  const outDir = join(folder, "cdktf.out");
  mkdirSync(outDir, { recursive: true });
  const entries: Record<string, unknown> = {};
  for (const stack of stacks) {
    const workingDirectory = `stacks/${stack.name}`;
    mkdirSync(join(outDir, workingDirectory), { recursive: true });
    entries[stack.name] = {
      name: stack.name,
      constructPath: stack.name,
      synthesizedStackPath: `${workingDirectory}/cdk.tf.json`,
      workingDirectory,
      annotations: [],
      dependencies: [],
    };
    if (stack.document !== undefined) {
      const text =
        typeof stack.document === "string" ? stack.document : JSON.stringify(stack.document, null, 2);
      writeFileSync(join(outDir, workingDirectory, EXPECTATIONS_FILE_NAME), text);
    }
  }
  const manifestText =
    manifest === undefined
      ? JSON.stringify({ version: "0.21.0", stacks: entries }, null, 2)
      : typeof manifest === "string"
        ? manifest
        : JSON.stringify(manifest);
  writeFileSync(join(outDir, "manifest.json"), manifestText);
  return outDir;
}

export function serverExpectations(overrides: Partial<ServerExpectations> = {}): ServerExpectations {
  return {
    constructPaths: ["app/orders-ltr"],
    address: "azurerm_postgresql_flexible_server.orders",
    subscriptionId: SUBSCRIPTION,
    resourceGroupName: "rg-data",
    serverName: "pg-orders",
    backups: [],
    latest: null,
    series: [],
    ...overrides,
  };
}

/**
 * A weekly series as synthesis writes it (Sundays 02:00 UTC, the last 4, 6 hours' grace), for tests
 * where its dates do not matter; tests that assert occurrence dates spell theirs out.
 */
export function weeklySeries(overrides: Partial<SeriesExpectation> = {}): SeriesExpectation {
  return {
    name: "weekly-{yyyy}-{MM}-{dd}",
    every: "P7D",
    anchor: "2026-01-04T02:00:00Z",
    keep: 4,
    grace: "PT6H",
    constructPath: "app/orders-ltr",
    ...overrides,
  };
}

export function expectationsDocument(stack: string, servers: ServerExpectations[]): ExpectationsDocument {
  return { version: 1, stack, generatedBy: "cdktf-pg-ltr 0.1.0", servers };
}
