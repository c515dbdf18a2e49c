import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "../..");

/** What the generated app loads under each framework: the framework, its provider, this library's entry. */
const MODULES = {
  cdktf: { cdk: "cdktf", provider: "@cdktf/provider-azurerm", entry: "lib/index.ts" },
  cdktn: { cdk: "cdktn", provider: "@cdktn/provider-azurerm", entry: "lib/cdktn.ts" },
};

/**
 * `Aspects.of(app).add(new RequireLtrBackups())` in an app that declares nothing: neither framework runs
 * the aspect, so the process that synthesizes must fail, saying what to do, as `cdktf synth` (or
 * `cdktn synth`) would run it.
 */
function synthApp(
  framework: keyof typeof MODULES,
  body: string,
): Promise<{ code: number; stderr: string; folder: string }> {
  const folder = mkdtempSync(join(tmpdir(), "pg-ltr-app-aspect-"));
  const main = join(folder, "main.ts");
  const { cdk, provider, entry } = MODULES[framework];
  const resolved = (path: string) => JSON.stringify(require.resolve(path));
  writeFileSync(
    main,
    `const { App, Aspects, TerraformStack } = require(${resolved(cdk)});
const { PostgresqlFlexibleServer } = require(${resolved(`${provider}/lib/postgresql-flexible-server`)});
const { AzurermProvider } = require(${resolved(`${provider}/lib/provider`)});
const lib = require(${JSON.stringify(join(ROOT, entry))});
const app = new App();
const stack = new TerraformStack(app, "data-platform");
new AzurermProvider(stack, "azurerm", { features: [{}] });
const orders = new PostgresqlFlexibleServer(stack, "orders", { name: "orders-db", resourceGroupName: "rg", location: "westeurope" });
${body}
app.synth();
`,
  );
  const argv = ["-r", require.resolve("ts-node/register/transpile-only"), main];
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TS_NODE_PROJECT: join(ROOT, "tsconfig.json"),
  };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, argv, { cwd: folder, env, timeout: 110_000 }, (error, _stdout, stderr) => {
      if (error && typeof error.code !== "number") reject(error);
      else resolve({ code: error ? (error.code as number) : 0, stderr, folder });
    });
  });
}

const folders: string[] = [];
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

describe.each(Object.keys(MODULES) as (keyof typeof MODULES)[])(
  "RequireLtrBackups added to the App of a %s app that declares nothing",
  (framework) => {
    it(`fails the synthesizing process with what to do, after ${framework} wrote cdktf.out`, async () => {
      // GIVEN an app with one flexible server and nothing of the library but the aspect on the App
      const run = await synthApp(framework, "Aspects.of(app).add(new lib.RequireLtrBackups());");
      folders.push(run.folder);
      // THEN
      expect(existsSync(join(run.folder, "cdktf.out/manifest.json"))).toBe(true);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        "Error: RequireLtrBackups was created but never ran: neither cdktf nor cdktn runs aspects added to the App",
      );
      expect(run.stderr).toContain(
        "Add it to each stack (Aspects.of(stack).add(new RequireLtrBackups(...)))",
      );
    });

    it("enforces instead once a policy is in the app: the uncovered server fails synthesis", async () => {
      const run = await synthApp(
        framework,
        `Aspects.of(app).add(new lib.RequireLtrBackups());
new lib.LtrBackupPolicy(app, "prod-ltr", { select: { tags: { env: "prod" } }, latest: { maxAge: "P8D" } });`,
      );
      folders.push(run.folder);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        "[data-platform/orders] azurerm_postgresql_flexible_server.orders has no PostgresLtrBackups",
      );
      expect(run.stderr).not.toContain("never ran");
    });
  },
);
