import type { Log } from "sarif";
import type { CheckResult, Finding } from "../../lib/check/result";
import { renderPlan } from "../../lib/render/render-plan";
import { repositoryPath } from "../../lib/render/repository-path";
import { EXEMPTION, FINDINGS, resultOf } from "./fixtures/check-results";

/** GitHub reads annotation `file=` and SARIF `uri`s from the repository's root; `declaredAt` is app-relative. */
describe("paths of GitHub annotations and SARIF, relative to the repository's root", () => {
  it.each([
    ["an app at the root", "main.ts", undefined, "main.ts"],
    ["an app at the root, named as empty", "main.ts", "", "main.ts"],
    ["a subfolder app", "main.ts", "infra", "infra/main.ts"],
    ["a nested subfolder app", "lib/orders.ts", "stacks/data-platform", "stacks/data-platform/lib/orders.ts"],
    ["a trailing slash", "main.ts", "infra/", "infra/main.ts"],
    ["a file beside the app", "../shared/db.ts", "stacks/data-platform", "stacks/shared/db.ts"],
    ["a leading ./", "./main.ts", ".", "main.ts"],
    [
      "Windows separators in a report read from disk",
      "lib\\orders.ts",
      "stacks\\data-platform",
      "stacks/data-platform/lib/orders.ts",
    ],
  ])("%s", (_, file, sourceRoot, expected) => {
    expect(repositoryPath(file, sourceRoot)).toBe(expected);
  });

  const located: Finding = {
    ...FINDINGS.missing,
    declaredAt: { file: "lib\\orders db.ts", line: 42, column: 5 },
  };
  const result: CheckResult = {
    ...resultOf([located]),
    exempt: [
      {
        ...EXEMPTION,
        standing: "expiring",
        daysLeft: 9,
        declaredAt: { file: "main.ts", line: 7, column: 3 },
      },
    ],
  };

  it("puts the source root in front of every annotation's file", () => {
    const files = renderPlan(result, "github", { sourceRoot: "stacks/data-platform" })
      .split("\n")
      .flatMap((line) => /file=([^,]*)/.exec(line)?.[1] ?? []);
    expect(files).toEqual(["stacks/data-platform/lib/orders db.ts", "stacks/data-platform/main.ts"]);
  });

  it("puts the source root in front of every SARIF uri, percent-encoded, with / only", () => {
    const log = JSON.parse(renderPlan(result, "sarif", { sourceRoot: "stacks\\data-platform" })) as Log;
    expect(log.runs[0].results!.map((r) => r.locations![0].physicalLocation!.artifactLocation!.uri)).toEqual([
      "stacks/data-platform/lib/orders%20db.ts",
      "stacks/data-platform/main.ts",
    ]);
  });

  it("leaves the other formats' paths relative to the app's folder", () => {
    expect(renderPlan(result, "text", { sourceRoot: "infra" })).not.toContain("infra/");
    expect(renderPlan(result, "json", { sourceRoot: "infra" })).not.toContain("infra/");
  });
});
