import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { userFrame } from "../../lib/construct/source-location";
import { FRAMEWORKS } from "../support/frameworks";
import { fixturesFor, synthDocument } from "./fixtures";

/** The line of this file on which `marker` appears, as a stack trace would number it. */
function lineOf(marker: string): number {
  const lines = readFileSync(__filename, "utf8").split("\n");
  return lines.findIndex((line) => line.includes(marker) && !line.includes("lineOf(")) + 1;
}

describe("source locations recorded at synth", () => {
  it.each(FRAMEWORKS)(
    "records under %s the file and line of the user's code that created each declaration and exemption",
    (_name, framework) => {
      // GIVEN
      const { PostgresLtrBackups, RequireLtrBackups } = framework.lib;
      const { flexibleServer, newStack } = fixturesFor(framework);
      const { app, stack } = newStack();
      new PostgresLtrBackups(stack, "orders-ltr", {
        server: flexibleServer(stack, "orders"),
        latest: { maxAge: "P8D" },
        backups: [{ name: "pre-upgrade-2026-11" }],
      });
      RequireLtrBackups.exempt(flexibleServer(stack, "scratch"), { reason: "Load tests, recreated weekly" }); // exemption-site
      // WHEN
      const document = synthDocument(app);
      // THEN: relative to the working directory (no cdktf.json above this file), frames of the library skipped
      const declared = { file: "test/construct/source-location.test.ts", line: lineOf('"orders-ltr", {') };
      expect(document.servers[0]?.latest?.declaredAt).toMatchObject(declared);
      expect(document.servers[0]?.backups[0]?.declaredAt).toMatchObject(declared);
      expect(document.exemptions).toEqual([
        {
          constructPath: "data-platform/scratch",
          address: "azurerm_postgresql_flexible_server.scratch",
          resourceGroupName: "rg-data-prod",
          serverName: "scratch-db",
          reason: "Load tests, recreated weekly",
          expires: null,
          exemptedScope: "data-platform/scratch",
          declaredAt: {
            file: "test/construct/source-location.test.ts",
            line: lineOf("// exemption-site"),
            column: expect.any(Number),
          },
        },
      ]);
      expect(document).toMatchObject({ version: 1, minorVersion: 3 });
    },
  );

  describe("the frame chosen from a stack trace", () => {
    let app: string;
    beforeAll(() => {
      app = mkdtempSync(join(tmpdir(), "pg-ltr-app-"));
      mkdirSync(join(app, "src"));
      writeFileSync(join(app, "cdktf.json"), "{}");
    });
    afterAll(() => rmSync(app, { recursive: true, force: true }));
    const library = join(__dirname, "../../lib/construct/postgres-ltr-backups.ts");

    it("skips this library, node_modules and Node's own frames, relative to the folder of cdktf.json", () => {
      const stack = [
        "Error",
        `    at new PostgresLtrBackups (${library}:75:5)`,
        `    at declare (${join(app, "node_modules", "@acme", "platform", "index.js")}:3:10)`,
        "    at node:internal/modules/cjs/loader:1256:14",
        `    at buildApp (${join(app, "src", "main.ts")}:42:3)`,
        `    at Object.<anonymous> (${join(app, "src", "main.ts")}:80:1)`,
      ].join("\n");
      expect(userFrame(stack)).toEqual({ file: "src/main.ts", line: 42, column: 3 });
    });

    it("reads file URLs and frames without a function name", () => {
      const url = pathToFileURL(join(app, "main.mjs")).href;
      expect(userFrame(`Error\n    at ${url}:7:12`)).toEqual({ file: "main.mjs", line: 7, column: 12 });
    });

    it("falls back to the working directory when no cdktf.json is above the file", () => {
      const elsewhere = join(process.cwd(), "scripts", "build-app.ts");
      expect(userFrame(`Error\n    at ${elsewhere}:9:1`)).toEqual({
        file: "scripts/build-app.ts",
        line: 9,
        column: 1,
      });
    });

    it("finds nothing when every frame is the library's or a dependency's", () => {
      expect(
        userFrame(`Error\n    at new X (${library}:1:1)\n    at eval (<anonymous>:1:1)`),
      ).toBeUndefined();
    });
  });
});
