/**
 * Child process of the benchmark: a cdktf app with N `azurerm_postgresql_flexible_server` resources
 * (deep import), with or without one `PostgresLtrBackups` per server, synthesized once. Prints a JSON
 * report as its last line. Without the construct the library is never loaded, as in an app that does
 * not use it.
 *
 * Usage: node dist/bench/synth-runner.js '<SynthRunnerRequest as JSON>'
 */
import { performance } from "node:perf_hooks";

export interface SynthRunnerRequest {
  readonly servers: number;
  readonly withLtr: boolean;
  readonly outDir: string;
}

export interface SynthRunnerReport {
  /** Loading cdktf, the provider classes and (with the construct) this library. */
  readonly importMs: number;
  /** Building the construct tree. */
  readonly constructMs: number;
  /** `app.synth()`: validation, expectations documents, cdk.tf.json. */
  readonly synthMs: number;
  readonly maxRssKiB: number;
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? "") as SynthRunnerRequest;
  const t0 = performance.now();
  const { App, TerraformStack } = await import("cdktf");
  const { AzurermProvider } = await import("@cdktf/provider-azurerm/lib/provider");
  const { PostgresqlFlexibleServer } = await import("@cdktf/provider-azurerm/lib/postgresql-flexible-server");
  const library = request.withLtr ? await import("../lib") : undefined;
  const t1 = performance.now();

  const app = new App({ outdir: request.outDir });
  const stack = new TerraformStack(app, "platform");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  for (let i = 0; i < request.servers; i++) {
    const name = `pg-${String(i).padStart(5, "0")}`;
    const server = new PostgresqlFlexibleServer(stack, name, {
      name,
      resourceGroupName: `rg-platform-${String(i % 10).padStart(2, "0")}`,
      location: "westeurope",
      version: "16",
      skuName: "GP_Standard_D2ds_v5",
      storageMb: 65536,
      backupRetentionDays: 35,
      administratorLogin: "platformadmin",
      administratorPassword: "not-a-real-password-1!",
      zone: "1",
    });
    if (library) {
      new library.PostgresLtrBackups(stack, `${name}-ltr`, {
        server,
        backups: [
          { name: "monthly-2026-11", maxAge: "P40D" },
          { name: "monthly-2026-10" },
          { name: "pre-upgrade-2026-09" },
        ],
        latest: { maxAge: "P8D" },
      });
    }
  }
  const t2 = performance.now();
  app.synth();
  const t3 = performance.now();

  const report: SynthRunnerReport = {
    importMs: t1 - t0,
    constructMs: t2 - t1,
    synthMs: t3 - t2,
    maxRssKiB: process.resourceUsage().maxRSS,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`synth-runner: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
