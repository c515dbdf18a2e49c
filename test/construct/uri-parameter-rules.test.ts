import { createAjv } from "../../lib/schema-validation/create-ajv";
import { UriParameter, uriParameterProblem, uriParameterRule } from "../../lib/construct/uri-parameter-rules";

// The construct checks names without ajv (it runs in every `cdktf synth`); it must still mean exactly
// what the generated JSON Schema keywords mean.
const cases: Record<UriParameter, unknown[]> = {
  subscriptionId: [
    "3f2b8c1e-6d4a-4b7e-9c2d-8a1f5e7b9c30",
    "3F2B8C1E-6D4A-4B7E-9C2D-8A1F5E7B9C30",
    "not-a-uuid",
    "",
    7,
  ],
  resourceGroupName: ["rg-data-prod", "", "r".repeat(90), "r".repeat(91), "rg_with.dots(1)", "ü".repeat(90)],
  serverName: [
    "orders-db",
    "ab",
    "abc",
    "-orders",
    "orders-",
    "s".repeat(63),
    "s".repeat(64),
    "Orders-DB",
    "orders_db",
  ],
  backupName: ["pre-upgrade-2026-11", "weekly-2026-11-22", "", "-x", "x--y", "x_y", "ü"],
};

describe("URI parameter rules", () => {
  const ajv = createAjv();
  it.each(Object.entries(cases).flatMap(([parameter, values]) => values.map((v) => [parameter, v] as const)))(
    "%s %j: same verdict as ajv on the generated rule",
    (parameter, value) => {
      const schemaSays = ajv.validate({ ...uriParameterRule(parameter as UriParameter) }, value);
      expect(uriParameterProblem(parameter as UriParameter, value) === undefined).toBe(schemaSays);
    },
  );

  it("names the rule that is broken, length first", () => {
    expect(uriParameterProblem("serverName", "ab")).toBe("must be 3-63 characters");
    expect(uriParameterProblem("serverName", "-orders")).toBe(
      "must match the pattern ^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*",
    );
    expect(uriParameterProblem("subscriptionId", "nope")).toMatch(/^must be a UUID/);
    expect(uriParameterProblem("resourceGroupName", "")).toBe("must be 1-90 characters");
  });
});
