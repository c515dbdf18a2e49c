import * as root from "cdktf-pg-ltr";
import * as cdktn from "cdktf-pg-ltr/cdktn";
import * as emulator from "cdktf-pg-ltr/emulator";
import { RequireLtrBackups } from "cdktf-pg-ltr";
import { newStack } from "../construct/fixtures";

/** What an IaC repository imports: the constructs, the presets, and the name of the document synthesis writes. */
const DECLARING = [
  "EXPECTATIONS_FILE_NAME",
  "LtrBackupPolicy",
  "LtrLatest",
  "LtrSeries",
  "PostgresLtrBackups",
  "RequireLtrBackups",
];

/** What a platform team's tooling imports: the check, its result model and the views of it. */
const CHECKING = [
  "DRIFT_VERDICTS",
  "PgLtrInputError",
  "VERDICTS",
  "accessTokenCredential",
  "checkLtrBackups",
  "exitCodeFor",
  "renderPlan",
  "streamLtrBackups",
];

// Symbol-keyed members (internals such as a declaration reader) must not be part of the public types.
type SymbolKeys<T> = Extract<keyof T, symbol>;
type NoSymbolKeys<T> = [SymbolKeys<T>] extends [never] ? true : false;
const publicTypesHaveNoSymbolKeys: [
  NoSymbolKeys<root.PostgresLtrBackups>,
  NoSymbolKeys<root.RequireLtrBackups>,
  NoSymbolKeys<root.LtrBackupPolicy>,
  NoSymbolKeys<typeof root.PostgresLtrBackups>,
  NoSymbolKeys<typeof root.RequireLtrBackups>,
  NoSymbolKeys<typeof root.LtrBackupPolicy>,
  NoSymbolKeys<typeof root.LtrSeries>,
  NoSymbolKeys<typeof root.LtrLatest>,
] = [true, true, true, true, true, true, true, true];

describe("the public API", () => {
  it("exports from the root what an IaC repository and a platform team's tooling need, and nothing else", () => {
    expect(Object.keys(root).sort()).toEqual([...DECLARING, ...CHECKING].sort());
  });

  it("exports from cdktf-pg-ltr/cdktn the same construct API as the root, and not the checker", () => {
    expect(Object.keys(cdktn).sort()).toEqual(DECLARING);
  });

  it("serves the emulator from cdktf-pg-ltr/emulator only", () => {
    expect(Object.keys(emulator).sort()).toEqual(["parseFaultSpec", "startEmulator"]);
    expect(Object.keys(root)).not.toContain("startEmulator");
  });

  it("keeps the internals of the constructs off their prototypes and enumerable properties", () => {
    expect(publicTypesHaveNoSymbolKeys.every(Boolean)).toBe(true);
    const { stack } = newStack();
    const policy = new RequireLtrBackups();
    const declaration = new root.PostgresLtrBackups(stack, "orders-ltr", {
      server: { resourceGroupName: "rg-data-prod", serverName: "orders-db" },
      latest: { maxAge: "P8D" },
    });
    for (const constructor of [root.PostgresLtrBackups, root.RequireLtrBackups, root.LtrBackupPolicy]) {
      expect(Object.getOwnPropertySymbols(constructor.prototype)).toEqual([]);
    }
    for (const instance of [policy, declaration]) {
      const ours = Object.getOwnPropertySymbols(instance).filter((s) =>
        s.description?.startsWith("cdktf-pg-ltr"),
      );
      expect(ours.length).toBeGreaterThan(0);
      for (const symbol of ours) {
        expect(Object.getOwnPropertyDescriptor(instance, symbol)?.enumerable).toBe(false);
      }
    }
    expect(root.PostgresLtrBackups.isPostgresLtrBackups(declaration)).toBe(true);
  });
});
