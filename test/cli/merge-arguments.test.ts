import { parseMergeArguments } from "../../lib/cli/merge-arguments";
import { MERGE_HELP } from "../../lib/cli/merge-help";

describe("pg-ltr merge's formats", () => {
  it("renders the merged report as GitHub annotations or SARIF, like pg-ltr check", () => {
    const args = parseMergeArguments(["shard-1.json", "--format", "github", "--output", "sarif=ltr.sarif"]);
    expect(args.format).toBe("github");
    expect(args.outputs).toEqual([{ format: "sarif", path: "ltr.sarif" }]);
    expect(MERGE_HELP).toContain("text, json, junit, markdown, github");
    expect(MERGE_HELP).toContain("sarif (SARIF 2.1.0 for GitHub code scanning)");
  });

  it("refuses a format it does not know, naming the ones it does", () => {
    expect(() => parseMergeArguments(["shard-1.json", "--format", "checkstyle"])).toThrow(
      '--format "checkstyle" is not one of text, json, junit, markdown, github, sarif',
    );
  });

  it("takes --source-root, and suggests it for a typo", () => {
    expect(parseMergeArguments(["shard-1.json", "--source-root", "infra"]).sourceRoot).toBe("infra");
    expect(() => parseMergeArguments(["shard-1.json", "--source-rot", "infra"])).toThrow(
      'did you mean "--source-root"',
    );
    expect(MERGE_HELP).toContain("--source-root DIR");
  });
});
