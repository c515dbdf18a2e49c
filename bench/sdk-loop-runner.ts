/**
 * Child process of the benchmark: what a user would write without this project. A plain loop over the
 * official `@azure/arm-postgresql-flexible` client, one `backupsLongTermRetention.get` per named
 * backup, one at a time, judging only "exists and Succeeded". Prints a JSON report as its last line.
 *
 * Usage: node dist/bench/sdk-loop-runner.js <path of an SdkLoopRequest JSON file>
 * The emulator's CA comes from NODE_EXTRA_CA_CERTS and the token from PG_LTR_ACCESS_TOKEN.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { PostgreSQLManagementFlexibleServerClient } from "@azure/arm-postgresql-flexible";

export interface SdkLoopRequest {
  readonly endpoint: string;
  readonly subscriptionId: string;
  readonly servers: readonly { resourceGroupName: string; serverName: string; backups: string[] }[];
}

export interface SdkLoopReport {
  readonly durationMs: number;
  /** Named backups looked up, i.e. expectations this loop checks. */
  readonly expectations: number;
  readonly succeeded: number;
  readonly notSucceeded: number;
  readonly missing: number;
  readonly errors: number;
}

/** A fixed bearer token, as a pipeline would pass one in; the SDK only sends it over HTTPS. */
function staticToken(token: string): TokenCredential {
  return {
    getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
}

async function main(): Promise<void> {
  const request = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8")) as SdkLoopRequest;
  const token = process.env.PG_LTR_ACCESS_TOKEN;
  if (!token) throw new Error("set PG_LTR_ACCESS_TOKEN to the emulator's access token");
  const client = new PostgreSQLManagementFlexibleServerClient(staticToken(token), request.subscriptionId, {
    endpoint: request.endpoint,
  });
  let expectations = 0;
  let succeeded = 0;
  let notSucceeded = 0;
  let missing = 0;
  let errors = 0;
  const started = performance.now();
  for (const server of request.servers) {
    for (const backup of server.backups) {
      expectations++;
      try {
        const operation = await client.backupsLongTermRetention.get(
          server.resourceGroupName,
          server.serverName,
          backup,
        );
        if (operation.status === "Succeeded") succeeded++;
        else notSucceeded++;
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) missing++;
        else errors++;
      }
    }
  }
  const report: SdkLoopReport = {
    durationMs: performance.now() - started,
    expectations,
    succeeded,
    notSucceeded,
    missing,
    errors,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`sdk-loop-runner: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
