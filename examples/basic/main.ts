/**
 * A platform team's data stack, written the way cdktf apps are: servers name their resource group by
 * reference, a policy gives every production server its `latest` freshness, each server declares what
 * is its own (named backups, a weekly series from a preset), one server is protected by an Azure Backup
 * vault policy whose runs are checked by time, and one scratch server is exempt until a date.
 * `npm run example:synth` writes cdktf.out/stacks/data-platform/pg-ltr.expectations.json next to
 * cdk.tf.json; `pg-ltr check` reads it.
 */
import { App, Aspects, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { DataProtectionBackupVault } from "@cdktf/provider-azurerm/lib/data-protection-backup-vault";
import { DataProtectionBackupPolicyPostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/data-protection-backup-policy-postgresql-flexible-server";
import { DataProtectionBackupInstancePostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/data-protection-backup-instance-postgresql-flexible-server";
import { LtrBackupPolicy, LtrSeries, PostgresLtrBackups, RequireLtrBackups } from "cdktf-pg-ltr";

const RESOURCE_GROUP = "rg-data-prod";
const LOCATION = "westeurope";

/** Builds the example app; `outdir` defaults to cdktf.out in the working directory (or CDKTF_OUTDIR). */
export function buildApp(outdir?: string): App {
  const app = new App(outdir === undefined ? {} : { outdir });
  const stack = new TerraformStack(app, "data-platform");

  new AzurermProvider(stack, "azurerm", {
    features: [{}],
    subscriptionId: "3f2b8c1e-6d4a-4b7e-9c2d-8a1f5e7b9c30",
  });
  const rg = new ResourceGroup(stack, "rg", { name: RESOURCE_GROUP, location: LOCATION });

  // resourceGroupName is a reference, as in any cdktf app: synthesis resolves it to "rg-data-prod"
  // (and records the expression ${azurerm_resource_group.rg.name}), and Terraform orders the resources.
  const server = (id: string, name: string): PostgresqlFlexibleServer =>
    new PostgresqlFlexibleServer(stack, id, {
      name,
      resourceGroupName: rg.name,
      location: rg.location,
      version: "16",
      skuName: "GP_Standard_D2ds_v5",
      storageMb: 65536,
      authentication: { activeDirectoryAuthEnabled: true, passwordAuthEnabled: false },
      tags: { env: "prod" },
    });

  // Every production server: the newest LTR backup at most 8 days old. Servers add their own below.
  new LtrBackupPolicy(app, "prod-ltr", { select: { tags: { env: "prod" } }, latest: { maxAge: "P8D" } });

  new PostgresLtrBackups(stack, "orders-ltr", {
    server: server("orders", "orders-db"),
    backups: [{ name: "pre-upgrade-2026-11", maxAge: "P400D" }, { name: "quarter-end-2026-q3" }],
  });

  new PostgresLtrBackups(stack, "billing-ltr", {
    server: server("billing", "billing-db"),
    // { name: "weekly-{yyyy}-{MM}-{dd}", every: "P7D", anchor: "2001-01-07T02:00:00Z", keep: 4, grace: "PT6H" }
    series: [LtrSeries.weekly({ day: "sunday", at: "02:00", keep: 4 })],
  });

  new PostgresLtrBackups(stack, "analytics-ltr", {
    server: server("analytics", "analytics-db"),
    backups: [{ name: "migration-baseline", maxAge: "P30D" }],
  });

  // reports-db is protected the way Azure runs LTR backups since May 2025: a backup vault's policy
  // schedules them (Sundays 02:00 Berlin time), under names the Backup service picks. One line below
  // turns that protection into expectations: the policy's last 4 runs, matched by time, and `latest`.
  const vault = new DataProtectionBackupVault(stack, "vault", {
    name: "bv-data-prod",
    resourceGroupName: rg.name,
    location: rg.location,
    datastoreType: "VaultStore",
    redundancy: "LocallyRedundant",
    identity: { type: "SystemAssigned" },
  });
  const weekly = new DataProtectionBackupPolicyPostgresqlFlexibleServer(stack, "weekly", {
    name: "weekly-policy",
    vaultId: vault.id,
    backupRepeatingTimeIntervals: ["R/2026-01-04T02:00:00/P1W"],
    timeZone: "W. Europe Standard Time",
    defaultRetentionRule: { lifeCycle: [{ dataStoreType: "VaultStore", duration: "P12M" }] },
  });
  new DataProtectionBackupInstancePostgresqlFlexibleServer(stack, "reports-protection", {
    name: "reports-protection",
    location: rg.location,
    vaultId: vault.id,
    serverId: server("reports", "reports-db").id,
    backupPolicyId: weekly.id,
  });
  PostgresLtrBackups.fromAzureBackup(stack);

  RequireLtrBackups.exempt(server("scratch", "scratch-db"), {
    reason: "Throwaway server for load tests, recreated every week",
    expires: "2027-03-31",
  });

  // Every flexible server in the app must declare its LTR backups, with the newest at most 8 days old.
  Aspects.of(app).add(new RequireLtrBackups({ minimum: { latestMaxAge: "P8D" } }));
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
