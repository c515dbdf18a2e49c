import { wholePattern } from "../../codegen/model/apply-name-rules";
import namesSchema from "../../lib/schema/names.schema.json";
import uriParameters from "../../lib/schema/uri-parameters.json";
import { API_VERSION, PATH_TEMPLATE, URI_PARAMETERS } from "../../lib/schema/ltr-api.generated";

describe("uri-parameters.json", () => {
  it("records the request and the api-version the reference page gives", () => {
    expect(uriParameters.request).toMatchObject({
      method: "GET",
      apiVersion: "2025-08-01",
      urlTemplate:
        "https://management.azure.com/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.DBforPostgreSQL/flexibleServers/{serverName}/ltrBackupOperations/{backupName}",
    });
    expect(API_VERSION).toBe(uriParameters.request.apiVersion);
    expect(PATH_TEMPLATE).toBe(uriParameters.request.pathTemplate);
  });

  it("gives each URL placeholder the page's rules under its full name", () => {
    expect(uriParameters.subscriptionId).toMatchObject({
      nameOnPage: "subscription",
      in: "path",
      required: true,
      format: "uuid",
    });
    expect(uriParameters.resourceGroupName).toMatchObject({
      nameOnPage: "resource",
      minLength: 1,
      maxLength: 90,
    });
    expect(uriParameters.serverName).toMatchObject({ nameOnPage: "server", minLength: 3, maxLength: 63 });
    expect(uriParameters.backupName).toMatchObject({
      nameOnPage: "backup",
      in: "path",
      required: true,
      type: "string",
    });
    expect(uriParameters["api-version"]).toMatchObject({ in: "query", required: true, minLength: 1 });
  });

  it("keeps the name pattern verbatim, without a $ anchor, and says so", () => {
    for (const parameter of [uriParameters.serverName, uriParameters.backupName]) {
      expect(parameter.pattern).toBe("^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*");
      expect(parameter.$comment).toContain("without a `$` anchor");
    }
    // What that means for a user: a name with a forbidden tail still matches the page's pattern.
    expect(new RegExp(uriParameters.backupName.pattern).test("weekly_2026")).toBe(true);
  });

  it("exports the same rules as TypeScript constants", () => {
    expect(URI_PARAMETERS.serverName.maxLength).toBe(uriParameters.serverName.maxLength);
    expect(URI_PARAMETERS.backupName.pattern).toBe(uriParameters.backupName.pattern);
    expect(Object.keys(URI_PARAMETERS)).toEqual(
      Object.keys(uriParameters).filter((key) => key !== "$comment" && key !== "request"),
    );
  });
});

describe("names.schema.json", () => {
  it("applies the overlay of codegen/model/arm-conventions.ts to the page's rules, citing the source", () => {
    const { backupName, resourceGroupName, serverName, subscriptionId } = namesSchema.$defs;
    expect(backupName).toMatchObject({ minLength: 1, maxLength: 128, pattern: "^[-\\w\\._]+$" });
    expect(backupName.not).toEqual({ description: expect.any(String), pattern: "^\\.\\.?$" });
    expect(backupName.$comment).toContain("stable/2025-08-01/openapi.json");
    expect(resourceGroupName).toMatchObject({ minLength: 1, maxLength: 90, pattern: "^[-\\w\\._\\(\\)]+$" });
    expect(resourceGroupName.not.pattern).toBe("\\.$");
    expect(resourceGroupName.$comment).toContain("common-types/resource-management/v6");
    expect(serverName).toMatchObject({
      minLength: 3,
      maxLength: 63,
      pattern: "^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$",
    });
    expect(subscriptionId).toMatchObject({ format: "uuid" });
    // The page's own values stay in uri-parameters.json, for the record.
    expect(uriParameters.backupName.pattern).toBe("^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*");
    expect(uriParameters.backupName).not.toHaveProperty("maxLength");
  });

  it.each([
    ["^[a-z]+", "^[a-z]+$"],
    ["[a-z]+$", "^[a-z]+$"],
    ["^[a-z]+$", "^[a-z]+$"],
    ["^a|b", "^(?:a|b)$"],
    ["^a\\$", "^a\\$$"],
  ])("anchors the page's pattern %s as %s", (pattern, whole) => {
    expect(wholePattern(pattern)).toBe(whole);
  });
});
