import type { TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { fixturesFor } from "./fixtures";
import { FRAMEWORKS } from "../support/frameworks";

describe.each(FRAMEWORKS)("%s", (_name, framework) => {
  const { Aspects, TerraformStack, Testing } = framework.cdk;
  const { AzurermProvider } = framework;
  const { PostgresLtrBackups, RequireLtrBackups } = framework.lib;
  const { flexibleServer, newApp, newStack } = fixturesFor(framework);

  const NOW = "2026-11-27T12:00:00Z";
  const FIX =
    "declare the LTR backups it must have with new PostgresLtrBackups(scope, id, { server, ... }) " +
    "or exempt it with RequireLtrBackups.exempt(server, { reason, expires })";

  /** Error annotations on a construct after the stack's aspects and validations ran. */
  function errorsOn(stack: TerraformStack, node: IConstruct): string[] {
    Testing.synth(stack, true);
    return node.node.metadata.filter((m) => m.type === "@cdktf/error").map((m) => String(m.data));
  }

  describe("RequireLtrBackups", () => {
    it("flags a server without PostgresLtrBackups when added to the app, naming its path and address", () => {
      const { app, stack } = newStack();
      const server = flexibleServer(stack, "orders");
      new PostgresLtrBackups(stack, "billing-ltr", {
        server: flexibleServer(stack, "billing"),
        latest: { maxAge: "P8D" },
      });
      Aspects.of(app).add(new RequireLtrBackups({ now: NOW }));
      expect(errorsOn(stack, server)).toEqual([
        `azurerm_postgresql_flexible_server.orders has no PostgresLtrBackups: ${FIX}`,
      ]);
    });

    it("fails synth of the app for an uncovered server, even in a stack that uses nothing else of the library", () => {
      const app = newApp();
      const covered = new TerraformStack(app, "covered");
      new PostgresLtrBackups(covered, "ltr", {
        server: { resourceGroupName: "rg", serverName: "covered-db" },
        latest: { maxAge: "P8D" },
      });
      const bare = new TerraformStack(app, "bare");
      new AzurermProvider(bare, "azurerm", { features: [{}] });
      flexibleServer(bare, "forgotten");
      Aspects.of(app).add(new RequireLtrBackups({ now: NOW }));
      expect(() => app.synth()).toThrow(
        `[bare/forgotten] azurerm_postgresql_flexible_server.forgotten has no PostgresLtrBackups: ${FIX}`,
      );
    });

    it("works the same when added to a stack of an app that uses nothing else of the library, one error per server", () => {
      const { stack } = newStack();
      const server = flexibleServer(stack, "orders");
      Aspects.of(stack).add(new RequireLtrBackups({ now: NOW }));
      expect(() => Testing.fullSynth(stack)).toThrow(
        `[data-platform/orders] azurerm_postgresql_flexible_server.orders has no PostgresLtrBackups`,
      );
      expect(server.node.metadata.filter((m) => m.type === "@cdktf/error")).toHaveLength(1);
    });

    it("accepts servers covered by their resource or by plain coordinates", () => {
      const { app, stack } = newStack();
      const byResource = flexibleServer(stack, "orders");
      const byCoordinates = flexibleServer(stack, "billing");
      new PostgresLtrBackups(stack, "orders-ltr", { server: byResource, latest: { maxAge: "P8D" } });
      new PostgresLtrBackups(stack, "billing-ltr", {
        server: { resourceGroupName: "RG-DATA-PROD", serverName: "billing-db" },
        latest: { maxAge: "P8D" },
      });
      Aspects.of(app).add(new RequireLtrBackups({ now: NOW }));
      expect(errorsOn(stack, byResource)).toEqual([]);
      expect(errorsOn(stack, byCoordinates)).toEqual([]);
    });

    describe("minimum standards", () => {
      const latestOf = (maxAge: string | undefined): string[] => {
        const { app, stack } = newStack();
        const server = flexibleServer(stack, "orders");
        new PostgresLtrBackups(stack, "orders-ltr", {
          server,
          backups: [{ name: "pre-upgrade" }],
          latest: maxAge === undefined ? undefined : { maxAge },
        });
        Aspects.of(app).add(new RequireLtrBackups({ now: NOW, minimum: { latestMaxAge: "P8D" } }));
        return errorsOn(stack, server);
      };

      it("rejects a latest.maxAge longer than the minimum", () => {
        expect(latestOf("P30D")).toEqual([
          `azurerm_postgresql_flexible_server.orders: latest.maxAge "P30D" declared by ` +
            `data-platform/orders-ltr is longer than the minimum standard P8D; shorten it to P8D or less`,
        ]);
      });

      it("rejects a server without latest", () => {
        expect(latestOf(undefined)).toEqual([
          `azurerm_postgresql_flexible_server.orders declares no latest, but the minimum ` +
            `standard is latest.maxAge of at most P8D; add latest: { maxAge: "P8D" } to data-platform/orders-ltr`,
        ]);
      });

      it("accepts a latest.maxAge equal to or shorter than the minimum", () => {
        expect(latestOf("P8D")).toEqual([]);
        expect(latestOf("PT36H")).toEqual([]);
      });

      it("requires a series at least as frequent and as long as the minimum", () => {
        const seriesOf = (every: string, keep: number): string[] => {
          const { app, stack } = newStack();
          const server = flexibleServer(stack, "orders");
          new PostgresLtrBackups(stack, "orders-ltr", {
            server,
            series: [{ name: "b-{yyyy}-{MM}-{dd}", every, anchor: "2026-01-04T02:00:00Z", keep }],
          });
          Aspects.of(app).add(
            new RequireLtrBackups({ now: NOW, minimum: { seriesEvery: "P7D", seriesKeep: 4 } }),
          );
          return errorsOn(stack, server);
        };
        const message =
          `azurerm_postgresql_flexible_server.orders declares no series with every of at ` +
          `most P7D keeping at least 4 occurrences, as the minimum standard requires; add one to series of ` +
          `data-platform/orders-ltr`;
        expect(seriesOf("P14D", 4)).toEqual([message]);
        expect(seriesOf("P7D", 3)).toEqual([message]);
        expect(seriesOf("P1D", 4)).toEqual([]);
      });

      it("refuses minimum standards that are not valid, when the aspect is created", () => {
        expect(() => new RequireLtrBackups({ minimum: { latestMaxAge: "8 days" } })).toThrow(
          'RequireLtrBackups: minimum.latestMaxAge "8 days" must be an ISO 8601 duration such as P7D, PT6H or P1M',
        );
        expect(() => new RequireLtrBackups({ minimum: { seriesKeep: 0 } })).toThrow(
          "RequireLtrBackups: minimum.seriesKeep 0 must be a whole number of at least 1",
        );
        expect(() => new RequireLtrBackups({ now: "yesterday" })).toThrow(
          'RequireLtrBackups: now "yesterday" must be an ISO 8601 instant with a time zone, such as 2026-01-04T02:00:00Z',
        );
      });
    });

    describe("exemptions", () => {
      const REASON = "Throwaway server for load tests, recreated every week";

      function exempted(exemption: { reason: string; expires?: string }, now = NOW) {
        const { app, stack } = newStack();
        const server = flexibleServer(stack, "scratch");
        RequireLtrBackups.exempt(server, exemption);
        Aspects.of(app).add(new RequireLtrBackups({ now, minimum: { latestMaxAge: "P8D" } }));
        return { app, stack, server };
      }

      it("exempts a server with a reason, with or without an expiry date still ahead", () => {
        for (const exemption of [{ reason: REASON }, { reason: REASON, expires: "2027-03-31" }]) {
          const { stack, server } = exempted(exemption);
          expect(errorsOn(stack, server)).toEqual([]);
        }
      });

      it("holds through the whole expiry day (UTC)", () => {
        const { stack, server } = exempted({ reason: REASON, expires: "2027-03-31" }, "2027-03-31T23:59:59Z");
        expect(errorsOn(stack, server)).toEqual([]);
      });

      it("no longer exempts after the expiry date, and says it expired on that date", () => {
        const { stack, server } = exempted({ reason: REASON, expires: "2027-03-31" }, "2027-04-01T00:00:00Z");
        expect(errorsOn(stack, server)).toEqual([
          `azurerm_postgresql_flexible_server.scratch has no PostgresLtrBackups and its LTR ` +
            `exemption expired on 2027-03-31 (reason: "${REASON}"); declare its LTR backups with PostgresLtrBackups ` +
            `or renew the exemption with a later expires date`,
        ]);
      });

      it("rejects a reason shorter than 10 characters, failing synth", () => {
        const { app } = exempted({ reason: "load test" });
        expect(() => app.synth()).toThrow(
          '[data-platform/scratch] LTR exemption reason "load test" must be at least 10 ' +
            "characters saying why the server needs no LTR backups",
        );
      });

      it("rejects an expiry that is not an ISO date", () => {
        const { server } = exempted({ reason: REASON, expires: "31/03/2027" });
        expect(server.node.validate()).toEqual([
          'LTR exemption expires "31/03/2027" must be an ISO date such as 2027-03-31',
        ]);
        const second = exempted({ reason: REASON, expires: "2027-02-30" });
        expect(second.server.node.validate()).toEqual([
          'LTR exemption expires "2027-02-30" must be an ISO date such as 2027-03-31',
        ]);
      });

      it("rejects exempting one server twice", () => {
        const { server } = exempted({ reason: REASON });
        RequireLtrBackups.exempt(server, { reason: REASON, expires: "2027-01-01" });
        expect(server.node.validate()).toEqual([
          "is exempted from LTR backups 2 times; keep one RequireLtrBackups.exempt call",
        ]);
      });

      it("exempts every server inside an exempted scope", () => {
        const { app, stack } = newStack();
        const sandbox = new Construct(stack, "sandbox");
        const servers = ["a", "b"].map((id) => flexibleServer(sandbox, id));
        RequireLtrBackups.exempt(sandbox, { reason: REASON });
        Aspects.of(app).add(new RequireLtrBackups({ now: NOW }));
        for (const server of servers) expect(errorsOn(stack, server)).toEqual([]);
      });
    });
  });
});
