import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as fsPromises from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeReportFiles } from "../../lib/cli/write-report-files";

jest.mock("node:fs/promises", () => {
  const actual = jest.requireActual<typeof import("node:fs/promises")>("node:fs/promises");
  return { ...actual, writeFile: jest.fn(actual.writeFile) };
});

describe("--output files", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "pg-ltr-output-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes each file relative to the working directory, creating folders", async () => {
    await writeReportFiles(
      [
        { format: "junit", path: "reports/ci/ltr.xml" },
        { format: "json", path: join(dir, "ltr.json") },
      ],
      (output) => `${output.format} report\n`,
      { cwd: dir, env: {} },
    );
    expect(readFileSync(join(dir, "reports/ci/ltr.xml"), "utf8")).toBe("junit report\n");
    expect(readFileSync(join(dir, "ltr.json"), "utf8")).toBe("json report\n");
  });

  it("replaces an earlier report but appends to $GITHUB_STEP_SUMMARY", async () => {
    writeFileSync(join(dir, "old.json"), "previous run\n");
    writeFileSync(join(dir, "summary.md"), "# Build\n");
    await writeReportFiles(
      [
        { format: "json", path: "old.json" },
        { format: "markdown", path: join(dir, "summary.md") },
      ],
      (output) => `${output.format} report\n`,
      { cwd: dir, env: { GITHUB_STEP_SUMMARY: join(dir, "summary.md") } },
    );
    expect(readFileSync(join(dir, "old.json"), "utf8")).toBe("json report\n");
    expect(readFileSync(join(dir, "summary.md"), "utf8")).toBe("# Build\nmarkdown report\n");
  });

  it("says which --output could not be written", async () => {
    writeFileSync(join(dir, "a-file"), "");
    await expect(
      writeReportFiles([{ format: "junit", path: "a-file/ltr.xml" }], () => "x", { cwd: dir, env: {} }),
    ).rejects.toThrow(
      /^could not write --output junit=a-file\/ltr\.xml \(E[A-Z]+\): choose a path you can write to$/,
    );
  });

  it("keeps the previous report whole when writing the new one fails halfway (disk full)", async () => {
    writeFileSync(join(dir, "ltr.json"), '{"previous":"run"}\n');
    const writeFile = jest.mocked(fsPromises.writeFile);
    const actual = jest.requireActual<typeof import("node:fs/promises")>("node:fs/promises");
    writeFile.mockImplementationOnce(async (file, data) => {
      // What a full disk leaves: the start of the text, then ENOSPC.
      await actual.writeFile(file as string, String(data).slice(0, 5));
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    });
    await expect(
      writeReportFiles([{ format: "json", path: "ltr.json" }], () => '{"new":"report"}\n', {
        cwd: dir,
        env: {},
      }),
    ).rejects.toThrow(/^could not write --output json=ltr\.json \(ENOSPC\): choose a path you can write to$/);
    expect(readFileSync(join(dir, "ltr.json"), "utf8")).toBe('{"previous":"run"}\n');
    // And no temporary file is left behind.
    expect(readdirSync(dir)).toEqual(["ltr.json"]);
  });
});
