import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { EXPECTATIONS_FILE_NAME } from "cdktf-pg-ltr";
import { FRAMEWORKS } from "../support/frameworks";
import {
  documentText,
  fixturesFor,
  OTHER_SUBSCRIPTION,
  SUBSCRIPTION,
  synth,
  synthDocument,
} from "./fixtures";

/** Where this file created a construct, as synthesis records it (relative to the working directory). */
const here = (line: number) => ({ file: "test/construct/document.test.ts", line, column: 5 });

describe.each(FRAMEWORKS)("the expectations document written at synth (%s)", (_name, framework) => {
  const { App, TerraformStack, TerraformVariable, Testing } = framework.cdk;
  const { AzurermProvider } = framework;
  const { PostgresLtrBackups } = framework.lib;
  const { flexibleServer, newApp, newStack } = fixturesFor(framework);

  it("writes named backups, with maxAge or null, for a PostgresqlFlexibleServer", () => {
    const { app, stack } = newStack();
    new PostgresLtrBackups(stack, "orders-ltr", {
      server: flexibleServer(stack, "orders"),
      backups: [{ name: "quarter-end-2026-q3" }, { name: "pre-upgrade-2026-11", maxAge: "P400D" }],
    });
    const document = synthDocument(app);
    expect(document).toEqual({
      version: 1,
      minorVersion: 3,
      stack: "data-platform",
      generatedBy: expect.stringMatching(/^cdktf-pg-ltr \d+\.\d+\.\d+/),
      servers: [
        {
          constructPaths: ["data-platform/orders-ltr"],
          address: "azurerm_postgresql_flexible_server.orders",
          subscriptionId: SUBSCRIPTION,
          resourceGroupName: "rg-data-prod",
          serverName: "orders-db",
          backups: [
            {
              name: "pre-upgrade-2026-11",
              maxAge: "P400D",
              constructPath: "data-platform/orders-ltr",
              declaredAt: here(25),
            },
            {
              name: "quarter-end-2026-q3",
              maxAge: null,
              constructPath: "data-platform/orders-ltr",
              declaredAt: here(25),
            },
          ],
          latest: null,
          series: [],
        },
      ],
      exemptions: [],
    });
  });

  it("writes latest freshness", () => {
    const { app, stack } = newStack();
    new PostgresLtrBackups(stack, "orders-ltr", {
      server: flexibleServer(stack, "orders"),
      latest: { maxAge: "P8D" },
    });
    const [server] = synthDocument(app).servers;
    expect(server.latest).toEqual({
      maxAge: "P8D",
      constructPath: "data-platform/orders-ltr",
      declaredAt: here(66),
    });
    expect(server.backups).toEqual([]);
  });

  it("writes a series with its declared values, and keep 1 and grace PT6H when left out", () => {
    const { app, stack } = newStack();
    new PostgresLtrBackups(stack, "billing-ltr", {
      server: flexibleServer(stack, "billing"),
      series: [
        {
          name: "weekly-{yyyy}-{MM}-{dd}",
          every: "P7D",
          anchor: "2026-01-04T02:00:00Z",
          keep: 4,
          grace: "PT12H",
        },
        { name: "daily-{yyyy}-{MM}-{dd}", every: "P1D", anchor: "2026-01-01T01:30:00+01:00" },
      ],
    });
    expect(synthDocument(app).servers[0].series).toEqual([
      {
        name: "daily-{yyyy}-{MM}-{dd}",
        every: "P1D",
        anchor: "2026-01-01T01:30:00+01:00",
        keep: 1,
        grace: "PT6H",
        constructPath: "data-platform/billing-ltr",
        declaredAt: here(81),
      },
      {
        name: "weekly-{yyyy}-{MM}-{dd}",
        every: "P7D",
        anchor: "2026-01-04T02:00:00Z",
        keep: 4,
        grace: "PT12H",
        constructPath: "data-platform/billing-ltr",
        declaredAt: here(81),
      },
    ]);
  });

  it("merges two constructs for one server into one entry listing both construct paths", () => {
    const { app, stack } = newStack();
    const server = flexibleServer(stack, "orders");
    new PostgresLtrBackups(stack, "orders-ltr", { server, backups: [{ name: "pre-upgrade-2026-11" }] });
    new PostgresLtrBackups(stack, "audit-ltr", {
      // The same server named by coordinates, with different case: Azure names are case-insensitive.
      server: { resourceGroupName: "RG-Data-Prod", serverName: "orders-db" },
      backups: [{ name: "audit-2026" }],
      latest: { maxAge: "P8D" },
    });
    const document = synthDocument(app);
    expect(document.servers).toHaveLength(1);
    const [entry] = document.servers;
    expect(entry.constructPaths).toEqual(["data-platform/audit-ltr", "data-platform/orders-ltr"]);
    expect(entry.address).toBe("azurerm_postgresql_flexible_server.orders");
    expect(entry.backups.map((b) => [b.name, b.constructPath])).toEqual([
      ["audit-2026", "data-platform/audit-ltr"],
      ["pre-upgrade-2026-11", "data-platform/orders-ltr"],
    ]);
    expect(entry.latest).toEqual({
      maxAge: "P8D",
      constructPath: "data-platform/audit-ltr",
      declaredAt: here(120),
    });
  });

  it("sorts servers by name and writes pretty-printed JSON with a trailing newline", () => {
    const { app, stack } = newStack();
    for (const id of ["zeta", "alpha", "mid"]) {
      new PostgresLtrBackups(stack, `${id}-ltr`, {
        server: flexibleServer(stack, id),
        latest: { maxAge: "P8D" },
      });
    }
    const text = documentText(app, "data-platform");
    const parsed = JSON.parse(text);
    expect(parsed.servers.map((s: { serverName: string }) => s.serverName)).toEqual([
      "alpha-db",
      "mid-db",
      "zeta-db",
    ]);
    expect(text).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
  });

  describe("subscription", () => {
    it("falls back to the literal subscriptionId of the stack's AzurermProvider", () => {
      const { app, stack } = newStack(SUBSCRIPTION);
      new PostgresLtrBackups(stack, "a-ltr", {
        server: { resourceGroupName: "rg", serverName: "plain-db" },
        latest: { maxAge: "P8D" },
      });
      expect(synthDocument(app).servers[0].subscriptionId).toBe(SUBSCRIPTION);
    });

    it("uses the provider the server resource names (an aliased provider), not the default one", () => {
      const { app, stack } = newStack(SUBSCRIPTION);
      const other = new AzurermProvider(stack, "other", {
        features: [{}],
        alias: "other",
        subscriptionId: OTHER_SUBSCRIPTION,
      });
      const server = flexibleServer(stack, "orders");
      server.provider = other;
      new PostgresLtrBackups(stack, "orders-ltr", { server, latest: { maxAge: "P8D" } });
      expect(synthDocument(app).servers[0].subscriptionId).toBe(OTHER_SUBSCRIPTION);
    });

    it("prefers the subscription given in props or in plain coordinates", () => {
      const { app, stack } = newStack(SUBSCRIPTION);
      new PostgresLtrBackups(stack, "a-ltr", {
        server: flexibleServer(stack, "a"),
        subscriptionId: OTHER_SUBSCRIPTION,
        latest: { maxAge: "P8D" },
      });
      new PostgresLtrBackups(stack, "b-ltr", {
        server: { subscriptionId: OTHER_SUBSCRIPTION, resourceGroupName: "rg", serverName: "b-db" },
        latest: { maxAge: "P8D" },
      });
      expect(synthDocument(app).servers.map((s) => s.subscriptionId)).toEqual([
        OTHER_SUBSCRIPTION,
        OTHER_SUBSCRIPTION,
      ]);
    });

    it("is null, left to check time, when the provider names none or only a variable", () => {
      const { app, stack } = newStack(null);
      new AzurermProvider(stack, "azurerm", { features: [{}] });
      new PostgresLtrBackups(stack, "a-ltr", {
        server: flexibleServer(stack, "a"),
        latest: { maxAge: "P8D" },
      });
      expect(synthDocument(app).servers[0].subscriptionId).toBeNull();

      const second = newStack(null);
      const variable = new TerraformVariable(second.stack, "subscription", { type: "string" });
      new AzurermProvider(second.stack, "azurerm", { features: [{}], subscriptionId: variable.stringValue });
      new PostgresLtrBackups(second.stack, "a-ltr", {
        server: flexibleServer(second.stack, "a"),
        latest: { maxAge: "P8D" },
      });
      expect(synthDocument(second.app).servers[0].subscriptionId).toBeNull();
    });
  });

  it("has a Terraform address for a resource and null for plain coordinates", () => {
    const { app, stack } = newStack();
    new PostgresLtrBackups(stack, "a-ltr", { server: flexibleServer(stack, "a"), latest: { maxAge: "P8D" } });
    new PostgresLtrBackups(stack, "b-ltr", {
      server: { resourceGroupName: "rg", serverName: "b-db" },
      latest: { maxAge: "P8D" },
    });
    const document = synthDocument(app);
    expect(document.servers.map((s) => s.address)).toEqual(["azurerm_postgresql_flexible_server.a", null]);
  });

  describe("the file", () => {
    function declaredStack(): ReturnType<typeof newStack> {
      const result = newStack();
      new PostgresLtrBackups(result.stack, "orders-ltr", {
        server: flexibleServer(result.stack, "orders"),
        backups: [{ name: "pre-upgrade-2026-11", maxAge: "P400D" }],
        latest: { maxAge: "P8D" },
      });
      return result;
    }

    it("is written next to cdk.tf.json in the stack folder, also by Testing.fullSynth", () => {
      const { stack } = declaredStack();
      const outdir = Testing.fullSynth(stack);
      const folder = join(outdir, "stacks", "data-platform");
      expect(readdirSync(folder).sort()).toEqual(["cdk.tf.json", EXPECTATIONS_FILE_NAME]);
      expect(EXPECTATIONS_FILE_NAME.endsWith(".tf.json")).toBe(false);
      expect(JSON.parse(readFileSync(join(folder, EXPECTATIONS_FILE_NAME), "utf8")).servers).toHaveLength(1);
    });

    it("puts nothing into the stack's top-level // metadata", () => {
      const { app } = declaredStack();
      const { outdir, manifest } = synth(app);
      const cdkTf = JSON.parse(
        readFileSync(join(outdir, manifest.stacks["data-platform"].synthesizedStackPath), "utf8"),
      );
      const metadata = JSON.stringify(cdkTf["//"]);
      for (const text of ["orders-db", "pre-upgrade", "P8D", "pg-ltr", "ltr"])
        expect(metadata).not.toContain(text);
    });

    it("leaves cdk.tf.json exactly as it is without the construct", () => {
      const cdkTfJson = (withConstruct: boolean): string => {
        const { app, stack } = newStack();
        const server = flexibleServer(stack, "orders");
        if (withConstruct) new PostgresLtrBackups(stack, "orders-ltr", { server, latest: { maxAge: "P8D" } });
        const { outdir, manifest } = synth(app);
        return readFileSync(join(outdir, manifest.stacks["data-platform"].synthesizedStackPath), "utf8");
      };
      expect(cdkTfJson(true)).toBe(cdkTfJson(false));
    });

    it("is removed from a stack that no longer declares anything when the app is synthesized again", () => {
      const build = (declareInSecond: boolean, outdir?: string): string => {
        const app = outdir ? new App({ outdir }) : newApp();
        for (const name of ["first", "second"]) {
          const stack = new TerraformStack(app, name);
          if (name === "first" || declareInSecond) {
            new PostgresLtrBackups(stack, "ltr", {
              server: { resourceGroupName: "rg", serverName: `${name}-db` },
              latest: { maxAge: "P8D" },
            });
          }
        }
        app.synth();
        return app.outdir;
      };
      const outdir = build(true);
      const secondFile = join(outdir, "stacks", "second", EXPECTATIONS_FILE_NAME);
      expect(existsSync(secondFile)).toBe(true);
      build(false, outdir);
      expect(existsSync(secondFile)).toBe(false);
      expect(existsSync(join(outdir, "stacks", "first", EXPECTATIONS_FILE_NAME))).toBe(true);
    });
  });

  it("writes one document per stack, each with its own stack name", () => {
    const app = newApp();
    for (const name of ["eu", "us"]) {
      const stack = new TerraformStack(app, name);
      new PostgresLtrBackups(stack, "ltr", {
        server: { resourceGroupName: `rg-${name}`, serverName: "orders-db" },
        latest: { maxAge: "P8D" },
      });
    }
    const { outdir, manifest } = synth(app);
    for (const name of ["eu", "us"]) {
      const document = JSON.parse(
        readFileSync(join(outdir, manifest.stacks[name].workingDirectory, EXPECTATIONS_FILE_NAME), "utf8"),
      );
      expect([document.stack, document.servers[0].resourceGroupName]).toEqual([name, `rg-${name}`]);
    }
  });
});
