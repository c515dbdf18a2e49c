import type { TerraformStack } from "cdktf";
import type { PostgresLtrBackupsProps } from "cdktf-pg-ltr";
import { FRAMEWORKS } from "../support/frameworks";
import { fixturesFor } from "./fixtures";

const PATTERN = "^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$";
const BACKUP_PATTERN = "^[-\\w\\._]+$";
const PATH = "data-platform/orders-ltr";
const plain = { resourceGroupName: "rg-data-prod", serverName: "orders-db" };
const latest = { maxAge: "P8D" };
const weekly = { name: "weekly-{yyyy}-{MM}-{dd}", every: "P7D", anchor: "2026-01-04T02:00:00Z" };

describe.each(FRAMEWORKS)("validation of a PostgresLtrBackups at synth (%s)", (_name, framework) => {
  const { TerraformStack, TerraformVariable, Testing } = framework.cdk;
  const { AzurermProvider } = framework;
  const { PostgresLtrBackups } = framework.lib;
  const { flexibleServer, newApp, newStack } = fixturesFor(framework);

  /** The validation messages of one PostgresLtrBackups declared with `props` in a stack with a provider. */
  function problems(props: (stack: TerraformStack) => PostgresLtrBackupsProps): string[] {
    const { stack } = newStack();
    return new PostgresLtrBackups(stack, "orders-ltr", props(stack)).node.validate();
  }

  const cases: Array<[string, (stack: TerraformStack) => PostgresLtrBackupsProps, string]> = [
    [
      "server name too short (from the resource)",
      (s) => ({ server: flexibleServer(s, "orders", "ab"), latest }),
      'server name "ab" must be 3-63 characters',
    ],
    [
      "server name too long (plain coordinates)",
      () => ({ server: { ...plain, serverName: "a".repeat(64) }, latest }),
      `server name "${"a".repeat(64)}" must be 3-63 characters`,
    ],
    [
      "server name not matching the pattern",
      () => ({ server: { ...plain, serverName: "-orders-db" }, latest }),
      `server name "-orders-db" must match the pattern ${PATTERN}`,
    ],
    [
      "empty resource group",
      () => ({ server: { ...plain, resourceGroupName: "" }, latest }),
      'resource group name "" must be 1-90 characters',
    ],
    [
      "resource group too long",
      (s) => ({ server: flexibleServer(s, "orders", "orders-db", "r".repeat(91)), latest }),
      `resource group name "${"r".repeat(91)}" must be 1-90 characters`,
    ],
    [
      "subscription in props not a UUID",
      () => ({ server: plain, subscriptionId: "prod-subscription", latest }),
      'subscription ID "prod-subscription" must be a UUID such as 00000000-0000-0000-0000-000000000000',
    ],
    [
      "subscription in coordinates not a UUID",
      () => ({ server: { ...plain, subscriptionId: "1234" }, latest }),
      'server.subscriptionId "1234" must be a UUID such as 00000000-0000-0000-0000-000000000000',
    ],
    [
      "backup name not matching the pattern",
      () => ({ server: plain, backups: [{ name: "pre upgrade/2026" }] }),
      `backups[0].name "pre upgrade/2026" must match the pattern ${BACKUP_PATTERN}`,
    ],
    [
      "empty backup name",
      () => ({ server: plain, backups: [{ name: "ok-name" }, { name: "" }] }),
      `backups[1].name "" must be 1-128 characters`,
    ],
    [
      "backup maxAge not a duration",
      () => ({ server: plain, backups: [{ name: "pre-upgrade", maxAge: "400 days" }] }),
      'backups[0].maxAge "400 days" must be an ISO 8601 duration such as P7D, PT6H or P1M',
    ],
    [
      "zero latest maxAge",
      () => ({ server: plain, latest: { maxAge: "P0D" } }),
      'latest.maxAge "P0D" must be longer than zero',
    ],
    [
      "series every not a duration",
      () => ({ server: plain, series: [{ ...weekly, every: "weekly" }] }),
      'series[0].every "weekly" must be an ISO 8601 duration such as P7D, PT6H or P1M',
    ],
    [
      "series anchor without a time zone",
      () => ({ server: plain, series: [{ ...weekly, anchor: "2026-01-04T02:00:00" }] }),
      'series[0].anchor "2026-01-04T02:00:00" must be an ISO 8601 instant with a time zone, such as 2026-01-04T02:00:00Z',
    ],
    [
      "series anchor that does not exist",
      () => ({ server: plain, series: [{ ...weekly, anchor: "2026-02-30T02:00:00Z" }] }),
      'series[0].anchor "2026-02-30T02:00:00Z" is not a date and time that exists',
    ],
    [
      "series keep of zero",
      () => ({ server: plain, series: [{ ...weekly, keep: 0 }] }),
      "series[0].keep 0 must be a whole number of at least 1",
    ],
    [
      "series keep not whole",
      () => ({ server: plain, series: [{ ...weekly, keep: 2.5 }] }),
      "series[0].keep 2.5 must be a whole number of at least 1",
    ],
    [
      "series grace not shorter than every",
      () => ({ server: plain, series: [{ ...weekly, grace: "P1W" }] }),
      'series[0].grace "P1W" must be shorter than every "P7D", so that only the newest occurrence can still be within its grace period',
    ],
    [
      "default grace not shorter than an hourly every",
      () => ({
        server: plain,
        series: [{ name: "hourly-{yyyy}{MM}{dd}-{HH}", every: "PT1H", anchor: weekly.anchor }],
      }),
      'series[0].grace "PT6H" (the default) must be shorter than every "PT1H", so that only the newest occurrence can still be within its grace period',
    ],
    [
      "series name with an unknown placeholder",
      () => ({ server: plain, series: [{ ...weekly, name: "weekly-{yyyy}-{week}" }] }),
      'series[0].name "weekly-{yyyy}-{week}" has the unknown placeholder {week}; use {yyyy} {MM} {dd} {HH} {mm}',
    ],
    [
      "series name without a date placeholder",
      () => ({ server: plain, series: [{ ...weekly, name: "weekly" }] }),
      'series[0].name "weekly" must contain a date placeholder such as {yyyy}-{MM}-{dd}',
    ],
    [
      "series name too coarse for its interval",
      () => ({ server: plain, series: [{ ...weekly, name: "weekly-{yyyy}-{MM}" }] }),
      'series[0].name "weekly-{yyyy}-{MM}" gives two occurrences the same name: add a finer placeholder ({dd}, {HH} or {mm}) or lengthen `every`',
    ],
    [
      "series keep above the limit",
      () => ({ server: plain, series: [{ ...weekly, keep: 1001 }] }),
      "series[0].keep 1001 must be at most 1000: pg-ltr checks at most 1000 occurrences of a series, each one " +
        "request; keep fewer, or lengthen every",
    ],
    [
      "series name that gives invalid backup names",
      () => ({ server: plain, series: [{ ...weekly, name: "#{yyyy}-{MM}-{dd}" }] }),
      `series[0].name "#{yyyy}-{MM}-{dd}" gives backup names such as "#2026-01-04", and a backup name must match the pattern ${BACKUP_PATTERN}`,
    ],
    [
      "no expectation at all",
      () => ({ server: plain, backups: [], series: [] }),
      "declares no expectation: give at least one of backups, latest or series",
    ],
  ];

  // Every name is matched whole (the reference page's patterns have no `$`); backup names follow
  // Azure's current rule, 1-128 characters of ^[-\w\._]+$.
  const names: Array<[string, PostgresLtrBackupsProps, string | undefined]> = [
    [
      "server orders_db",
      { server: { ...plain, serverName: "orders_db" }, latest },
      `server name "orders_db" must match the pattern ${PATTERN}`,
    ],
    [
      "server bad_name",
      { server: { ...plain, serverName: "bad_name" }, latest },
      `server name "bad_name" must match the pattern ${PATTERN}`,
    ],
    ["server orders-db", { server: plain, latest }, undefined],
    [
      "resource group ..",
      { server: { ...plain, resourceGroupName: ".." }, latest },
      'resource group name ".." must not end in "."',
    ],
    [
      "resource group rg.",
      { server: { ...plain, resourceGroupName: "rg." }, latest },
      'resource group name "rg." must not end in "."',
    ],
    [
      "resource group rg_data.prod(1)",
      { server: { ...plain, resourceGroupName: "rg_data.prod(1)" }, latest },
      undefined,
    ],
    [
      "resource group rg data",
      { server: { ...plain, resourceGroupName: "rg data" }, latest },
      'resource group name "rg data" must match the pattern ^[-\\w\\._\\(\\)]+$',
    ],
    [
      "backup pre upgrade/2026",
      { server: plain, backups: [{ name: "pre upgrade/2026" }] },
      `backups[0].name "pre upgrade/2026" must match the pattern ${BACKUP_PATTERN}`,
    ],
    ["backup weekly_2026.11", { server: plain, backups: [{ name: "weekly_2026.11" }] }, undefined],
    ["backup _pre-upgrade", { server: plain, backups: [{ name: "_pre-upgrade" }] }, undefined],
    [
      "backup ..",
      { server: plain, backups: [{ name: ".." }] },
      'backups[0].name ".." must not be "." or "..", which URLs collapse',
    ],
    [
      "backup .",
      { server: plain, backups: [{ name: "." }] },
      'backups[0].name "." must not be "." or "..", which URLs collapse',
    ],
    ["backup of 128 characters", { server: plain, backups: [{ name: "b".repeat(128) }] }, undefined],
    [
      "backup of 129 characters",
      { server: plain, backups: [{ name: "b".repeat(129) }] },
      `backups[0].name "${"b".repeat(129)}" must be 1-128 characters`,
    ],
    [
      "series template giving names with a space",
      { server: plain, series: [{ ...weekly, name: "weekly {yyyy}-{MM}-{dd}" }] },
      `series[0].name "weekly {yyyy}-{MM}-{dd}" gives backup names such as "weekly 2026-01-04", and a backup name must match the pattern ${BACKUP_PATTERN}`,
    ],
    [
      "series template with underscores",
      { server: plain, series: [{ ...weekly, name: "weekly_{yyyy}_{MM}_{dd}" }] },
      undefined,
    ],
  ];
  it.each(names)("name rule: %s", (_name, props, message) => {
    expect(problems(() => props)).toEqual(message === undefined ? [] : [message]);
  });

  it.each(cases)("rejects %s", (_name, props, message) => {
    expect(problems(props)).toEqual([message]);
  });

  it("accepts a complete, valid declaration", () => {
    expect(
      problems((s) => ({
        server: flexibleServer(s, "orders"),
        backups: [{ name: "pre-upgrade-2026-11", maxAge: "P400D" }],
        latest,
        series: [{ ...weekly, keep: 4, grace: "PT6H" }],
      })),
    ).toEqual([]);
  });

  it("reports every problem of a declaration at once", () => {
    expect(
      problems(() => ({
        server: { ...plain, serverName: "ab" },
        backups: [{ name: "ok", maxAge: "forever" }],
        latest: { maxAge: "8d" },
      })),
    ).toEqual([
      `server name "ab" must be 3-63 characters`,
      `backups[0].maxAge "forever" must be an ISO 8601 duration such as P7D, PT6H or P1M`,
      `latest.maxAge "8d" must be an ISO 8601 duration such as P7D, PT6H or P1M`,
    ]);
  });

  it("reads the server's name when synth runs, so a name set after construction counts", () => {
    const { stack } = newStack();
    const server = flexibleServer(stack, "orders", "orders-db");
    const ltr = new PostgresLtrBackups(stack, "orders-ltr", { server, latest });
    server.name = "xy";
    expect(ltr.node.validate()).toEqual([`server name "xy" must be 3-63 characters`]);
  });

  it("rejects tokens in backup names", () => {
    const { stack } = newStack();
    const variable = new TerraformVariable(stack, "v", { type: "string" });
    expect(
      new PostgresLtrBackups(stack, "orders-ltr", {
        server: plain,
        backups: [{ name: variable.stringValue }],
      }).node.validate(),
    ).toEqual(["backups[0].name is not known at synth time (it is a token); pass a literal string"]);
  });

  it("rejects a provider subscription that is a literal but not a UUID", () => {
    const { stack } = newStack(null);
    new AzurermProvider(stack, "azurerm", { features: [{}], subscriptionId: "my-subscription" });
    expect(
      new PostgresLtrBackups(stack, "orders-ltr", {
        server: flexibleServer(stack, "orders"),
        latest,
      }).node.validate(),
    ).toEqual([
      `subscription ID "my-subscription" of the provider data-platform/azurerm must be a UUID such as ` +
        `00000000-0000-0000-0000-000000000000`,
    ]);
  });

  describe("declarations that contradict each other", () => {
    it("rejects a backup name declared twice by one construct", () => {
      expect(
        problems(() => ({ server: plain, backups: [{ name: "pre-upgrade" }, { name: "Pre-Upgrade" }] })),
      ).toEqual([
        `backups[1].name "Pre-Upgrade" is already declared for server rg-data-prod/orders-db by ` +
          `${PATH} (backups[0]); declare each backup once`,
      ]);
    });

    it("rejects a backup name declared by two constructs for one server, on the later one", () => {
      const { stack } = newStack();
      const server = flexibleServer(stack, "orders");
      const first = new PostgresLtrBackups(stack, "orders-ltr", {
        server,
        backups: [{ name: "pre-upgrade" }],
      });
      const second = new PostgresLtrBackups(stack, "audit-ltr", {
        server: plain,
        backups: [{ name: "pre-upgrade" }],
      });
      expect(first.node.validate()).toEqual([]);
      expect(second.node.validate()).toEqual([
        `backups[0].name "pre-upgrade" is already declared for server ` +
          `rg-data-prod/orders-db by ${PATH} (backups[0]); declare each backup once`,
      ]);
    });

    it("rejects a backup name declared for one server in two stacks, and synth fails with the message", () => {
      const app = newApp();
      const stacks = ["eu", "eu-copy"].map((name) => new TerraformStack(app, name));
      for (const stack of stacks) {
        new PostgresLtrBackups(stack, "ltr", { server: plain, backups: [{ name: "pre-upgrade" }] });
      }
      expect(() => app.synth()).toThrow(
        `[eu-copy/ltr] backups[0].name "pre-upgrade" is already declared for server ` +
          `rg-data-prod/orders-db by eu/ltr (backups[0]); declare each backup once`,
      );
    });

    it("rejects a series template declared twice for one server", () => {
      expect(problems(() => ({ server: plain, series: [weekly, { ...weekly, keep: 2 }] }))).toEqual([
        `series[1].name "weekly-{yyyy}-{MM}-{dd}" is already declared for server rg-data-prod/orders-db ` +
          `by ${PATH} (series[0]); declare each series once`,
      ]);
    });

    it("rejects two latest declarations with different maxAge, accepts two of the same length", () => {
      const { stack } = newStack();
      new PostgresLtrBackups(stack, "orders-ltr", { server: plain, latest: { maxAge: "P7D" } });
      const same = new PostgresLtrBackups(stack, "same-ltr", { server: plain, latest: { maxAge: "P1W" } });
      const other = new PostgresLtrBackups(stack, "other-ltr", { server: plain, latest: { maxAge: "P30D" } });
      expect(same.node.validate()).toEqual([]);
      expect(other.node.validate()).toEqual([
        `latest.maxAge "P30D" contradicts latest.maxAge "P7D" declared for server ` +
          `rg-data-prod/orders-db by ${PATH}; declare latest once per server`,
      ]);
    });

    it("rejects two server resources with the same coordinates", () => {
      const { stack } = newStack();
      new PostgresLtrBackups(stack, "orders-ltr", { server: flexibleServer(stack, "orders"), latest });
      const copy = new PostgresLtrBackups(stack, "copy-ltr", {
        server: flexibleServer(stack, "copy", "orders-db"),
        backups: [{ name: "x1" }],
      });
      expect(copy.node.validate()).toEqual([
        `server rg-data-prod/orders-db is the resource data-platform/copy, but ${PATH} ` +
          `declares it as the resource data-platform/orders; two resources cannot be one server, so rename one of them`,
      ]);
    });
  });

  it("fails Testing.fullSynth with the construct path, field, value and rule", () => {
    const { stack } = newStack();
    new PostgresLtrBackups(stack, "orders-ltr", { server: flexibleServer(stack, "orders", "ab"), latest });
    expect(() => Testing.fullSynth(stack)).toThrow(`[${PATH}] server name "ab" must be 3-63 characters`);
  });
});
