import type { App, TerraformStack } from "cdktf";
import type { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { FRAMEWORKS } from "../support/frameworks";
import { fixturesFor, SUBSCRIPTION, synthDocument } from "./fixtures";

const NOW = "2026-11-27T12:00:00Z";

describe.each(FRAMEWORKS)("%s", (_name, framework) => {
  const { Aspects, TerraformStack } = framework.cdk;
  const { AzurermProvider, PostgresqlFlexibleServer } = framework;
  const { LtrBackupPolicy, LtrLatest, LtrSeries, PostgresLtrBackups, RequireLtrBackups } = framework.lib;
  const { newApp } = fixturesFor(framework);

  function stackWithServers(
    tagsByServer: Record<string, Record<string, string> | undefined>,
    name = "data-platform",
  ): { app: App; stack: TerraformStack; servers: Record<string, PostgresqlFlexibleServer> } {
    const app = newApp();
    const stack = new TerraformStack(app, name);
    new AzurermProvider(stack, "azurerm", { features: [{}], subscriptionId: SUBSCRIPTION });
    const servers: Record<string, PostgresqlFlexibleServer> = {};
    for (const [id, tags] of Object.entries(tagsByServer)) {
      servers[id] = new PostgresqlFlexibleServer(stack, id, {
        name: `${id}-db`,
        resourceGroupName: "rg-data-prod",
        location: "westeurope",
        ...(tags ? { tags } : {}),
      });
    }
    return { app, stack, servers };
  }

  const weekly = LtrSeries.weekly({ day: "sunday", keep: 4 });

  describe("LtrBackupPolicy", () => {
    it("declares the defaults for every flexible server in its scope, written with the policy's path", () => {
      // GIVEN
      const { app } = stackWithServers({ orders: undefined, billing: undefined });
      // WHEN
      new LtrBackupPolicy(app, "fleet-ltr", { latest: LtrLatest.weekly(), series: [weekly] });
      // THEN
      const document = synthDocument(app);
      expect(
        document.servers.map((s) => [s.serverName, s.constructPaths, s.latest?.maxAge, s.series.length]),
      ).toEqual([
        ["billing-db", ["fleet-ltr"], "P7DT6H", 1],
        ["orders-db", ["fleet-ltr"], "P7DT6H", 1],
      ]);
      expect(document.servers[0].address).toBe("azurerm_postgresql_flexible_server.billing");
    });

    it("covers only servers whose tags match the selection, ignoring the case of tag names", () => {
      const { app } = stackWithServers({
        orders: { Env: "prod", team: "shop" },
        staging: { env: "staging" },
        untagged: undefined,
      });
      new LtrBackupPolicy(app, "prod-ltr", { select: { tags: { env: "prod" } }, latest: LtrLatest.daily() });
      expect(synthDocument(app).servers.map((s) => s.serverName)).toEqual(["orders-db"]);
    });

    it("lets a server's own PostgresLtrBackups override latest and same-named series, keeping the other defaults", () => {
      const { app, stack, servers } = stackWithServers({ orders: undefined, billing: undefined });
      new LtrBackupPolicy(app, "fleet-ltr", {
        latest: LtrLatest.weekly(),
        series: [weekly, LtrSeries.monthly({ keep: 12 })],
        backups: [{ name: "baseline-2026" }],
      });
      new PostgresLtrBackups(stack, "orders-ltr", {
        server: servers.orders,
        latest: { maxAge: "P1D" },
        series: [{ ...weekly, keep: 8 }],
        backups: [{ name: "pre-upgrade-2026-11" }],
      });
      const orders = synthDocument(app).servers.find((s) => s.serverName === "orders-db");
      expect(orders?.constructPaths).toEqual(["data-platform/orders-ltr", "fleet-ltr"]);
      expect(orders?.latest).toMatchObject({ maxAge: "P1D", constructPath: "data-platform/orders-ltr" });
      expect(orders?.series.map((s) => [s.name, s.keep, s.constructPath])).toEqual([
        ["monthly-{yyyy}-{MM}", 12, "fleet-ltr"],
        ["weekly-{yyyy}-{MM}-{dd}", 8, "data-platform/orders-ltr"],
      ]);
      expect(orders?.backups.map((b) => [b.name, b.constructPath])).toEqual([
        ["baseline-2026", "fleet-ltr"],
        ["pre-upgrade-2026-11", "data-platform/orders-ltr"],
      ]);
    });

    it("skips exempt servers", () => {
      const { app, servers } = stackWithServers({ orders: undefined, scratch: undefined });
      RequireLtrBackups.exempt(servers.scratch, { reason: "Recreated every week for load tests" });
      new LtrBackupPolicy(app, "fleet-ltr", { latest: LtrLatest.weekly() });
      expect(synthDocument(app).servers.map((s) => s.serverName)).toEqual(["orders-db"]);
    });

    it("is counted as declared by RequireLtrBackups, so a covered fleet synthesizes", () => {
      const { app } = stackWithServers({
        orders: { env: "prod" },
        billing: { env: "prod" },
        dev: { env: "dev" },
      });
      new LtrBackupPolicy(app, "prod-ltr", { select: { tags: { env: "prod" } }, latest: LtrLatest.weekly() });
      Aspects.of(app).add(new RequireLtrBackups({ now: NOW }));
      expect(() => app.synth()).toThrow(
        /\[data-platform\/dev\] azurerm_postgresql_flexible_server\.dev has no PostgresLtrBackups/,
      );
    });

    it("writes each stack's servers to that stack's document, also for a stack created after the policy", () => {
      const { app } = stackWithServers({ orders: undefined });
      new LtrBackupPolicy(app, "fleet-ltr", { latest: LtrLatest.weekly() });
      const later = new TerraformStack(app, "later");
      new AzurermProvider(later, "azurerm", { features: [{}], subscriptionId: SUBSCRIPTION });
      new PostgresqlFlexibleServer(later, "ledger", {
        name: "ledger-db",
        resourceGroupName: "rg-finance",
        location: "westeurope",
      });
      expect(synthDocument(app, "data-platform").servers.map((s) => s.serverName)).toEqual(["orders-db"]);
      expect(synthDocument(app, "later").servers.map((s) => s.serverName)).toEqual(["ledger-db"]);
    });

    it("fails synthesis with the policy's path when its defaults are invalid", () => {
      const { app } = stackWithServers({ orders: undefined });
      new LtrBackupPolicy(app, "fleet-ltr", { latest: { maxAge: "8 days" } });
      expect(() => app.synth()).toThrow(
        '[fleet-ltr] latest.maxAge "8 days" must be an ISO 8601 duration such as P7D, PT6H or P1M ' +
          "(for data-platform/orders)",
      );
    });
  });
});
