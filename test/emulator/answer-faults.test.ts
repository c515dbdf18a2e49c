import { PgLtrInputError } from "../../lib/errors/input-error";
import { parseFaultSpec, startEmulator, type FaultSpec } from "../../lib/emulator/start-emulator";
import { httpsRequest } from "./support/https-request";
import { ACCESS_TOKEN, RESOURCE_GROUP, SUBSCRIPTION, fixtureState } from "./support/fixture-state";

const SERVER = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.DBforPostgreSQL/flexibleServers/orders-db`;
const API = "?api-version=2025-08-01";

/** The JSON bodies of a GET of one backup and of the server's listing, with the given faults. */
async function answersWith(...specs: string[]): Promise<{ get: unknown; list: unknown }> {
  const faults: FaultSpec[] = specs.map(parseFaultSpec);
  const emulator = await startEmulator({ state: fixtureState(), throttle: false, faults });
  try {
    const read = async (path: string): Promise<unknown> =>
      (
        await httpsRequest(`${emulator.url}${path}`, {
          ca: emulator.caCertificate,
          headers: { authorization: `Bearer ${ACCESS_TOKEN}` },
        })
      ).json;
    return {
      get: await read(`${SERVER}/ltrBackupOperations/daily-2026-10-02${API}`),
      list: await read(`${SERVER}/ltrBackupOperations${API}`),
    };
  } finally {
    await emulator.close();
  }
}

type Operation = { id: string; name: string; properties: { backupName: string } };

describe("faults that answer another question", () => {
  it("wrong-name=NAME renames the operations of a GET and of a listing, in name and properties.backupName", async () => {
    const { get, list } = await answersWith("wrong-name=other-backup,match=orders-db");
    expect(get).toMatchObject({ name: "other-backup", properties: { backupName: "other-backup" } });
    const items = (list as { value: Operation[] }).value;
    expect(items.length).toBeGreaterThan(0);
    for (const item of items)
      expect([item.name, item.properties.backupName]).toEqual(["other-backup", "other-backup"]);
  });

  it.each([
    ["foreign-id", `${SERVER}-other/ltrBackupOperations/daily-2026-10-02`],
    [
      "foreign-id=resource-group",
      `${SERVER.replace(`/resourceGroups/${RESOURCE_GROUP}/`, `/resourceGroups/${RESOURCE_GROUP}-other/`)}/ltrBackupOperations/daily-2026-10-02`,
    ],
    [
      "foreign-id=subscription",
      `${SERVER.replace(SUBSCRIPTION, "ffffffff-ffff-4fff-8fff-ffffffffffff")}/ltrBackupOperations/daily-2026-10-02`,
    ],
  ])("%s moves the id of a GET and of every listed operation", async (spec, id) => {
    const { get, list } = await answersWith(`${spec},match=orders-db`);
    expect((get as Operation).id).toBe(id);
    for (const item of (list as { value: Operation[] }).value) expect(item.id).not.toContain(`${SERVER}/`);
  });

  it("leaves requests about other servers alone", async () => {
    const { get } = await answersWith("wrong-name,match=billing-db", "foreign-id,match=billing-db");
    expect(get).toMatchObject({
      id: `${SERVER}/ltrBackupOperations/daily-2026-10-02`,
      name: "daily-2026-10-02",
    });
  });

  it.each([
    ["wrong-name=a/b", "wrong-name takes a backup name"],
    ["foreign-id=tenant", "foreign-id takes subscription, resource-group, server"],
  ])("refuses %s with one clear sentence", (spec, why) => {
    expect(() => parseFaultSpec(spec)).toThrow(PgLtrInputError);
    expect(() => parseFaultSpec(spec)).toThrow(`Invalid --fault "${spec}": ${why}`);
  });

  it("parses them with their defaults left unset", () => {
    expect(parseFaultSpec("wrong-name,count=1")).toEqual({ kind: "wrong-name", count: 1 });
    expect(parseFaultSpec("foreign-id=server,match=orders-db")).toEqual({
      kind: "foreign-id",
      part: "server",
      match: "orders-db",
    });
  });
});
