import type { ErrorObject } from "ajv";
import { createAjv } from "../../lib/schema-validation/create-ajv";
import errorResponseSchema from "../../lib/schema/error-response.schema.json";

const validate = createAjv().compile(errorResponseSchema);

function errorsOf(payload: unknown): Array<[string, string]> {
  return validate(payload)
    ? []
    : (validate.errors ?? []).map((error: ErrorObject) => [error.instancePath, error.keyword]);
}

describe("error-response.schema.json", () => {
  it("accepts the body ARM answers a GET of a backup operation that does not exist with (404)", () => {
    const notFound = {
      error: {
        code: "ResourceNotFound",
        message:
          "The Resource 'Microsoft.DBforPostgreSQL/flexibleServers/orders-db/ltrBackupOperations/pre-upgrade' under " +
          "resource group 'rg-data-prod' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
      },
    };
    expect(errorsOf(notFound)).toEqual([]);
  });

  it("accepts nested details, additional info and fields ARM adds", () => {
    const throttled = {
      error: {
        code: "AuthorizationFailed",
        message: "The client does not have authorization to perform action.",
        target: "ltrBackupOperations",
        details: [
          {
            code: "InnerError",
            message: "first level",
            details: [{ code: "Deeper", message: "second level", details: [] }],
            additionalInfo: [{ type: "PolicyViolation", info: { policyDefinitionId: "/providers/x" } }],
          },
        ],
        additionalInfo: [{ type: "RetryInfo", info: { retryAfter: "PT5S" } }],
        innerError: { correlationId: "c" },
      },
    };
    expect(errorsOf(throttled)).toEqual([]);
  });

  it.each<[string, unknown, Array<[string, string]>]>([
    [
      "details that is an object, not an array",
      { error: { code: "X", details: { code: "Y" } } },
      [["/error/details", "type"]],
    ],
    [
      "a nested detail whose details is a string",
      { error: { code: "X", details: [{ code: "Y", details: "none" }] } },
      [["/error/details/0/details", "type"]],
    ],
    [
      "additionalInfo that is an object",
      { error: { additionalInfo: { type: "T" } } },
      [["/error/additionalInfo", "type"]],
    ],
    [
      "info that is a string",
      { error: { additionalInfo: [{ type: "T", info: "x" }] } },
      [["/error/additionalInfo/0/info", "type"]],
    ],
    ["an error that is a string", { error: "Not found" }, [["/error", "type"]]],
    ["a code that is a number", { error: { code: 404 } }, [["/error/code", "type"]]],
  ])("rejects %s, pointing at the field", (_, payload, expected) => {
    expect(errorsOf(payload)).toEqual(expected);
  });
});
