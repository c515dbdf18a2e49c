import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Aspects, type App, type TerraformStack } from "cdktf";
import { DataProtectionBackupInstancePostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/data-protection-backup-instance-postgresql-flexible-server";
import { DataProtectionBackupPolicyPostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/data-protection-backup-policy-postgresql-flexible-server";
import { DataProtectionBackupVault } from "@cdktf/provider-azurerm/lib/data-protection-backup-vault";
import type { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { PostgresLtrBackups, RequireLtrBackups } from "cdktf-pg-ltr";
import { flexibleServer, newStack } from "./fixtures";

/**
 * What a user reads when synthesis stops or warns: cdktf prints every validation error and annotation
 * as `[<construct path>] <message>` (and the cdktf CLI prints warnings from manifest.json the same way),
 * so the messages themselves must not name the path again.
 */

/** The message of the error app.synth() throws, or "" when it synthesizes. */
function synthError(app: App): string {
  try {
    app.synth();
  } catch (error) {
    return (error as Error).message;
  }
  return "";
}

/** A vault whose policy, with this interval, protects the server: what an app declares for Azure Backup. */
function protect(stack: TerraformStack, server: PostgresqlFlexibleServer, interval: string): void {
  const vault = new DataProtectionBackupVault(stack, "vault", {
    name: "bv-data-prod",
    resourceGroupName: "rg-data-prod",
    location: "westeurope",
    datastoreType: "VaultStore",
    redundancy: "LocallyRedundant",
  });
  const policy = new DataProtectionBackupPolicyPostgresqlFlexibleServer(stack, "weekly", {
    name: "pg-weekly",
    vaultId: vault.id,
    backupRepeatingTimeIntervals: [interval],
    timeZone: "UTC",
    defaultRetentionRule: { lifeCycle: [{ dataStoreType: "VaultStore", duration: "P12M" }] },
  });
  new DataProtectionBackupInstancePostgresqlFlexibleServer(stack, "payments-protection", {
    name: "payments-protection",
    location: "westeurope",
    vaultId: vault.id,
    serverId: server.id,
    backupPolicyId: policy.id,
  });
}

/** The lines of `message` that name `path`: exactly `lines`, and the path only once in all of it. */
function expectNamedOnce(message: string, path: string, lines: string[]): void {
  expect(message.split("\n").filter((line) => line.includes(path))).toEqual(lines);
  expect(message.split(path).length - 1).toBe(1);
}

describe("synthesis messages name the construct path once", () => {
  it("in a validation error of a PostgresLtrBackups", () => {
    // GIVEN
    const { app, stack } = newStack(undefined, "data-prod");
    new PostgresLtrBackups(stack, "payments-ltr", {
      server: { resourceGroupName: "rg-data-prod", serverName: "payments-db" },
      latest: { maxAge: "8 days" },
    });
    // WHEN
    const message = synthError(app);
    // THEN
    expectNamedOnce(message, "data-prod/payments-ltr", [
      '  [data-prod/payments-ltr] latest.maxAge "8 days" must be an ISO 8601 duration such as P7D, PT6H or P1M',
    ]);
  });

  it("in an error annotation of RequireLtrBackups", () => {
    // GIVEN
    const { app, stack } = newStack(undefined, "data-prod");
    flexibleServer(stack, "payments", "payments-db");
    Aspects.of(stack).add(new RequireLtrBackups());
    // WHEN
    const message = synthError(app);
    // THEN
    expectNamedOnce(message, "data-prod/payments", [
      "[data-prod/payments] azurerm_postgresql_flexible_server.payments has no PostgresLtrBackups: declare the " +
        "LTR backups it must have with new PostgresLtrBackups(scope, id, { server, ... }) or exempt it with " +
        "RequireLtrBackups.exempt(server, { reason, expires })",
    ]);
  });

  it("in an error of fromAzureBackup about the policy it follows", () => {
    // GIVEN a policy that runs more often than the default grace of PT6H
    const { app, stack } = newStack(undefined, "data-prod");
    protect(stack, flexibleServer(stack, "payments", "payments-db"), "R/2026-01-04T02:00:00Z/PT4H");
    PostgresLtrBackups.fromAzureBackup(stack);
    // WHEN
    const message = synthError(app);
    // THEN
    expectNamedOnce(message, "data-prod/pg-ltr-azure-backup", [
      "  [data-prod] [data-prod/pg-ltr-azure-backup] backup policy data-prod/weekly: backupRepeatingTimeIntervals[0] " +
        '"R/2026-01-04T02:00:00Z/PT4H" repeats every PT4H, but the grace "PT6H" is not shorter; pass fromAzureBackup ' +
        "a grace shorter than every interval, so that each run's window ends before the next run",
    ]);
  });

  it("in a warning, as manifest.json hands it to the cdktf CLI", () => {
    // GIVEN a weekly Azure Backup policy, and a latest.maxAge of one day declared by hand
    const { app, stack } = newStack(undefined, "data-prod");
    const server = flexibleServer(stack, "payments", "payments-db");
    protect(stack, server, "R/2026-01-04T02:00:00+00:00/P1W");
    PostgresLtrBackups.fromAzureBackup(stack);
    new PostgresLtrBackups(stack, "payments-ltr", { server, latest: { maxAge: "P1D" } });
    // WHEN
    app.synth();
    // THEN
    const manifest = JSON.parse(readFileSync(join(app.outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, { annotations: { constructPath: string; level: string; message: string }[] }>;
    };
    const warnings = manifest.stacks["data-prod"]!.annotations.map(({ constructPath, level, message }) => ({
      constructPath,
      level,
      message,
    }));
    expect(warnings).toEqual([
      {
        constructPath: "data-prod/payments-ltr",
        level: "@cdktf/warn",
        message:
          'latest.maxAge "P1D" asks for more than the Azure Backup policy data-prod/weekly ' +
          "(azurerm_data_protection_backup_policy_postgresql_flexible_server.weekly) can deliver: its runs " +
          "(R/2026-01-04T02:00:00+00:00/P1W) are up to P7D apart, so the newest backup is older than P1D before " +
          "each next run even when every run succeeds; lengthen latest.maxAge to at least P7D, or leave latest " +
          "out to get the P7DT6H that data-prod/pg-ltr-azure-backup derives from the policy",
      },
    ]);
  });
});
