import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveSourceRoot, type SourceRootInput } from "../../lib/cli/source-root";
import { PgLtrInputError } from "../../lib/errors/input-error";
import type { PlanFormat } from "../../lib/render/render-plan";

/**
 * Where GitHub annotation and SARIF paths start: a repository on disk with an app at its root, one in
 * stacks/data-platform, and a shard's artifacts folder holding only a downloaded cdktf.out.
 */
let repo: string;
beforeAll(() => {
  repo = realpathSync(mkdtempSync(join(tmpdir(), "pg-ltr-source-root-")));
  for (const app of ["", "stacks/data-platform"]) {
    mkdirSync(join(repo, app, "cdktf.out"), { recursive: true });
    writeFileSync(join(repo, app, "cdktf.json"), "{}");
  }
  mkdirSync(join(repo, "artifacts/cdktf.out"), { recursive: true });
  writeFileSync(join(repo, "README.md"), "not a folder");
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

const sub = (path: string) => (path === "" ? repo : join(repo, path));

function resolved(
  given: Partial<Omit<SourceRootInput, "cwd" | "outDir">> & { cwd?: string; outDir?: string },
) {
  return resolveSourceRoot({
    formats: ["github"] as PlanFormat[],
    env: { GITHUB_WORKSPACE: repo },
    ...given,
    flag: given.flag?.replace("<repo>", repo),
    cwd: sub(given.cwd ?? ""),
    outDir: given.outDir === undefined ? undefined : () => sub(given.outDir!),
  });
}

describe("the app folder's place in the repository, as GitHub annotation and SARIF paths need it", () => {
  it.each([
    ["an app at the repository's root", {}, ""],
    ["an app in a subfolder, run from its folder", { cwd: "stacks/data-platform" }, "stacks/data-platform"],
    [
      "run from the root with --out naming the subfolder app's cdktf.out",
      { cwd: "artifacts", outDir: "stacks/data-platform/cdktf.out" },
      "stacks/data-platform",
    ],
    [
      "--source-root overrides what the working directory says",
      { cwd: "stacks/data-platform", flag: "artifacts" },
      "artifacts",
    ],
    ["--source-root . is the root", { cwd: "stacks/data-platform", flag: "." }, ""],
    [
      "--source-root ./stacks/data-platform/ is stacks/data-platform",
      { flag: "./stacks/data-platform/" },
      "stacks/data-platform",
    ],
    ["--source-root with Windows separators", { flag: "stacks\\data-platform" }, "stacks/data-platform"],
    [
      "an absolute --source-root inside GITHUB_WORKSPACE",
      { cwd: "artifacts", flag: "<repo>/stacks/data-platform" },
      "stacks/data-platform",
    ],
    [
      "a relative --source-root outside GitHub Actions",
      { env: {}, cwd: "artifacts", flag: "stacks/data-platform" },
      "stacks/data-platform",
    ],
  ])("%s", (_, given, expected) => {
    const { sourceRoot, warnings } = resolved(given);
    expect(sourceRoot).toBe(expected);
    expect(sourceRoot).not.toMatch(/\\|^\.\/|\/$/);
    expect(warnings).toEqual([]);
  });

  it("warns of a --source-root that is not a folder of GITHUB_WORKSPACE (a typo), and uses it", () => {
    expect(resolved({ flag: "stacks/data-platfrom" })).toEqual({
      sourceRoot: "stacks/data-platfrom",
      warnings: [
        `--source-root stacks/data-platfrom is not a folder of GITHUB_WORKSPACE ${repo}; ` +
          "GitHub annotation and SARIF paths start with stacks/data-platfrom/ all the same",
      ],
    });
  });

  it.each([
    ["outside GitHub Actions", { env: {}, cwd: "stacks/data-platform" }],
    [
      "when no format names files for GitHub",
      { formats: ["text", "json"] as PlanFormat[], cwd: "stacks/data-platform" },
    ],
  ])("adds nothing and says nothing %s", (_, given) => {
    expect(resolved(given)).toEqual({ warnings: [] });
  });

  it.each([
    ["a relative path", "repo"],
    ["a file", "README.md"],
    ["a folder that does not exist", "no-such-folder"],
  ])("ignores a GITHUB_WORKSPACE that is %s, with a warning", (_, workspace) => {
    const value = workspace === "repo" ? "repo" : sub(workspace);
    const { sourceRoot, warnings } = resolved({
      env: { GITHUB_WORKSPACE: value },
      cwd: "stacks/data-platform",
    });
    expect(sourceRoot).toBeUndefined();
    expect(warnings).toEqual([
      `GITHUB_WORKSPACE ${JSON.stringify(value)} is not the absolute path of an existing folder, so it is ignored`,
    ]);
  });

  it("guesses nothing when neither the working directory nor cdktf.out's folder holds cdktf.json", () => {
    const { sourceRoot, warnings } = resolved({ cwd: "artifacts", outDir: "artifacts/cdktf.out" });
    expect(sourceRoot).toBeUndefined();
    expect(warnings).toEqual([
      `no cdktf.json in ${sub("artifacts")} or next to ${sub("artifacts/cdktf.out")}, so where the app is in the ` +
        "repository is not known: GitHub annotation and SARIF paths are left relative to the app's folder, right " +
        "only for an app at the repository's root; pass --source-root DIR (the app's folder relative to the " +
        "repository's root, . for the root)",
    ]);
  });

  it("says so when the app's folder is outside GITHUB_WORKSPACE", () => {
    const { sourceRoot, warnings } = resolved({ env: { GITHUB_WORKSPACE: sub("artifacts") } });
    expect(sourceRoot).toBeUndefined();
    expect(warnings).toEqual([
      expect.stringContaining(`the app's folder ${repo} is not inside GITHUB_WORKSPACE`),
    ]);
  });

  it.each([
    ["..", "--source-root .. climbs above the repository's root"],
    ["infra/../../x", "--source-root infra/../../x climbs above the repository's root"],
    ["..\\x", "--source-root ..\\x climbs above the repository's root"],
    ["/elsewhere/app", "--source-root /elsewhere/app is not inside GITHUB_WORKSPACE"],
    ["C:\\repo\\infra", "--source-root C:\\repo\\infra is a Windows path, not one of this machine"],
    [" ", "--source-root needs a folder; it was given an empty one"],
  ])("refuses --source-root %j", (flag, message) => {
    expect(() => resolved({ flag })).toThrow(PgLtrInputError);
    expect(() => resolved({ flag })).toThrow(message);
  });

  it("refuses an absolute --source-root outside GitHub Actions: there is no root to be relative to", () => {
    expect(() => resolved({ env: {}, flag: sub("infra") })).toThrow(
      /is absolute, which needs GITHUB_WORKSPACE .* such as --source-root infra/,
    );
  });
});
