import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  EXPECTATIONS_DOCUMENT_VERSION,
  EXPECTATIONS_FILE_NAME,
  ExpectationsDocument,
  ServerExpectations,
} from "../../lib/expectations/document";
import { createAjv } from "../../lib/schema-validation/create-ajv";
import { Fleet, FleetServer } from "./fleet";
import { repositoryRoot } from "../measure/locations";

/**
 * Writes the synthesis output a cdktf app declaring this fleet would produce: `manifest.json` plus one
 * expectations document per stack. Writing it directly keeps a 10,000-server benchmark from spending
 * minutes in cdktf; every document is validated against `lib/schema/expectations.schema.json` first, so
 * the checker reads exactly what synthesis is allowed to write.
 */
export function writeCdktfOut(fleet: Fleet, outDir: string): void {
  const documents = expectationsDocuments(fleet);
  const validate = createAjv().compile<ExpectationsDocument>(
    JSON.parse(readFileSync(join(repositoryRoot(), "lib/schema/expectations.schema.json"), "utf8")),
  );
  for (const document of documents) {
    const { stack } = document;
    if (!validate(document)) {
      const first = validate.errors?.[0];
      throw new Error(
        `the generated expectations document of stack "${stack}" breaks lib/schema/expectations.schema.json ` +
          `at "${first?.instancePath ?? ""}": ${first?.message ?? "unknown error"}`,
      );
    }
  }

  rmSync(outDir, { recursive: true, force: true });
  const stacks: Record<string, unknown> = {};
  for (const document of documents) {
    const workingDirectory = `stacks/${document.stack}`;
    mkdirSync(join(outDir, workingDirectory), { recursive: true });
    writeFileSync(join(outDir, workingDirectory, EXPECTATIONS_FILE_NAME), JSON.stringify(document, null, 2));
    stacks[document.stack] = {
      name: document.stack,
      constructPath: document.stack,
      synthesizedStackPath: `${workingDirectory}/cdk.tf.json`,
      workingDirectory,
      annotations: [],
      dependencies: [],
    };
  }
  writeFileSync(join(outDir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks }, null, 2));
}

/** One expectations document per stack, as synthesis writes them. */
export function expectationsDocuments(fleet: Fleet): ExpectationsDocument[] {
  const byStack = new Map<string, ServerExpectations[]>(fleet.stacks.map((stack) => [stack, []]));
  for (const server of fleet.servers) {
    byStack.get(server.stack)?.push(serverExpectations(server));
  }
  return [...byStack].map(([stack, servers]) => ({
    version: EXPECTATIONS_DOCUMENT_VERSION,
    stack,
    generatedBy: "cdktf-pg-ltr bench",
    servers,
  }));
}

function serverExpectations(server: FleetServer): ServerExpectations {
  const constructPath = `${server.stack}/${server.serverName}-ltr`;
  return {
    constructPaths: [constructPath],
    address: `azurerm_postgresql_flexible_server.${server.serverName.replace(/-/g, "_")}`,
    subscriptionId: server.subscriptionId,
    resourceGroupName: server.resourceGroupName,
    serverName: server.serverName,
    backups: server.named.map((backup) => ({ name: backup.name, maxAge: backup.maxAge, constructPath })),
    latest: server.latestMaxAge === null ? null : { maxAge: server.latestMaxAge, constructPath },
    series: [],
  };
}
