import { readCdktfOut } from "../../lib/check/read-cdktf-out";
import { PgLtrInputError } from "../../lib/errors/input-error";
import { MAX_SERIES_KEEP, templateResolutionProblem } from "../../lib/expectations/series-template";
import type { Finding } from "../../lib/check/result";
import { renderPlan } from "../../lib/render/render-plan";
import expectationsSchema from "../../lib/schema/expectations.schema.json";
import { parseDuration } from "../../lib/time/duration";
import { FINDINGS, resultOf } from "../render/fixtures/check-results";
import {
  expectationsDocument,
  serverExpectations,
  temporaryFolder,
  writeCdktfOut,
} from "./support/cdktf-out-fixture";
import { SUBSCRIPTION } from "./support/fake-arm";
import { planServers } from "./support/plan-servers";

// A series is bounded by keep (at most MAX_SERIES_KEEP), but a document may declare many series and an
// estate many findings: nothing in the checker may spread or recurse over such arrays (a spread of
// ~130,000 items throws "Maximum call stack size exceeded").
const minutely = (k: number) => ({
  name: `m${k}-{yyyy}{MM}{dd}{HH}{mm}`,
  every: "PT1M",
  anchor: "2026-01-01T00:00:00Z",
  keep: MAX_SERIES_KEEP,
  grace: "PT30S",
  constructPath: "app/orders-ltr",
});

describe("unbounded series", () => {
  it("the reader refuses a tampered keep above the limit, naming the field and the rule", () => {
    const folder = temporaryFolder();
    const huge = serverExpectations({ series: [{ ...minutely(0), keep: 1_000_000_000 }] });
    const outDir = writeCdktfOut(folder, [{ name: "data", document: expectationsDocument("data", [huge]) }]);
    let message = "";
    try {
      readCdktfOut({ outDir });
    } catch (error) {
      expect(error).toBeInstanceOf(PgLtrInputError);
      message = (error as Error).message;
    }
    expect(message).toBe(
      `${outDir}/stacks/data/pg-ltr.expectations.json does not match the expectations schema ` +
        '(at "/servers/0/series/0/keep": must be <= 1000): run `cdktf synth` again with this version of cdktf-pg-ltr',
    );
  });

  it("the schema's limit is the checker's", () => {
    const keep = expectationsSchema.$defs.seriesExpectation.properties.keep as { maximum?: number };
    expect(keep.maximum).toBe(MAX_SERIES_KEEP);
  });

  it("plans 130 series of 1,000 occurrences on one server without spreading them", () => {
    const expectations = serverExpectations({ series: Array.from({ length: 130 }, (_, k) => minutely(k)) });
    const [plan] = planServers([{ stack: "data", subscriptionId: SUBSCRIPTION, expectations }], {
      now: new Date("2026-11-27T12:00:00Z"),
      strategy: "list",
    });
    expect(plan?.checks).toHaveLength(130 * (MAX_SERIES_KEEP + 1));
    expect(plan?.requests).toHaveLength(1);
  });

  it("judges a template with 200,000 placeholders without spreading them", () => {
    expect(templateResolutionProblem("{mm}".repeat(200_000), parseDuration("PT1M"))).toBeUndefined();
  });

  it("renders a text plan of 150,000 findings without spreading them", () => {
    const findings: Finding[] = Array.from({ length: 150_000 }, () => FINDINGS.missing);
    const text = renderPlan(resultOf(findings), "text", { color: false, quiet: true });
    expect(
      text.endsWith(
        "Plan: 150000 missing, 0 stale, 0 failed, 0 invalid, 0 unknown. 0 compliant, 0 running.\n",
      ),
    ).toBe(true);
  });
});
