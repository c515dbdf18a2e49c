import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { TerraformResource, TerraformVariable } from "cdktf";
import { checkLtrBackups, PostgresLtrBackups } from "cdktf-pg-ltr";
import { startCheckedEmulator, type CheckedEmulator } from "./support/checked-emulator";
import { resourceGroupState } from "./support/emulator-states";
import { succeeded } from "./support/ltr-operations";
import { azureStack, flexibleServer, synthesize } from "./support/synthesize";
import { pgLtr } from "../support/pg-ltr-process";

/**
 * Server names only Terraform knows (a random suffix, a variable without default): synthesis writes their
 * expressions, and `pg-ltr check` names them from `terraform show -json` of each stack, matched by the
 * resources the file holds.
 */

const NOW = "2026-11-27T12:00:00Z";
const SUBSCRIPTION = "3f2b8c1e-6d4a-4b7e-9c2d-8a1f5e7b9c30";
const TOKEN = "e2e-state-token";
const RG = "rg-data-prod";

const STATE = resourceGroupState(TOKEN, SUBSCRIPTION, RG, {
  "orders-x7k2": { ltrBackupOperations: [succeeded("daily-2026-11-26", "2026-11-26T02:10:00Z")] },
  "billing-db": { ltrBackupOperations: [succeeded("daily-2026-11-26", "2026-11-26T02:10:00Z")] },
  "ledger-eu": { ltrBackupOperations: [succeeded("daily-2026-11-26", "2026-11-26T02:10:00Z")] },
});

/** A `terraform show -json` document holding the given resources (as HashiCorp documents the format). */
function showJson(
  resources: Array<{ address: string; values: Record<string, unknown> }>,
  child = false,
): object {
  const entries = resources.map(({ address, values }) => {
    const [type, name] = address.split(".");
    return {
      address,
      mode: "managed",
      type,
      name,
      provider_name: "registry.terraform.io/hashicorp/x",
      values,
    };
  });
  const root = child
    ? { resources: [], child_modules: [{ address: "module.data", resources: entries }] }
    : { resources: entries };
  return { format_version: "1.0", terraform_version: "1.9.8", values: { outputs: {}, root_module: root } };
}

let checked: CheckedEmulator;
let stateFiles: { data: string; finance: string; unrelated: string };

const serverId = (name: string): string =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.DBforPostgreSQL/flexibleServers/${name}`;

beforeAll(async () => {
  const app = synthesize((scope) => {
    const data = azureStack(scope, "data-platform", SUBSCRIPTION);
    const suffix = new TerraformResource(data, "suffix", { terraformResourceType: "random_string" });
    new PostgresLtrBackups(data, "orders-ltr", {
      server: flexibleServer(data, "orders", `orders-${suffix.getStringAttribute("result")}`, RG),
      latest: { maxAge: "P8D" },
    });
    new PostgresLtrBackups(data, "billing-ltr", {
      server: flexibleServer(data, "billing", "billing-db", RG),
      latest: { maxAge: "P8D" },
    });
    const finance = azureStack(scope, "finance", SUBSCRIPTION);
    const name = new TerraformVariable(finance, "ledger_name", { type: "string" });
    new PostgresLtrBackups(finance, "ledger-ltr", {
      server: flexibleServer(finance, "ledger", name.stringValue, RG),
      latest: { maxAge: "P8D" },
    });
  });
  stateFiles = {
    data: join(app.folder, "data-platform.tfstate.json"),
    finance: join(app.folder, "finance.tfstate.json"),
    unrelated: join(app.folder, "unrelated.tfstate.json"),
  };
  writeFileSync(
    stateFiles.data,
    JSON.stringify(
      showJson([
        { address: "random_string.suffix", values: { result: "x7k2" } },
        {
          address: "azurerm_postgresql_flexible_server.orders",
          values: { id: serverId("orders-x7k2"), name: "orders-x7k2", resource_group_name: RG },
        },
        {
          address: "azurerm_postgresql_flexible_server.billing",
          values: { id: serverId("billing-db"), name: "billing-db", resource_group_name: RG },
        },
      ]),
    ),
  );
  writeFileSync(
    stateFiles.finance,
    JSON.stringify(
      showJson(
        [
          {
            address: "azurerm_postgresql_flexible_server.ledger",
            values: { id: serverId("ledger-eu"), name: "ledger-eu", resource_group_name: RG },
          },
        ],
        true,
      ),
    ),
  );
  writeFileSync(
    stateFiles.unrelated,
    JSON.stringify(showJson([{ address: "random_pet.p", values: { id: "x" } }])),
  );
  checked = await startCheckedEmulator(app, { now: NOW, token: TOKEN, state: STATE });
});

afterAll(() => checked?.close());

describe("names deferred to check time", () => {
  it("names each server from the state that holds its stack's resources, given in any order", async () => {
    const result = await checkLtrBackups(
      checked.checkOptions({ terraformStates: [stateFiles.unrelated, stateFiles.finance, stateFiles.data] }),
    );
    expect(result.findings.map((f) => [f.stack, f.serverName, f.verdict])).toEqual([
      ["data-platform", "billing-db", "compliant"],
      ["data-platform", "orders-x7k2", "compliant"],
      ["finance", "ledger-eu", "compliant"],
    ]);
  });

  it("gives error findings naming the expression and how to provide it when no state is given", async () => {
    const result = await checkLtrBackups(checked.checkOptions());
    const errors = result.findings.filter((f) => f.verdict === "error");
    expect(errors.map((f) => [f.stack, f.serverName, f.reason])).toEqual([
      [
        "data-platform",
        "orders-${random_string.suffix.result}",
        "server name orders-${random_string.suffix.result} could not be resolved: no --terraform-state was " +
          "given; pass --terraform-state FILE with the output of `terraform show -json` run in the stack's " +
          "folder (cdktf.out/stacks/data-platform) after `terraform apply`",
      ],
      [
        "finance",
        "${var.ledger_name}",
        "server name ${var.ledger_name} could not be resolved: no --terraform-state was given; pass " +
          "--terraform-state FILE with the output of `terraform show -json` run in the stack's folder " +
          "(cdktf.out/stacks/finance) after `terraform apply`",
      ],
    ]);
    expect(result.findings.find((f) => f.serverName === "billing-db")?.verdict).toBe("compliant");
  });

  it("says which state lacks the resource when the states given are of other stacks", async () => {
    const result = await checkLtrBackups(checked.checkOptions({ terraformStates: [stateFiles.unrelated] }));
    expect(result.findings.find((f) => f.stack === "finance")?.reason).toBe(
      "server name ${var.ledger_name} could not be resolved: none of the --terraform-state files " +
        `(${stateFiles.unrelated}) holds azurerm_postgresql_flexible_server.ledger; pass --terraform-state FILE ` +
        "with the output of `terraform show -json` run in the stack's folder (cdktf.out/stacks/finance) after " +
        "`terraform apply`",
    );
  });

  it("refuses a file that is not the JSON of terraform show -json, naming the file", async () => {
    const bad = join(checked.app.folder, "plan.txt");
    writeFileSync(bad, JSON.stringify({ resources: [] }));
    await expect(checkLtrBackups(checked.checkOptions({ terraformStates: [bad] }))).rejects.toThrow(
      `--terraform-state ${bad} is not the JSON of \`terraform show -json\` (at "": must have required property ` +
        "'format_version'): pass the output of `terraform show -json` for the stack (run in cdktf.out/stacks/<stack>)",
    );
  });

  it("takes --terraform-state on the command line, repeatable", async () => {
    const run = await pgLtr(
      [
        "check",
        "--endpoint",
        checked.emulator.url,
        "--now",
        NOW,
        "--terraform-state",
        "data-platform.tfstate.json",
        "--terraform-state",
        stateFiles.finance,
        "--format",
        "json",
      ],
      {
        cwd: checked.app.folder,
        env: checked.processEnv,
      },
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).summary.compliant).toBe(3);
  });
});
