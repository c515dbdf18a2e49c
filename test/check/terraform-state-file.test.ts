import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readTerraformState } from "../../lib/check/terraform-state";
import { inputError } from "./support/input-error";

// `--terraform-state` files hold secrets (a state's `values` include passwords), so no message may
// quote them; and a path the user names may be a pipe, as `<(terraform show -json)` is.
const REMEDY = "pass the output of `terraform show -json` for the stack (run in cdktf.out/stacks/<stack>)";
const STATE = {
  format_version: "1.0",
  values: {
    root_module: {
      resources: [
        {
          address: "azurerm_postgresql_flexible_server.ledger",
          values: { name: "ledger-7f3a", administrator_password: "hunter2-SECRET" },
        },
      ],
    },
  },
};

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "pg-ltr-state-"));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const posix = process.platform === "win32" ? it.skip : it;

describe("reading --terraform-state", () => {
  it("reads the resources of `terraform show -json` by address", () => {
    const file = join(folder, "state.json");
    writeFileSync(file, JSON.stringify(STATE));
    const state = readTerraformState(file);
    expect(state.resources.get("azurerm_postgresql_flexible_server.ledger")?.name).toBe("ledger-7f3a");
  });

  it("says where a state that is not JSON breaks, never what it holds", () => {
    const file = join(folder, "state.json");
    writeFileSync(file, '{"format_version": "1.0", "values": {administrator_password: "hunter2-SECRET"}}');
    const message = inputError(() => readTerraformState(file));
    expect(message).toBe(
      `--terraform-state ${file} is not JSON (a syntax error at line 1, column 38): ${REMEDY}`,
    );
    expect(message).not.toContain("hunter2");
  });

  it("refuses a folder, naming it", () => {
    const dir = join(folder, "stacks");
    mkdirSync(dir);
    expect(inputError(() => readTerraformState(dir))).toBe(
      `--terraform-state ${dir}: ${dir} is a folder, not a regular file: ${REMEDY}`,
    );
  });

  it("says which file is missing and why", () => {
    const file = join(folder, "absent.json");
    expect(inputError(() => readTerraformState(file))).toBe(
      `--terraform-state ${file}: cannot read ${file} (ENOENT): ${REMEDY}`,
    );
  });

  posix("reads a pipe, as `--terraform-state <(terraform show -json)` passes one", async () => {
    const fifo = join(folder, "state.pipe");
    execFileSync("mkfifo", [fifo]);
    const writer = spawn("sh", ["-c", `printf '%s' '${JSON.stringify(STATE)}' > "${fifo}"`]);
    const exited = new Promise((resolve) => writer.on("exit", resolve));
    const state = readTerraformState(fifo);
    await exited;
    expect([...state.resources.keys()]).toEqual(["azurerm_postgresql_flexible_server.ledger"]);
  });

  posix("stops reading a device at the cap instead of exhausting memory", () => {
    expect(inputError(() => readTerraformState("/dev/zero"))).toBe(
      `--terraform-state /dev/zero: /dev/zero is larger than 256 MiB, more than one stack's state: ${REMEDY}`,
    );
  });
});
