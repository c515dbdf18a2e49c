import { checkLtrBackups, PostgresLtrBackups, type CheckOptions, type FetchStrategy } from "cdktf-pg-ltr";
import { startEmulator, type EmulatorState, type RunningEmulator } from "cdktf-pg-ltr/emulator";
import { succeeded } from "./support/ltr-operations";
import { azureStack, flexibleServer, synthesize, type SynthesizedApp } from "./support/synthesize";

/**
 * The checker against ARM's own words for "the server is missing" and "this api-version is not
 * here", as the emulator gives them over HTTPS: ARM answers a missing server's backups either as the
 * resource provider (404 ResourceNotFound) or as ARM for a child of a missing parent (404
 * ParentResourceNotFound), and an api-version it does not register with 400 NoRegisteredProviderFound.
 */

const NOW = "2026-11-27T12:00:00Z";
const SUBSCRIPTION = "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a";
const RG = "rg-fleet";
const NIGHTLY = "nightly-2026-11-27";

let app: SynthesizedApp;

beforeAll(() => {
  app = synthesize((scope) => {
    const stack = azureStack(scope, "fleet", SUBSCRIPTION);
    for (const name of ["orders-db", "ghost-db"]) {
      new PostgresLtrBackups(stack, `${name}-ltr`, {
        // ghost-db by coordinates: as a resource of the stack it would be pending (the deploy creates it).
        server:
          name === "ghost-db"
            ? { resourceGroupName: RG, serverName: name }
            : flexibleServer(stack, name, name, RG),
        backups: [{ name: NIGHTLY, maxAge: "P1D" }],
        latest: { maxAge: "P1D" },
      });
    }
  });
});
afterAll(() => app.remove());

/** orders-db exists with a fresh backup; ghost-db is declared by coordinates but does not exist. */
function state(extra: Partial<EmulatorState> = {}): EmulatorState {
  return {
    subscriptions: {
      [SUBSCRIPTION]: {
        resourceGroups: {
          [RG]: {
            servers: { "orders-db": { ltrBackupOperations: [succeeded(NIGHTLY, "2026-11-27T02:30:00Z")] } },
          },
        },
      },
    },
    ...extra,
  };
}

function check(emulator: RunningEmulator, extra: Partial<CheckOptions> = {}) {
  return checkLtrBackups({
    outDir: app.outDir,
    endpoint: emulator.url,
    caCertificates: emulator.caCertificate,
    now: NOW,
    env: { PG_LTR_ACCESS_TOKEN: "anything" },
    ...extra,
  });
}

describe.each([
  ["ResourceNotFound", "the default", {}],
  [
    "ParentResourceNotFound",
    "the state's missingServerCode",
    { missingServerCode: "ParentResourceNotFound" },
  ],
] as const)("a missing server answered 404 %s (%s)", (code, _how, stateSwitch) => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ state: state(stateSwitch) });
  });
  afterAll(() => emulator.close());

  it.each(["get", "list", "auto"] as FetchStrategy[])(
    "--strategy %s: every expectation of the server is an error saying the server was not found, none is missing",
    async (strategy) => {
      const result = await check(emulator, { strategy });
      const ghost = result.findings.filter((f) => f.serverName === "ghost-db");
      expect(ghost).toHaveLength(2);
      for (const finding of ghost) {
        expect(finding.verdict).toBe("error");
        expect(finding.http).toMatchObject({ status: 404, code });
        expect(finding.reason).toMatch(
          new RegExp(
            `^server ghost-db was not found in resource group ${RG} \\(404 ${code}: .*ghost-db.*\\): check serverName in the stack, or whether the server was deleted$`,
          ),
        );
      }
      const orders = result.findings.filter((f) => f.serverName === "orders-db");
      expect(orders.map((f) => f.verdict)).toEqual(["compliant", "compliant"]);
    },
  );
});

describe("api-versions", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ state: state() });
  });
  afterAll(() => emulator.close());

  it("--api-version 2026-10-01 checks as 2025-08-01 does", async () => {
    const result = await check(emulator, { apiVersion: "2026-10-01", stacks: ["fleet"] });
    expect(result.findings.filter((f) => f.serverName === "orders-db").map((f) => f.verdict)).toEqual([
      "compliant",
      "compliant",
    ]);
  });

  it("an api-version ARM does not register is an error on every backup that names --api-version and the served versions", async () => {
    const result = await check(emulator, { apiVersion: "2099-01-01" });
    expect(result.findings).toHaveLength(4);
    for (const finding of result.findings) {
      expect(finding.verdict).toBe("error");
      expect(finding.http).toMatchObject({ status: 400, code: "NoRegisteredProviderFound" });
      expect(finding.reason).toMatch(
        /^ARM does not serve this api-version of the LTR backup API \(400 NoRegisteredProviderFound: No registered resource provider found for location 'westeurope' and API version '2099-01-01' .* The supported api-versions are '2023-03-01-preview, 2024-08-01, 2025-08-01, 2026-10-01'.*\): pass one it lists with --api-version$/,
      );
    }
  });
});
