import { join } from "node:path";
import { rootCertificates } from "node:tls";
import { trustedCertificates } from "../../lib/azure/trusted-certificates";
import { checkLtrBackups } from "../../lib/check/check-ltr-backups";
import { resolveCheckSettings } from "../../lib/check/check-settings";
import { PgLtrInputError } from "../../lib/errors/input-error";
import { readCdktfOut } from "../../lib/check/read-cdktf-out";
import { SubscriptionResolver, type SubscriptionFallback } from "../../lib/check/resolve-subscriptions";
import {
  expectationsDocument,
  serverExpectations,
  temporaryFolder,
  weeklySeries,
  writeCdktfOut,
} from "./support/cdktf-out-fixture";
import { SUBSCRIPTION } from "./support/fake-arm";
import { inputError } from "./support/input-error";

const named = serverExpectations({
  backups: [{ name: "nightly", maxAge: "P1D", constructPath: "app/orders-ltr" }],
});

describe("reading cdktf.out", () => {
  it("reads the expectations of every stack that declares some", () => {
    const folder = temporaryFolder();
    writeCdktfOut(folder, [
      { name: "data", document: expectationsDocument("data", [named]) },
      { name: "network" },
    ]);
    const out = readCdktfOut({ cwd: folder });
    expect(out.outDir).toBe(join(folder, "cdktf.out"));
    expect(out.stacks.map((s) => s.stack)).toEqual(["data"]);
    expect(out.stacks[0]?.document.servers[0]?.backups[0]?.name).toBe("nightly");
  });

  it("says to run cdktf synth when there is no cdktf.out", () => {
    const folder = temporaryFolder();
    expect(inputError(() => readCdktfOut({ cwd: folder }))).toBe(
      `no cdktf.out/manifest.json in ${folder}: run \`cdktf synth\` first (or pass --out DIR)`,
    );
  });

  it("names the absolute folder when --out points to one without a manifest", () => {
    const folder = temporaryFolder();
    expect(inputError(() => readCdktfOut({ outDir: join(folder, "out") }))).toBe(
      `no manifest.json in ${join(folder, "out")}: run \`cdktf synth\` first (or pass --out DIR)`,
    );
  });

  it("refuses a manifest that is not JSON", () => {
    const folder = temporaryFolder();
    writeCdktfOut(folder, [], "{ not json");
    expect(inputError(() => readCdktfOut({ cwd: folder }))).toMatch(
      /cdktf\.out\/manifest\.json is not JSON \(.+\): run `cdktf synth` again$/,
    );
  });

  it("refuses a manifest that is not the shape cdktf writes", () => {
    const folder = temporaryFolder();
    writeCdktfOut(folder, [], { version: "0.21.0", stacks: { data: { name: "data" } } });
    expect(inputError(() => readCdktfOut({ cwd: folder }))).toMatch(
      /manifest\.json is not the manifest cdktf writes \(at "\/stacks\/data": must have required property 'workingDirectory'\): run `cdktf synth` again$/,
    );
  });

  it("lists the stacks that exist when --stack names an unknown one", () => {
    const folder = temporaryFolder();
    writeCdktfOut(folder, [
      { name: "data", document: expectationsDocument("data", [named]) },
      { name: "network" },
    ]);
    expect(inputError(() => readCdktfOut({ cwd: folder, stacks: ["dta"] }))).toMatch(
      /^unknown stack "dta" \(--stack\): the stacks in .+manifest\.json are data, network$/,
    );
  });

  it("reads only the stacks chosen with --stack", () => {
    const folder = temporaryFolder();
    writeCdktfOut(folder, [
      { name: "data", document: expectationsDocument("data", [named]) },
      { name: "billing", document: expectationsDocument("billing", [named]) },
    ]);
    expect(readCdktfOut({ cwd: folder, stacks: ["billing"] }).stacks.map((s) => s.stack)).toEqual([
      "billing",
    ]);
  });

  it("refuses an expectations document that is not JSON", () => {
    const folder = temporaryFolder();
    writeCdktfOut(folder, [{ name: "data", document: '{"version": 1,' }]);
    expect(inputError(() => readCdktfOut({ cwd: folder }))).toMatch(
      /stacks\/data\/pg-ltr\.expectations\.json is not JSON \(.+\): run `cdktf synth` again$/,
    );
  });

  it("asks to upgrade when a newer release wrote the document", () => {
    const folder = temporaryFolder();
    writeCdktfOut(folder, [
      {
        name: "data",
        document: { version: 2, stack: "data", generatedBy: "cdktf-pg-ltr 2.0.0", servers: [] },
      },
    ]);
    expect(inputError(() => readCdktfOut({ cwd: folder }))).toMatch(
      /pg-ltr\.expectations\.json was written by a newer cdktf-pg-ltr \(cdktf-pg-ltr 2\.0\.0\) in format version 2, but this release reads version 1\.3 and older: upgrade cdktf-pg-ltr$/,
    );
  });

  it("asks to upgrade when a newer release added to the format (a newer minor version)", () => {
    const folder = temporaryFolder();
    writeCdktfOut(folder, [
      { name: "data", document: { ...expectationsDocument("data", [named]), minorVersion: 4, later: true } },
    ]);
    expect(inputError(() => readCdktfOut({ cwd: folder }))).toMatch(
      /in format version 1\.4, but this release reads version 1\.3 and older: upgrade cdktf-pg-ltr$/,
    );
  });

  it("still reads a document of minor version 0, without source locations or exemptions", () => {
    const folder = temporaryFolder();
    const document = expectationsDocument("data", [named]);
    expect(document).not.toHaveProperty("minorVersion");
    writeCdktfOut(folder, [{ name: "data", document }]);
    const [stack] = readCdktfOut({ cwd: folder }).stacks;
    expect(stack?.document.servers[0]?.backups[0]).toEqual({
      name: "nightly",
      maxAge: "P1D",
      constructPath: "app/orders-ltr",
    });
  });

  it("reads a document of minor version 3 with the scheduled runs of a vault policy", () => {
    const folder = temporaryFolder();
    const scheduled = {
      policyAddress: "azurerm_data_protection_backup_policy_postgresql_flexible_server.weekly",
      policyName: "pg-weekly",
      instanceAddress: "azurerm_data_protection_backup_instance_postgresql_flexible_server.orders",
      repeatingIntervals: ["R/2026-01-04T02:00:00+01:00/P1W"],
      timeZone: "W. Europe Standard Time",
      ianaTimeZone: "Europe/Berlin",
      runs: 4,
      grace: "PT6H",
      constructPath: "data",
    };
    writeCdktfOut(folder, [
      {
        name: "data",
        document: {
          ...expectationsDocument("data", [serverExpectations({ scheduled: [scheduled] })]),
          minorVersion: 3,
        },
      },
    ]);
    const [stack] = readCdktfOut({ cwd: folder }).stacks;
    expect(stack?.document.servers[0]?.scheduled).toEqual([scheduled]);
  });

  it("reads the source locations and exemptions, also from a stack that only exempts", () => {
    const folder = temporaryFolder();
    const declaredAt = { file: "src/main.ts", line: 42, column: 3 };
    const exemption = {
      constructPath: "scratch/scratch",
      address: "azurerm_postgresql_flexible_server.scratch",
      resourceGroupName: "rg-data",
      serverName: "scratch-db",
      reason: "Recreated every week for load tests",
      expires: "2027-03-31",
      exemptedScope: "scratch",
      declaredAt,
    };
    writeCdktfOut(folder, [
      {
        name: "data",
        document: {
          ...expectationsDocument("data", [
            serverExpectations({
              backups: [{ name: "nightly", maxAge: "P1D", constructPath: "app/orders-ltr", declaredAt }],
            }),
          ]),
          minorVersion: 2,
          exemptions: [],
        },
      },
      {
        name: "scratch",
        document: { ...expectationsDocument("scratch", []), minorVersion: 2, exemptions: [exemption] },
      },
    ]);
    const { stacks } = readCdktfOut({ cwd: folder });
    expect(stacks.map((stack) => stack.stack)).toEqual(["data", "scratch"]);
    expect(stacks[0]?.document.servers[0]?.backups[0]?.declaredAt).toEqual(declaredAt);
    expect(stacks[1]?.document.exemptions).toEqual([exemption]);
  });

  it("refuses an exemption whose expiry is not a real date", () => {
    const folder = temporaryFolder();
    const exemption = {
      constructPath: "data/scratch",
      address: "azurerm_postgresql_flexible_server.scratch",
      resourceGroupName: "rg-data",
      serverName: "scratch-db",
      reason: "Recreated every week for load tests",
      expires: "2027-02-30",
      exemptedScope: "data/scratch",
    };
    writeCdktfOut(folder, [
      {
        name: "data",
        document: { ...expectationsDocument("data", [named]), minorVersion: 2, exemptions: [exemption] },
      },
    ]);
    expect(inputError(() => readCdktfOut({ cwd: folder }))).toMatch(
      /has a value the checker cannot use \(at "\/exemptions\/0\/expires": is not a date that exists\)/,
    );
  });

  it("points at the offending value when the document breaks the schema", () => {
    const folder = temporaryFolder();
    const broken = {
      ...named,
      backups: [{ name: "nightly", maxAge: "1 day", constructPath: "app/orders-ltr" }],
    };
    writeCdktfOut(folder, [{ name: "data", document: expectationsDocument("data", [broken]) }]);
    expect(inputError(() => readCdktfOut({ cwd: folder }))).toMatch(
      /does not match the expectations schema \(at "\/servers\/0\/backups\/0\/maxAge": .+\): run `cdktf synth` again with this version of cdktf-pg-ltr$/,
    );
  });

  // A tampered document must not reach a request URL with a name synthesis would refuse: resource
  // group ".." silently dropped the /resourceGroups/.. segment, and the check reported compliant.
  it.each([
    [
      "resource group ..",
      { resourceGroupName: ".." },
      "/servers/0/resourceGroupName",
      'a resource group name must not end in "."',
    ],
    [
      "resource group .",
      { resourceGroupName: "." },
      "/servers/0/resourceGroupName",
      'a resource group name must not end in "."',
    ],
    [
      "resource group with a slash",
      { resourceGroupName: "rg/../x" },
      "/servers/0/resourceGroupName",
      "a resource group name must match the pattern ^[-\\w\\._\\(\\)]+$",
    ],
    [
      "server with a tail",
      { serverName: "pg-orders/../x" },
      "/servers/0/serverName",
      "a server name must match the pattern ^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$",
    ],
    [
      "server name bad_name",
      { serverName: "bad_name" },
      "/servers/0/serverName",
      "a server name must match the pattern ^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$",
    ],
    [
      "backup ..",
      { backups: [{ name: "..", maxAge: null, constructPath: "app/orders-ltr" }] },
      "/servers/0/backups/0/name",
      'a backup name must not be "." or "..", which URLs collapse',
    ],
    [
      "backup with a query",
      { backups: [{ name: "x?api-version=1", maxAge: null, constructPath: "app/orders-ltr" }] },
      "/servers/0/backups/0/name",
      "a backup name must match the pattern ^[-\\w\\._]+$",
    ],
    [
      "backup of 129 characters",
      { backups: [{ name: "b".repeat(129), maxAge: null, constructPath: "app/orders-ltr" }] },
      "/servers/0/backups/0/name",
      "a backup name must be 1-128 characters",
    ],
  ])("refuses a document with %s, naming the rule and not the value", (_case, override, pointer, rule) => {
    const folder = temporaryFolder();
    writeCdktfOut(folder, [
      { name: "data", document: expectationsDocument("data", [{ ...named, ...override }]) },
    ]);
    expect(inputError(() => readCdktfOut({ cwd: folder }))).toBe(
      `${join(folder, "cdktf.out/stacks/data/pg-ltr.expectations.json")} has a name the checker cannot use ` +
        `(at "${pointer}": ${rule}): fix the declaration and run \`cdktf synth\` again`,
    );
  });

  it("refuses a series whose template gives backup names that break the rule", () => {
    const folder = temporaryFolder();
    const series = serverExpectations({ series: [weeklySeries({ name: "weekly/{yyyy}-{MM}-{dd}" })] });
    writeCdktfOut(folder, [{ name: "data", document: expectationsDocument("data", [series]) }]);
    expect(inputError(() => readCdktfOut({ cwd: folder }))).toBe(
      `${join(folder, "cdktf.out/stacks/data/pg-ltr.expectations.json")} has a value the checker cannot use ` +
        '(at "/servers/0/series/0/name": gives backup names that must match the pattern ^[-\\w\\._]+$): ' +
        "fix the declaration and run `cdktf synth` again",
    );
  });

  it("accepts backup names under Azure's current rule that the reference page's pattern would refuse", () => {
    const folder = temporaryFolder();
    const azureNames = serverExpectations({
      backups: [{ name: "pre_upgrade.2026", maxAge: null, constructPath: "app/orders-ltr" }],
      series: [weeklySeries({ name: "weekly_{yyyy}_{MM}_{dd}" })],
    });
    writeCdktfOut(folder, [{ name: "data", document: expectationsDocument("data", [azureNames]) }]);
    expect(readCdktfOut({ cwd: folder }).stacks[0]?.document.servers[0]?.backups[0]?.name).toBe(
      "pre_upgrade.2026",
    );
  });

  it("refuses values the schema's patterns let through, such as a zero duration", () => {
    const folder = temporaryFolder();
    const zero = serverExpectations({
      series: [
        {
          name: "weekly-{yyyy}-{MM}-{dd}",
          every: "P0D",
          anchor: "2026-01-04T02:00:00Z",
          keep: 4,
          grace: "PT6H",
          constructPath: "app/orders-ltr",
        },
      ],
    });
    writeCdktfOut(folder, [{ name: "data", document: expectationsDocument("data", [zero]) }]);
    expect(inputError(() => readCdktfOut({ cwd: folder }))).toMatch(
      /has a value the checker cannot use \(at "\/servers\/0\/series\/0\/every": must be longer than zero\)/,
    );
  });

  it("says no PostgresLtrBackups were synthesized when no stack declares expectations", () => {
    const folder = temporaryFolder();
    writeCdktfOut(folder, [
      { name: "network" },
      { name: "empty", document: expectationsDocument("empty", []) },
    ]);
    expect(inputError(() => readCdktfOut({ cwd: folder }))).toBe(
      `no stack in ${join(folder, "cdktf.out")} declares LTR backup expectations (no pg-ltr.expectations.json with a server): ` +
        "no PostgresLtrBackups constructs were synthesized, so add one to a stack and run `cdktf synth`",
    );
  });

  it("says which chosen stacks declare nothing", () => {
    const folder = temporaryFolder();
    writeCdktfOut(folder, [
      { name: "network" },
      { name: "data", document: expectationsDocument("data", [named]) },
    ]);
    expect(inputError(() => readCdktfOut({ cwd: folder, stacks: ["network"] }))).toMatch(
      /^none of the stacks network declares LTR backup expectations/,
    );
  });
});

describe("choosing the subscription", () => {
  const folder = temporaryFolder();
  const withoutSubscription = serverExpectations({ subscriptionId: null, backups: named.backups });
  writeCdktfOut(folder, [{ name: "data", document: expectationsDocument("data", [withoutSubscription]) }]);
  const stacks = readCdktfOut({ cwd: folder }).stacks;
  const other = "11111111-1111-4111-8111-111111111111";
  const resolveSubscriptions = (declared: typeof stacks, fallback: SubscriptionFallback) =>
    new SubscriptionResolver(fallback).resolve(declared[0] as (typeof stacks)[number]);

  it("prefers the subscription declared with the server", () => {
    const declared = readCdktfOut({ cwd: writeFixture([named]) }).stacks;
    expect(
      resolveSubscriptions(declared, { subscriptionId: other, env: {} }).servers[0]?.subscriptionId,
    ).toBe(SUBSCRIPTION);
  });

  it("then --subscription, then ARM_SUBSCRIPTION_ID, then AZURE_SUBSCRIPTION_ID", () => {
    const env = {
      ARM_SUBSCRIPTION_ID: SUBSCRIPTION,
      AZURE_SUBSCRIPTION_ID: "22222222-2222-4222-8222-222222222222",
    };
    expect(resolveSubscriptions(stacks, { subscriptionId: other, env }).servers[0]?.subscriptionId).toBe(
      other,
    );
    expect(resolveSubscriptions(stacks, { env }).servers[0]?.subscriptionId).toBe(SUBSCRIPTION);
    expect(
      resolveSubscriptions(stacks, { env: { AZURE_SUBSCRIPTION_ID: other } }).servers[0]?.subscriptionId,
    ).toBe(other);
  });

  it("leaves a server without one unresolved, naming it and the three ways to give it", () => {
    const { servers, unresolved } = resolveSubscriptions(stacks, { env: {} });
    expect(servers).toEqual([]);
    expect(unresolved.map((server) => [server.stack, server.subscriptionId, server.reason])).toEqual([
      [
        "data",
        null,
        "no subscription for server rg-data/pg-orders (stack data): set subscriptionId on PostgresLtrBackups, " +
          "pass --subscription, or set ARM_SUBSCRIPTION_ID (or AZURE_SUBSCRIPTION_ID)",
      ],
    ]);
  });

  it("refuses a --subscription that is not a UUID; a bad variable only leaves the servers needing it unresolved", () => {
    expect(inputError(() => resolveSubscriptions(stacks, { subscriptionId: "prod", env: {} }))).toMatch(
      /^--subscription "prod" is not a subscription id/,
    );
    const { unresolved } = resolveSubscriptions(stacks, { env: { ARM_SUBSCRIPTION_ID: "prod" } });
    expect(unresolved[0]?.reason).toMatch(
      /^no subscription for server rg-data\/pg-orders \(stack data\): ARM_SUBSCRIPTION_ID "prod" is not a subscription id/,
    );
  });
});

describe("check options", () => {
  it.each([
    [{ now: "yesterday" }, /^--now "yesterday" must be an ISO 8601 instant with a time zone/],
    [
      { now: "2026-11-27T12:00:00" },
      /^--now "2026-11-27T12:00:00" must be an ISO 8601 instant with a time zone/,
    ],
    [{ now: new Date(Number.NaN) }, /^--now is an invalid Date/],
    [{ timeout: "30s" }, /^--timeout "30s" must be an ISO 8601 duration/],
    [{ timeout: "P1M" }, /^--timeout "P1M" must not use years or months/],
    [{ timeout: -5 }, /^--timeout -5 must be a positive number of milliseconds/],
    [{ stuckAfter: "1 day" }, /^--stuck-after "1 day" must be an ISO 8601 duration/],
    [{ concurrency: 0 }, /^--concurrency 0 must be a whole number of at least 1/],
    [{ strategy: "fast" as never }, /^--strategy "fast" is not one of auto, get, list/],
    [{ cloud: "AzureMoonCloud" as never }, /^unknown cloud "AzureMoonCloud": use one of AzurePublicCloud/],
    [
      { endpoint: "http://127.0.0.1:8080" },
      /must use https:\/\/: Azure credentials are never sent over plain HTTP/,
    ],
    [{ endpoint: "not a url" }, /^the endpoint "not a url" is not a URL/],
    [{ apiVersion: "latest" }, /^--api-version "latest" is not an api-version/],
  ])("refuses %j", (options, message) => {
    expect(inputError(() => resolveCheckSettings(options))).toMatch(message);
  });

  it("applies the defaults", () => {
    const settings = resolveCheckSettings({ now: "2026-11-27T12:00:00Z" });
    expect(settings.cloud.endpoint).toBe("https://management.azure.com");
    expect(settings.cloud.scope).toBe("https://management.azure.com/.default");
    expect(settings.timeout.ms).toBe(30_000);
    expect(settings).toMatchObject({
      apiVersion: "2025-08-01",
      concurrency: 32,
      strategy: "auto",
      maxRetries: 3,
    });
  });

  it("follows the cloud's login authority, and keeps the cloud's token scope behind an endpoint override", () => {
    const gov = resolveCheckSettings({ cloud: "AzureUSGovernment" }).cloud;
    expect(gov.cloud.authorityHost).toBe("https://login.microsoftonline.us");
    expect(gov.scope).toBe("https://management.usgovcloudapi.net/.default");
    const local = resolveCheckSettings({
      cloud: "AzureChinaCloud",
      endpoint: "https://127.0.0.1:8443/",
    }).cloud;
    // A proxy or private link forwards to ARM, which refuses a token issued for the proxy's origin.
    expect(local).toMatchObject({
      endpoint: "https://127.0.0.1:8443",
      origin: "https://127.0.0.1:8443",
      scope: "https://management.chinacloudapi.cn/.default",
    });
    expect(local.cloud.authorityHost).toBe("https://login.chinacloudapi.cn");
    const proxied = resolveCheckSettings({ endpoint: "https://arm-proxy.internal.example/arm" }).cloud;
    expect(proxied.scope).toBe("https://management.azure.com/.default");
  });

  it("takes --scope as given, whatever the cloud and endpoint", () => {
    const stack = resolveCheckSettings({
      endpoint: "https://management.local.azurestack.external",
      scope: " https://management.adfs.azurestack.local/4de154de-f8a8-4017-af41-df619da68155/.default ",
    }).cloud;
    expect(stack.scope).toBe(
      "https://management.adfs.azurestack.local/4de154de-f8a8-4017-af41-df619da68155/.default",
    );
  });

  it.each(["management.azure.com", "https://management.azure.com", "https://a/.default https://b/.default"])(
    "refuses --scope %j with the form a scope takes",
    (scope) => {
      expect(inputError(() => resolveCheckSettings({ scope }))).toBe(
        `--scope "${scope}" is not a token scope: pass the resource's URI followed by /.default, such as https://management.azure.com/.default`,
      );
    },
  );

  it("refuses extra CA certificates that hold no PEM certificate, and keeps the public roots with good ones", () => {
    expect(inputError(() => trustedCertificates("not a certificate"))).toBe(
      "the extra CA certificates hold no PEM certificate: pass the text of a PEM file (-----BEGIN CERTIFICATE-----)",
    );
    const pem = rootCertificates[0] as string;
    const list = trustedCertificates(`# my proxy\n${pem}\n`, {}) ?? [];
    expect(list.length).toBe(rootCertificates.length + 1);
    expect(list.at(-1)).toBe(pem);
    expect(trustedCertificates(undefined)).toBeUndefined();
  });

  it("rejects the whole check with the input error, before any request", async () => {
    const folder = temporaryFolder();
    await expect(
      checkLtrBackups({ outDir: join(folder, "missing"), now: "2026-11-27T12:00:00Z" }),
    ).rejects.toThrow(PgLtrInputError);
    await expect(checkLtrBackups({ outDir: join(folder, "missing"), now: "soon" })).rejects.toThrow(
      '--now "soon" must be an ISO 8601 instant',
    );
  });
});

function writeFixture(servers: ReturnType<typeof serverExpectations>[]): string {
  const folder = temporaryFolder();
  writeCdktfOut(folder, [{ name: "data", document: expectationsDocument("data", servers) }]);
  return folder;
}
