import type { TerraformStack } from "cdktf";
import type { Construct, IConstruct } from "constructs";
import { DataProtectionBackupInstancePostgresqlFlexibleServer as CdktfInstance } from "@cdktf/provider-azurerm/lib/data-protection-backup-instance-postgresql-flexible-server";
import { DataProtectionBackupPolicyPostgresqlFlexibleServer as CdktfPolicy } from "@cdktf/provider-azurerm/lib/data-protection-backup-policy-postgresql-flexible-server";
import { DataProtectionBackupVault as CdktfVault } from "@cdktf/provider-azurerm/lib/data-protection-backup-vault";
import { DataProtectionBackupInstancePostgresqlFlexibleServer as CdktnInstance } from "@cdktn/provider-azurerm/lib/data-protection-backup-instance-postgresql-flexible-server";
import { DataProtectionBackupPolicyPostgresqlFlexibleServer as CdktnPolicy } from "@cdktn/provider-azurerm/lib/data-protection-backup-policy-postgresql-flexible-server";
import { DataProtectionBackupVault as CdktnVault } from "@cdktn/provider-azurerm/lib/data-protection-backup-vault";
import type { ExpectationsDocument } from "cdktf-pg-ltr";
import { readCdktfOut } from "../../lib/check/read-cdktf-out";
import { createAjv } from "../../lib/schema-validation/create-ajv";
import schema from "../../lib/schema/expectations.schema.json";
import { fixturesFor, synthDocument } from "./fixtures";
import { FRAMEWORKS } from "../support/frameworks";

/** The Azure Backup resources of each framework's provider build (deep imports). */
const VAULT_CLASSES = {
  cdktf: { Vault: CdktfVault, Policy: CdktfPolicy, Instance: CdktfInstance },
  cdktn: {
    Vault: CdktnVault as unknown as typeof CdktfVault,
    Policy: CdktnPolicy as unknown as typeof CdktfPolicy,
    Instance: CdktnInstance as unknown as typeof CdktfInstance,
  },
} as const;

const WEEKLY_BERLIN = "R/2026-01-04T02:00:00+01:00/P1W";

describe.each(FRAMEWORKS)("%s", (name, framework) => {
  const { Aspects, Testing } = framework.cdk;
  const { PostgresLtrBackups, RequireLtrBackups, LtrBackupPolicy, LtrLatest } = framework.lib;
  const { Vault, Policy, Instance } = VAULT_CLASSES[name as keyof typeof VAULT_CLASSES];
  const { flexibleServer, newStack } = fixturesFor(framework);

  /** A vault with a weekly policy (or the one given) protecting the server: what an app declares. */
  function protect(
    stack: Construct,
    server: { id: string; node: IConstruct["node"] },
    policy: { intervals?: string[]; timeZone?: string; id?: string } = {},
  ): { policy: CdktfPolicy; instance: CdktfInstance } {
    const vault =
      (stack.node.tryFindChild("vault") as CdktfVault | undefined) ??
      new Vault(stack, "vault", {
        name: "bv-data-prod",
        resourceGroupName: "rg-data-prod",
        location: "westeurope",
        datastoreType: "VaultStore",
        redundancy: "LocallyRedundant",
      });
    const id = policy.id ?? "weekly";
    const backupPolicy = new Policy(stack, id, {
      name: `pg-${id}`,
      vaultId: vault.id,
      backupRepeatingTimeIntervals: policy.intervals ?? [WEEKLY_BERLIN],
      ...(policy.timeZone === undefined
        ? { timeZone: "W. Europe Standard Time" }
        : { timeZone: policy.timeZone }),
      defaultRetentionRule: { lifeCycle: [{ dataStoreType: "VaultStore", duration: "P12M" }] },
    });
    const instance = new Instance(stack, `${server.node.id}-protection`, {
      name: `${server.node.id}-protection`,
      location: "westeurope",
      vaultId: vault.id,
      serverId: server.id,
      backupPolicyId: backupPolicy.id,
    });
    return { policy: backupPolicy, instance };
  }

  /** Error messages synth reports for the stack (cdktf prefixes each with the construct path). */
  function synthErrors(stack: TerraformStack): string {
    try {
      Testing.fullSynth(stack);
    } catch (error) {
      return (error as Error).message;
    }
    return "";
  }

  function warningsOn(stack: TerraformStack, node: IConstruct): string[] {
    Testing.synth(stack, true);
    return node.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
  }

  describe("PostgresLtrBackups.fromAzureBackup", () => {
    it("derives latest and the scheduled runs from the instance's policy, following both references", () => {
      // GIVEN
      const { app, stack } = newStack();
      const server = flexibleServer(stack, "orders");
      protect(stack, server);
      // WHEN
      PostgresLtrBackups.fromAzureBackup(stack);
      // THEN
      const document = synthDocument(app as never) as ExpectationsDocument;
      expect(document.minorVersion).toBe(3);
      expect(document.servers).toHaveLength(1);
      const [entry] = document.servers;
      expect(entry).toMatchObject({
        constructPaths: ["data-platform/pg-ltr-azure-backup"],
        address: "azurerm_postgresql_flexible_server.orders",
        serverName: "orders-db",
        resourceGroupName: "rg-data-prod",
        backups: [],
        series: [],
        latest: { maxAge: "P7DT6H", constructPath: "data-platform/pg-ltr-azure-backup" },
      });
      expect(entry.scheduled).toEqual([
        {
          policyAddress: "azurerm_data_protection_backup_policy_postgresql_flexible_server.weekly",
          policyName: "pg-weekly",
          instanceAddress:
            "azurerm_data_protection_backup_instance_postgresql_flexible_server.orders-protection",
          repeatingIntervals: [WEEKLY_BERLIN],
          timeZone: "W. Europe Standard Time",
          ianaTimeZone: "Europe/Berlin",
          runs: 4,
          grace: "PT6H",
          constructPath: "data-platform/pg-ltr-azure-backup",
          declaredAt: {
            file: "test/construct/azure-backup.test.ts",
            line: expect.any(Number),
            column: expect.any(Number),
          },
        },
      ]);
      expect(createAjv().compile(schema)(document)).toBe(true);
    });

    it("writes what pg-ltr check reads: the checker's reader accepts the synthesized document", () => {
      const { app, stack } = newStack();
      protect(stack, flexibleServer(stack, "orders"));
      PostgresLtrBackups.fromAzureBackup(stack);
      app.synth();
      const [read] = readCdktfOut({ outDir: app.outdir }).stacks;
      expect(read?.document.servers[0]?.scheduled?.[0]?.ianaTimeZone).toBe("Europe/Berlin");
    });

    it("takes grace and runs from its options, and works from the App over every stack", () => {
      const { app, stack } = newStack();
      protect(stack, flexibleServer(stack, "orders"), {
        intervals: ["R/2026-01-04T02:00:00Z/P1W", "R/2026-01-07T02:00:00Z/P1W"],
        timeZone: "Coordinated Universal Time",
      });
      PostgresLtrBackups.fromAzureBackup(app as never, { grace: "PT12H", runs: 8 });
      const [entry] = synthDocument(app as never).servers;
      expect(entry.latest).toEqual({
        maxAge: "P7DT12H",
        constructPath: "pg-ltr-azure-backup",
        declaredAt: expect.anything(),
      });
      expect(entry.scheduled?.[0]).toMatchObject({
        repeatingIntervals: ["R/2026-01-04T02:00:00Z/P1W", "R/2026-01-07T02:00:00Z/P1W"],
        timeZone: "Coordinated Universal Time",
        ianaTimeZone: "Etc/UTC",
        runs: 8,
        grace: "PT12H",
      });
    });

    it("computes in UTC when the policy names no time zone, for an instance created after the call", () => {
      const { app, stack } = newStack();
      PostgresLtrBackups.fromAzureBackup(stack);
      const server = flexibleServer(stack, "orders");
      const vault = new Vault(stack, "vault", {
        name: "bv",
        resourceGroupName: "rg-data-prod",
        location: "westeurope",
        datastoreType: "VaultStore",
        redundancy: "LocallyRedundant",
      });
      const policy = new Policy(stack, "daily", {
        name: "pg-daily",
        vaultId: vault.id,
        backupRepeatingTimeIntervals: ["R/2026-01-04T02:00:00Z/P1D"],
        defaultRetentionRule: { lifeCycle: [{ dataStoreType: "VaultStore", duration: "P12M" }] },
      });
      new Instance(stack, "protection", {
        name: "p",
        location: "westeurope",
        vaultId: vault.id,
        serverId: server.id,
        backupPolicyId: policy.id,
      });

      const [entry] = synthDocument(app as never).servers;
      expect(entry.latest?.maxAge).toBe("P1DT6H");
      expect(entry.scheduled?.[0]).toMatchObject({ timeZone: null, ianaTimeZone: "UTC" });
    });

    it("defers a server whose name only Terraform knows, with its scheduled runs", () => {
      const { app, stack } = newStack();
      const name = new framework.cdk.TerraformVariable(stack, "server_name", { type: "string" });
      protect(stack, flexibleServer(stack, "orders", name.stringValue));
      PostgresLtrBackups.fromAzureBackup(stack);
      const document = synthDocument(app as never);
      expect(document.servers).toEqual([]);
      expect(document.deferredServers?.[0]).toMatchObject({
        serverName: { template: "${azurerm_postgresql_flexible_server.orders.name}" },
        latest: { maxAge: "P7DT6H" },
        scheduled: [{ ianaTimeZone: "Europe/Berlin", runs: 4 }],
      });
      expect(createAjv().compile(schema)(document)).toBe(true);
    });

    it("writes no scheduled field for servers it does not protect, so their entries read as before", () => {
      const { app, stack } = newStack();
      new PostgresLtrBackups(stack, "billing-ltr", {
        server: flexibleServer(stack, "billing"),
        latest: { maxAge: "P8D" },
      });
      protect(stack, flexibleServer(stack, "orders"));
      PostgresLtrBackups.fromAzureBackup(stack);
      const servers = synthDocument(app as never).servers;
      expect(servers.map((s) => [s.serverName, "scheduled" in s])).toEqual([
        ["billing-db", false],
        ["orders-db", true],
      ]);
    });

    it.each([
      [
        "a date without time",
        { intervals: ["R/2026-01-04/P1W"] },
        'backup policy data-platform/weekly: backupRepeatingTimeIntervals[0] "R/2026-01-04/P1W" has the start ' +
          '"2026-01-04", which is a date without a time of day; Azure Backup needs the time the runs start, e.g. ' +
          "2026-01-04T02:00:00+00:00",
      ],
      [
        "a second interval it cannot read",
        { intervals: [WEEKLY_BERLIN, "every sunday"] },
        'backup policy data-platform/weekly: backupRepeatingTimeIntervals[1] "every sunday" must have three ' +
          'parts separated by "/": R/<start>/<period> or R<n>/<start>/<period>, e.g. R/2026-01-04T02:00:00+00:00/P1W',
      ],
      [
        "an unknown time zone",
        { timeZone: "W. Europe Standard Tim" },
        'backup policy data-platform/weekly: timeZone "W. Europe Standard Tim" is not a Windows time zone name ' +
          '(CLDR windowsZones), such as "W. Europe Standard Time" or "UTC"; did you mean "W. Europe Standard Time"?',
      ],
      [
        "an IANA zone where Azure wants a Windows name",
        { timeZone: "Europe/Berlin" },
        'backup policy data-platform/weekly: timeZone "Europe/Berlin" is not a Windows time zone name ' +
          '(CLDR windowsZones), such as "W. Europe Standard Time" or "UTC"',
      ],
      [
        "an interval no longer than the grace",
        { intervals: ["R/2026-01-04T02:00:00Z/PT4H"] },
        'backup policy data-platform/weekly: backupRepeatingTimeIntervals[0] "R/2026-01-04T02:00:00Z/PT4H" ' +
          'repeats every PT4H, but the grace "PT6H" is not shorter; pass ' +
          "fromAzureBackup a grace shorter than every interval, so that each run's window ends before the next run",
      ],
    ])(
      "fails synthesis for %s, naming the construct, the field, the value and the rule",
      (_case, policy, message) => {
        const { stack } = newStack();
        protect(stack, flexibleServer(stack, "orders"), policy);
        PostgresLtrBackups.fromAzureBackup(stack);
        expect(synthErrors(stack as never)).toContain(`[data-platform/pg-ltr-azure-backup] ${message}`);
      },
    );

    it("fails synthesis for a policy whose time zone or intervals are not known at synth", () => {
      const { stack } = newStack();
      const zone = new framework.cdk.TerraformVariable(stack, "zone", { type: "string" });
      const { policy } = protect(stack, flexibleServer(stack, "orders"), { timeZone: zone.stringValue });
      policy.backupRepeatingTimeIntervals = Array.from(
        { length: 101 },
        (_, i) => `R/2026-01-04T02:${String(i % 60).padStart(2, "0")}:00Z/P1W`,
      );
      PostgresLtrBackups.fromAzureBackup(stack);
      const errors = synthErrors(stack as never);
      expect(errors).toContain(
        "[data-platform/pg-ltr-azure-backup] backup policy data-platform/weekly: backupRepeatingTimeIntervals " +
          "lists 101 intervals, more than the 100 pg-ltr check reads; Azure Backup runs at most once a day, so list fewer",
      );
      expect(errors).toContain(
        "[data-platform/pg-ltr-azure-backup] backup policy data-platform/weekly: timeZone is not known at synth " +
          "time (it is a token); give a literal Windows time zone name",
      );
    });

    it("follows references across stacks: the server in one, its vault protection in another", () => {
      const app = newStack().app;
      const data = new framework.cdk.TerraformStack(app, "data");
      new framework.AzurermProvider(data, "azurerm", { features: [{}] });
      const backup = new framework.cdk.TerraformStack(app, "backup");
      new framework.AzurermProvider(backup, "azurerm", { features: [{}] });
      const server = flexibleServer(data, "orders");
      protect(backup, server);
      PostgresLtrBackups.fromAzureBackup(app as never);
      const [entry] = synthDocument(app as never, "data").servers;
      expect(entry.serverName).toBe("orders-db");
      expect(entry.scheduled?.[0]).toMatchObject({
        policyAddress: "azurerm_data_protection_backup_policy_postgresql_flexible_server.weekly",
        instanceAddress:
          "azurerm_data_protection_backup_instance_postgresql_flexible_server.orders-protection",
        ianaTimeZone: "Europe/Berlin",
      });
    });

    it("fails synthesis for an instance whose serverId is not a reference to a server of the app", () => {
      const { stack } = newStack();
      const server = flexibleServer(stack, "orders");
      const { instance } = protect(stack, server);
      const literal =
        "/subscriptions/x/resourceGroups/rg/providers/Microsoft.DBforPostgreSQL/flexibleServers/orders-db";
      instance.serverId = literal;
      PostgresLtrBackups.fromAzureBackup(stack);
      expect(synthErrors(stack as never)).toContain(
        "[data-platform/pg-ltr-azure-backup] backup instance data-platform/orders-protection: serverId cannot be " +
          `followed to a PostgresqlFlexibleServer of this app (it is the literal ${JSON.stringify(literal)}); pass ` +
          "the server's id (PostgresqlFlexibleServer.id) of this app",
      );
    });

    it("fails synthesis for an instance whose backupPolicyId refers to something else", () => {
      const { stack } = newStack();
      const server = flexibleServer(stack, "orders");
      const { instance } = protect(stack, server);
      instance.backupPolicyId = server.id;
      PostgresLtrBackups.fromAzureBackup(stack);
      expect(synthErrors(stack as never)).toContain(
        "[data-platform/pg-ltr-azure-backup] backup instance data-platform/orders-protection: backupPolicyId " +
          "refers to azurerm_postgresql_flexible_server.orders.id (data-platform/orders), not to the id of an " +
          "azurerm_data_protection_backup_policy_postgresql_flexible_server; pass the policy's id " +
          "(DataProtectionBackupPolicyPostgresqlFlexibleServer.id) of this app",
      );
    });

    it("refuses options it cannot use when called", () => {
      const { stack } = newStack();
      expect(() => PostgresLtrBackups.fromAzureBackup(stack, { grace: "6 hours" })).toThrow(
        'PostgresLtrBackups.fromAzureBackup(data-platform): grace "6 hours" must be an ISO 8601 duration such as P7D, PT6H or P1M',
      );
      expect(() => PostgresLtrBackups.fromAzureBackup(stack, { runs: 0 })).toThrow(
        "PostgresLtrBackups.fromAzureBackup(data-platform): runs 0 must be a whole number from 1 to 1000",
      );
      PostgresLtrBackups.fromAzureBackup(stack);
      expect(() => PostgresLtrBackups.fromAzureBackup(stack)).toThrow(
        "PostgresLtrBackups.fromAzureBackup was already called on data-platform; call it once per scope",
      );
    });

    it("refuses two calls whose scopes overlap on one instance", () => {
      const { app, stack } = newStack();
      protect(stack, flexibleServer(stack, "orders"));
      PostgresLtrBackups.fromAzureBackup(app as never);
      PostgresLtrBackups.fromAzureBackup(stack);
      expect(synthErrors(stack as never)).toContain(
        "[pg-ltr-azure-backup] backup instance data-platform/orders-protection is already read by " +
          "PostgresLtrBackups.fromAzureBackup at data-platform/pg-ltr-azure-backup; call fromAzureBackup on " +
          "scopes that do not overlap",
      );
    });

    it("reads stacks that repeat the same construct ids apart, one call per stack", () => {
      const app = newStack().app;
      for (const name of ["staging", "prod"]) {
        const stack = new framework.cdk.TerraformStack(app, name);
        new framework.AzurermProvider(stack, "azurerm", { features: [{}] });
        protect(stack, flexibleServer(stack, "orders", `orders-${name}`));
        PostgresLtrBackups.fromAzureBackup(stack);
      }
      for (const name of ["staging", "prod"]) {
        const [entry] = synthDocument(app as never, name).servers;
        expect([entry.serverName, entry.scheduled?.[0]?.constructPath]).toEqual([
          `orders-${name}`,
          `${name}/pg-ltr-azure-backup`,
        ]);
      }
    });

    it("fails synthesis, never silently, when called on the App before the stack that needs its document", () => {
      const app = fixturesFor(framework).newApp();
      PostgresLtrBackups.fromAzureBackup(app as never);
      const stack = new framework.cdk.TerraformStack(app, "late");
      new framework.AzurermProvider(stack, "azurerm", { features: [{}] });
      protect(stack, flexibleServer(stack, "orders"));
      expect(() => app.synth()).toThrow(
        "[pg-ltr-azure-backup] the expectations for late/orders were not written: its stack late was " +
          "synthesized before any of this library's constructs was in it; call " +
          "PostgresLtrBackups.fromAzureBackup after creating the app's stacks",
      );
    });

    it("skips an exempt server", () => {
      const { app, stack } = newStack();
      const orders = flexibleServer(stack, "orders");
      protect(stack, orders);
      new PostgresLtrBackups(stack, "billing-ltr", {
        server: flexibleServer(stack, "billing"),
        latest: { maxAge: "P8D" },
      });
      RequireLtrBackups.exempt(orders, { reason: "Decommissioned at the end of the month" });
      PostgresLtrBackups.fromAzureBackup(stack);
      expect(synthDocument(app as never).servers.map((s) => s.serverName)).toEqual(["billing-db"]);
    });
  });

  describe("with hand-written declarations", () => {
    it("keeps the server's own latest over the derived one, and adds the scheduled runs", () => {
      const { app, stack } = newStack();
      const server = flexibleServer(stack, "orders");
      protect(stack, server);
      new PostgresLtrBackups(stack, "orders-ltr", { server, latest: { maxAge: "P10D" } });
      PostgresLtrBackups.fromAzureBackup(stack);
      const [entry] = synthDocument(app as never).servers;
      expect(entry.constructPaths).toEqual(["data-platform/orders-ltr", "data-platform/pg-ltr-azure-backup"]);
      expect(entry.latest?.maxAge).toBe("P10D");
      expect(entry.latest?.constructPath).toBe("data-platform/orders-ltr");
      expect(entry.scheduled).toHaveLength(1);
    });

    it("replaces an LtrBackupPolicy's latest with the derived one", () => {
      const { app, stack } = newStack();
      protect(stack, flexibleServer(stack, "orders"));
      new LtrBackupPolicy(app as never, "fleet", { latest: LtrLatest.daily() });
      PostgresLtrBackups.fromAzureBackup(stack);
      const [entry] = synthDocument(app as never).servers;
      expect(entry.latest).toMatchObject({
        maxAge: "P7DT6H",
        constructPath: "data-platform/pg-ltr-azure-backup",
      });
    });

    it("warns, naming both constructs, when latest.maxAge asks for more than the weekly policy delivers", () => {
      const { stack } = newStack();
      const server = flexibleServer(stack, "orders");
      protect(stack, server);
      const own = new PostgresLtrBackups(stack, "orders-ltr", { server, latest: { maxAge: "P1D" } });
      PostgresLtrBackups.fromAzureBackup(stack);
      expect(warningsOn(stack as never, own)).toEqual([
        'latest.maxAge "P1D" asks for more than the Azure Backup policy data-platform/weekly ' +
          "(azurerm_data_protection_backup_policy_postgresql_flexible_server.weekly) can deliver: its runs " +
          `(${WEEKLY_BERLIN}) are up to P7D apart, so the newest backup is older than P1D before each next run ` +
          "even when every run succeeds; lengthen latest.maxAge to at least P7D, or leave latest out to get the " +
          "P7DT6H that data-platform/pg-ltr-azure-backup derives from the policy",
      ]);
    });

    it("warns once however often synth validates, and measures the gap between a policy's several intervals", () => {
      const { stack } = newStack();
      const server = flexibleServer(stack, "orders");
      // Sundays 02:30 and Mondays 03:40, as azurerm's own acceptance test: up to 5 days 22:50 apart.
      protect(stack, server, {
        intervals: ["R/2021-05-23T02:30:00+00:00/P1W", "R/2021-05-24T03:40:00+00:00/P1W"],
        timeZone: "UTC",
      });
      const own = new PostgresLtrBackups(stack, "orders-ltr", {
        server,
        latest: { maxAge: "P6D" },
        series: [{ name: "daily-{yyyy}-{MM}-{dd}", every: "P1D", anchor: "2026-01-04T02:00:00Z" }],
      });
      PostgresLtrBackups.fromAzureBackup(stack);
      warningsOn(stack as never, own);
      expect(warningsOn(stack as never, own)).toEqual([
        'series[0].every "P1D" asks for more than the Azure Backup policy data-platform/weekly ' +
          "(azurerm_data_protection_backup_policy_postgresql_flexible_server.weekly) can deliver: its runs " +
          "(R/2021-05-23T02:30:00+00:00/P1W, R/2021-05-24T03:40:00+00:00/P1W) are up to P5DT22H50M apart, and the " +
          'Backup service names its backups itself; unless another job writes "daily-{yyyy}-{MM}-{dd}" every P1D, ' +
          "remove the series (data-platform/pg-ltr-azure-backup checks the policy's runs by time)",
      ]);
    });

    it("does not warn about a latest.maxAge the policy can deliver", () => {
      const { stack } = newStack();
      const server = flexibleServer(stack, "orders");
      protect(stack, server);
      const own = new PostgresLtrBackups(stack, "orders-ltr", { server, latest: { maxAge: "P8D" } });
      PostgresLtrBackups.fromAzureBackup(stack);
      expect(warningsOn(stack as never, own)).toEqual([]);
    });
  });

  describe("RequireLtrBackups", () => {
    it("counts a server protected by an Azure Backup instance as declared", () => {
      const { app, stack } = newStack();
      const protectedServer = flexibleServer(stack, "orders");
      const forgotten = flexibleServer(stack, "billing");
      protect(stack, protectedServer);
      PostgresLtrBackups.fromAzureBackup(stack);
      Aspects.of(app).add(new RequireLtrBackups({ now: "2026-11-27T12:00:00Z" }));
      const errors = synthErrors(stack as never);
      expect(errors).toContain(
        "[data-platform/billing] azurerm_postgresql_flexible_server.billing has no PostgresLtrBackups",
      );
      expect(errors).not.toContain("[data-platform/orders]");
      expect(forgotten.node.id).toBe("billing");
    });

    it("holds the derived latest to the minimum standard", () => {
      const { app, stack } = newStack();
      const server = flexibleServer(stack, "orders");
      protect(stack, server);
      PostgresLtrBackups.fromAzureBackup(stack);
      Aspects.of(app).add(
        new RequireLtrBackups({ now: "2026-11-27T12:00:00Z", minimum: { latestMaxAge: "P2D" } }),
      );
      expect(synthErrors(stack as never)).toContain(
        '[data-platform/orders] azurerm_postgresql_flexible_server.orders: latest.maxAge "P7DT6H" declared by ' +
          "data-platform/pg-ltr-azure-backup is longer than the minimum standard P2D",
      );
    });
  });
});
