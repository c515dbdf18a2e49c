import { readFileSync } from "node:fs";
import type { TerraformStack } from "cdktf";
import type { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import type { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { FRAMEWORKS } from "../support/frameworks";
import { fixturesFor, SUBSCRIPTION, synthDocument } from "./fixtures";

const latest = { maxAge: "P8D" };

/** The line of this file on which `marker` appears, as a stack trace would number it. */
function lineOf(marker: string): number {
  const lines = readFileSync(__filename, "utf8").split("\n");
  return lines.findIndex((line) => line.includes(marker) && !line.includes("lineOf(")) + 1;
}

describe.each(FRAMEWORKS)("%s", (_name, framework) => {
  const { Fn, TerraformResource, TerraformStack, TerraformVariable } = framework.cdk;
  const { AzurermProvider, DataAzurermPostgresqlFlexibleServer, DataAzurermResourceGroup } = framework;
  const { PostgresLtrBackups } = framework.lib;
  const { newApp, newStack } = fixturesFor(framework);

  function resourceGroup(stack: TerraformStack, name = "rg-data-prod"): ResourceGroup {
    return new framework.ResourceGroup(stack, "rg", { name, location: "westeurope" });
  }

  function server(stack: TerraformStack, name: string, resourceGroupName: string): PostgresqlFlexibleServer {
    return new framework.PostgresqlFlexibleServer(stack, "orders", {
      name,
      resourceGroupName,
      location: "westeurope",
    });
  }

  /** A stand-in for `random_string` (no random provider is installed): its `result` is computed. */
  function randomSuffix(stack: TerraformStack): string {
    return new TerraformResource(stack, "suffix", {
      terraformResourceType: "random_string",
    }).getStringAttribute("result");
  }

  describe("names given as references, resolved at synth", () => {
    it("resolves a server's resourceGroupName given as a ResourceGroup's name, recording the expression", () => {
      // GIVEN
      const { app, stack } = newStack();
      const rg = resourceGroup(stack);
      // WHEN
      new PostgresLtrBackups(stack, "orders-ltr", { server: server(stack, "orders-db", rg.name), latest });
      // THEN
      const [entry] = synthDocument(app).servers;
      expect(entry).toMatchObject({
        resourceGroupName: "rg-data-prod",
        serverName: "orders-db",
        expressions: { resourceGroupName: "${azurerm_resource_group.rg.name}" },
      });
    });

    it("follows a PostgresqlFlexibleServer's name and resourceGroupName that refer on to a ResourceGroup", () => {
      const { app, stack } = newStack();
      const rg = resourceGroup(stack);
      const pg = server(stack, "orders-db", rg.name);
      new PostgresLtrBackups(stack, "orders-ltr", {
        server: { resourceGroupName: pg.resourceGroupName, serverName: pg.name },
        latest,
      });
      const [entry] = synthDocument(app).servers;
      expect(entry).toMatchObject({
        address: null,
        resourceGroupName: "rg-data-prod",
        serverName: "orders-db",
        expressions: {
          resourceGroupName: "${azurerm_postgresql_flexible_server.orders.resource_group_name}",
          serverName: "${azurerm_postgresql_flexible_server.orders.name}",
        },
      });
    });

    it("reads data sources whose names are literals", () => {
      const { app, stack } = newStack();
      const rg = new DataAzurermResourceGroup(stack, "rg", { name: "rg-shared" });
      const existing = new DataAzurermPostgresqlFlexibleServer(stack, "legacy", {
        name: "legacy-db",
        resourceGroupName: rg.name,
      });
      new PostgresLtrBackups(stack, "legacy-ltr", {
        server: { resourceGroupName: existing.resourceGroupName, serverName: existing.name },
        latest,
      });
      expect(synthDocument(app).servers[0]).toMatchObject({
        resourceGroupName: "rg-shared",
        serverName: "legacy-db",
        expressions: {
          resourceGroupName: "${data.azurerm_postgresql_flexible_server.legacy.resource_group_name}",
          serverName: "${data.azurerm_postgresql_flexible_server.legacy.name}",
        },
      });
    });

    it("resolves a template string joining literals and references", () => {
      const { app, stack } = newStack();
      const rg = resourceGroup(stack);
      const environment = new TerraformVariable(stack, "environment", { type: "string", default: "prod" });
      new PostgresLtrBackups(stack, "orders-ltr", {
        server: server(stack, `orders-${environment.stringValue}-${rg.location}`, rg.name),
        latest,
      });
      expect(synthDocument(app).servers[0]).toMatchObject({
        serverName: "orders-prod-westeurope",
        expressions: { serverName: "orders-${var.environment}-${azurerm_resource_group.rg.location}" },
      });
    });

    it("resolves the provider's subscriptionId given as a variable with a default", () => {
      const { app, stack } = newStack(null);
      const subscription = new TerraformVariable(stack, "subscription_id", {
        type: "string",
        default: SUBSCRIPTION,
      });
      new AzurermProvider(stack, "azurerm", { features: [{}], subscriptionId: subscription.stringValue });
      new PostgresLtrBackups(stack, "orders-ltr", {
        server: server(stack, "orders-db", "rg-data-prod"),
        latest,
      });
      expect(synthDocument(app).servers[0]).toMatchObject({
        subscriptionId: SUBSCRIPTION,
        expressions: { subscriptionId: "${var.subscription_id}" },
      });
    });

    it("resolves a reference to a resource group in another stack without adding cross-stack outputs", () => {
      const app = newApp();
      const shared = new TerraformStack(app, "shared");
      new AzurermProvider(shared, "azurerm", { features: [{}], subscriptionId: SUBSCRIPTION });
      const rg = resourceGroup(shared, "rg-shared");
      const data = new TerraformStack(app, "data-platform");
      new AzurermProvider(data, "azurerm", { features: [{}], subscriptionId: SUBSCRIPTION });
      new PostgresLtrBackups(data, "orders-ltr", { server: server(data, "orders-db", rg.name), latest });
      const [entry] = synthDocument(app).servers;
      expect(entry).toMatchObject({
        resourceGroupName: "rg-shared",
        expressions: { resourceGroupName: "${azurerm_resource_group.rg.name}" },
      });
    });

    it("validates the resolved value and names the expression it came from", () => {
      const { stack } = newStack();
      const rg = resourceGroup(stack, "r".repeat(91));
      const ltr = new PostgresLtrBackups(stack, "orders-ltr", {
        server: server(stack, "orders-db", rg.name),
        latest,
      });
      expect(ltr.node.validate()).toEqual([
        `resource group name "${"r".repeat(91)}" (from \${azurerm_resource_group.rg.name} of data-platform/orders) ` +
          "must be 1-90 characters",
      ]);
    });
  });

  describe("names only Terraform knows, deferred to check time", () => {
    it("writes a server named with a random suffix as deferred, read from the server resource's state", () => {
      const { app, stack } = newStack();
      // The declaration below is where declaredAt points.
      new PostgresLtrBackups(stack, "orders-ltr", {
        server: server(stack, `orders-${randomSuffix(stack)}`, "rg-data-prod"),
        latest,
      });
      const document = synthDocument(app);
      expect(document.servers).toEqual([]);
      expect(document.deferredServers).toEqual([
        {
          constructPaths: ["data-platform/orders-ltr"],
          address: "azurerm_postgresql_flexible_server.orders",
          subscriptionId: SUBSCRIPTION,
          resourceGroupName: "rg-data-prod",
          serverName: {
            expression: "orders-${random_string.suffix.result}",
            template: "${azurerm_postgresql_flexible_server.orders.name}",
            reads: [{ address: "azurerm_postgresql_flexible_server.orders", attribute: "name" }],
          },
          expressions: { serverName: "orders-${random_string.suffix.result}" },
          backups: [],
          latest: {
            maxAge: "P8D",
            constructPath: "data-platform/orders-ltr",
            declaredAt: {
              file: "test/construct/references.test.ts",
              line: lineOf("// The declaration below is where declaredAt points.") + 1,
              column: 7,
            },
          },
          series: [],
        },
      ]);
    });

    it("defers a server name from a variable without default to the server resource's state", () => {
      const { app, stack } = newStack();
      const name = new TerraformVariable(stack, "server_name", { type: "string" });
      new PostgresLtrBackups(stack, "orders-ltr", {
        server: server(stack, name.stringValue, "rg-data-prod"),
        latest,
      });
      expect(synthDocument(app).deferredServers?.[0].serverName).toEqual({
        expression: "${var.server_name}",
        template: "${azurerm_postgresql_flexible_server.orders.name}",
        reads: [{ address: "azurerm_postgresql_flexible_server.orders", attribute: "name" }],
      });
    });

    it("defers plain coordinates with a random suffix to the suffix resource's state", () => {
      const { app, stack } = newStack();
      new PostgresLtrBackups(stack, "orders-ltr", {
        server: { resourceGroupName: "rg-data-prod", serverName: `orders-${randomSuffix(stack)}` },
        latest,
      });
      expect(synthDocument(app).deferredServers?.[0]).toMatchObject({
        address: null,
        serverName: {
          expression: "orders-${random_string.suffix.result}",
          template: "orders-${random_string.suffix.result}",
          reads: [{ address: "random_string.suffix", attribute: "result" }],
        },
      });
    });

    it("rejects plain coordinates from a variable without default, saying how to fix it", () => {
      const { stack } = newStack();
      const name = new TerraformVariable(stack, "server_name", { type: "string" });
      const ltr = new PostgresLtrBackups(stack, "orders-ltr", {
        server: { resourceGroupName: "rg-data-prod", serverName: name.stringValue },
        latest,
      });
      expect(ltr.node.validate()).toEqual([
        "server name is ${var.server_name}, which is not known at synth time (var.server_name is a variable " +
          "without default, and a Terraform state does not record variables); give it a literal or a reference to " +
          "another construct's literal name, or pass the PostgresqlFlexibleServer as server so that pg-ltr check " +
          "can read its name from `terraform show -json`",
      ]);
    });

    it("rejects plain coordinates given as a Terraform function call", () => {
      const { stack } = newStack();
      const rg = resourceGroup(stack);
      const ltr = new PostgresLtrBackups(stack, "orders-ltr", {
        server: { resourceGroupName: Fn.lower(rg.name), serverName: "orders-db" },
        latest,
      });
      expect(ltr.node.validate()).toEqual([
        expect.stringMatching(
          /^resource group name is \$\{lower\(azurerm_resource_group\.rg\.name\)\}, which is not known at synth time/,
        ),
      ]);
    });
  });
});
