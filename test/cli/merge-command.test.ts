import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CheckResult } from "../../lib/check/result";
import { runMergeCommand } from "../../lib/cli/merge-command";
import { renderPlan } from "../../lib/render/render-plan";
import { EXEMPTION, FINDINGS, resultOf } from "../render/fixtures/check-results";
import { capturedIo } from "./captured-io";

describe("pg-ltr merge (in-process)", () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "pg-ltr-merge-command-"));
    const expiring = { ...EXEMPTION, standing: "expiring" as const, daysLeft: 9 };
    const shard = (index: number, findings: CheckResult["findings"]): void => {
      const result: CheckResult = {
        ...resultOf(findings),
        exempt: [expiring],
        scope: {
          fingerprint: `sha256:${"ab".repeat(32)}`,
          totalExpectations: 3,
          shard: { index, count: 2 },
          missingShards: [],
        },
      };
      writeFileSync(join(folder, `shard-${index}.json`), renderPlan(result, "json"));
    };
    shard(1, [FINDINGS.compliant, FINDINGS.missing]);
    shard(2, [FINDINGS.error]);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("says on stderr what could not be checked and which exemption runs out, as pg-ltr check does", async () => {
    const io = capturedIo({ cwd: folder });
    const code = await runMergeCommand(["shard-1.json", "shard-2.json", "-q"], io);
    expect(code).toBe(1);
    expect(io.stdoutText()).not.toContain("╷");
    expect(io.stdoutText()).toContain("  # data-platform/orders-db/pre-upgrade-2026-11 is missing\n");
    expect(io.stdoutText().endsWith("1 could not be checked, 1 exempt.\n")).toBe(true);
    const stderr = io.stderrText();
    expect(stderr.match(/│ Error: /g)).toHaveLength(1);
    expect(stderr).toContain("│ Error: The signed-in principal may not read server reports-db");
    expect(stderr).toContain(
      "│ Warning: The LTR exemption of data-platform/scratch-db expires on 2027-03-31, within 30 days\n",
    );
  });

  describe("paths of annotations and SARIF, which GitHub reads from the repository's root", () => {
    const annotatedFile = async (args: string[], where: { cwd: string; env?: NodeJS.ProcessEnv }) => {
      const io = capturedIo(where);
      await runMergeCommand([join(folder, "shard-1.json"), join(folder, "shard-2.json"), ...args], io);
      return { file: /file=([^,]*)/.exec(io.stdoutText())?.[1], stderr: io.stderrText() };
    };

    it("--source-root puts the app's folder in front, wherever the merge job runs", async () => {
      mkdirSync(join(folder, "stacks/data-platform"), { recursive: true });
      const run = await annotatedFile(["--format", "github", "--source-root", "stacks/data-platform"], {
        cwd: folder,
        env: { GITHUB_WORKSPACE: realpathSync(folder) },
      });
      expect(run).toEqual({
        file: "stacks/data-platform/main.ts",
        stderr: expect.not.stringMatching(/^Warning: /m),
      });
    });

    it("in GitHub Actions, run in the app's folder (it holds cdktf.json), finds it by itself", async () => {
      const app = join(folder, "infra");
      mkdirSync(app, { recursive: true });
      writeFileSync(join(app, "cdktf.json"), "{}");
      const run = await annotatedFile(["--format", "github"], {
        cwd: app,
        env: { GITHUB_WORKSPACE: folder },
      });
      expect(run.file).toBe("infra/main.ts");
    });

    it("in GitHub Actions, run where there is no cdktf.json, asks for --source-root rather than guess", async () => {
      const run = await annotatedFile(["--format", "github"], {
        cwd: folder,
        env: { GITHUB_WORKSPACE: folder },
      });
      expect(run.file).toBe("main.ts");
      expect(run.stderr).toContain(
        `Warning: no cdktf.json in ${folder}, so where the app is in the repository is not known`,
      );
      expect(run.stderr).toContain("pass --source-root DIR");
    });

    it("refuses a --source-root that climbs above the repository, as a clear error", async () => {
      const io = capturedIo({ cwd: folder });
      const code = await runMergeCommand(["shard-1.json", "--source-root", "../elsewhere"], io);
      expect(code).toBe(1);
      expect(io.stderrText()).toContain("--source-root ../elsewhere climbs above the repository's root");
      expect(io.stderrText()).not.toMatch(/\n\s+at /);
    });
  });
});
