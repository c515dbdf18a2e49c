import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GENERATED_FILES, PAGE, SCHEMA_DIRECTORY, generator, npmRunGenerate } from "./run-generator";

const page = readFileSync(PAGE, "utf8");
let scratch: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "pg-ltr-codegen-"));
});
afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function copyCommittedFiles(): string {
  const directory = join(scratch, "schema");
  mkdirSync(directory);
  for (const name of GENERATED_FILES) copyFileSync(join(SCHEMA_DIRECTORY, name), join(directory, name));
  return directory;
}

function pageWithout(from: string, upTo: string | undefined): string {
  const start = page.indexOf(from);
  expect(start).toBeGreaterThan(0);
  const end = upTo === undefined ? page.length : page.indexOf(upTo, start);
  expect(end).toBeGreaterThan(start);
  const path = join(scratch, "page.txt");
  writeFileSync(path, page.slice(0, start) + page.slice(end));
  return path;
}

function expectNoStackTrace(output: string): void {
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toContain("Internal error");
}

describe("npm run generate -- --check", () => {
  it("passes on the committed files", async () => {
    const result = await npmRunGenerate(["--check"]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("All 6 generated files in lib/schema are up to date.");
    expect(result.code).toBe(0);
  });

  it("fails with a diff naming the file and the lines when a committed file was edited, and writes nothing", async () => {
    const directory = copyCommittedFiles();
    const edited = join(directory, "ltr-backup-operation.schema.json");
    const original = readFileSync(edited, "utf8");
    expect(original).toContain('"minimum": 0,');
    writeFileSync(edited, original.replace('"minimum": 0,', '"minimum": -5,'));

    const result = await generator(["--check", "--out-dir", directory]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${edited} (committed)`);
    expect(result.stderr).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/m);
    expect(result.stderr).toMatch(/^- +"minimum": -5,$/m);
    expect(result.stderr).toMatch(/^\+ +"minimum": 0,$/m);
    expect(result.stderr).toContain('run "npm run generate"');
    expect(result.stderr).not.toContain("error-response.schema.json");
    expect(readFileSync(edited, "utf8")).toContain('"minimum": -5,');
  });

  it("names a generated file that is missing", async () => {
    const directory = copyCommittedFiles();
    rmSync(join(directory, "uri-parameters.json"));
    const result = await generator(["--check", "--out-dir", directory]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${join(directory, "uri-parameters.json")} does not exist.`);
  });
});

describe("npm run generate", () => {
  it("writes exactly the committed files, each ending with a newline, into an empty directory", async () => {
    const directory = join(scratch, "out");
    const result = await generator(["--out-dir", directory]);
    expect(result.code).toBe(0);
    for (const name of GENERATED_FILES) {
      const written = readFileSync(join(directory, name), "utf8");
      expect(written).toBe(readFileSync(join(SCHEMA_DIRECTORY, name), "utf8"));
      expect(written.endsWith("}\n") || written.endsWith(";\n")).toBe(true);
    }
  });

  it("stops, naming the definition it lacks, when the page is cut before the ExecutionStatus section", async () => {
    const input = pageWithout("ExecutionStatus\nService-set", undefined);
    const result = await generator(["--input", input, "--out-dir", join(scratch, "out")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${input}: the Definitions section has no table for "Execution…"`);
    expect(result.stderr).toContain("BackupsLongTermRetentionOperation's properties.status refers to");
    expectNoStackTrace(result.stderr);
  });

  it("names the definition in full when only its table is missing", async () => {
    const input = pageWithout("| Value | Description |\n|---|---|\n| Running |", "systemData\nMetadata");
    const result = await generator(["--input", input, "--out-dir", join(scratch, "out")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the Definitions section has no table for "ExecutionStatus"`);
    expectNoStackTrace(result.stderr);
  });

  it("stops, naming the section, when the page has no URI Parameters table", async () => {
    const input = pageWithout("| Name | In | Required |", "Responses\n");
    const result = await generator(["--input", input, "--out-dir", join(scratch, "out")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the "URI Parameters" section (line 4) has no table of parameters`);
    expect(result.stderr).toContain("{subscriptionId}, {resourceGroupName}, {serverName}, {backupName}");
    expectNoStackTrace(result.stderr);
  });

  it("rejects an unknown option and a page that does not exist with one clear line", async () => {
    const unknown = await generator(["--chek"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^Error: Unknown option '--chek'.*npm run generate -- --help/);
    expectNoStackTrace(unknown.stderr);

    const missing = await generator(["--input", join(scratch, "nope.txt")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `Error: cannot read the reference page ${join(scratch, "nope.txt")}; pass an existing file to --input.\n`,
    );
  });
});
