import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { accessTokenCredential, checkLtrBackups, exitCodeFor, type CheckResult } from "cdktf-pg-ltr";
import { startEmulator, type EmulatorState } from "cdktf-pg-ltr/emulator";
import { buildApp } from "../../examples/basic/main";
import { synthesizeApp, type SynthesizedApp } from "./support/synthesize";

/**
 * `pg-ltr emulator --from cdktf.out`: a user's own app served compliant in one step, then the written
 * state edited to see verdicts change. The emulator runs as a user runs it, in its own process.
 */

const REPOSITORY_ROOT = join(__dirname, "..", "..");
const NOW = "2026-11-27T12:00:00Z";

interface Banner {
  readonly text: string;
  readonly url: string;
  readonly ca: string;
  readonly token: string;
}

function startFromCli(args: string[], cwd: string): { child: ChildProcess; banner: Promise<Banner> } {
  const child = spawn(
    process.execPath,
    [
      "-r",
      require.resolve("ts-node/register/transpile-only"),
      join(REPOSITORY_ROOT, "bin/pg-ltr.ts"),
      "emulator",
      ...args,
    ],
    {
      cwd,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TS_NODE_PROJECT: join(REPOSITORY_ROOT, "tsconfig.json"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  let announced = false;
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const banner = new Promise<Banner>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      // Later chunks ("Emulator stopped") come after the CA file is gone: read the banner once.
      if (announced || !stdout.includes("Press Ctrl+C to stop.")) return;
      announced = true;
      const url = /listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      const caPath = /export NODE_EXTRA_CA_CERTS=(\S+)/.exec(stdout)?.[1];
      const token = /PG_LTR_ACCESS_TOKEN=(\S+) npx pg-ltr check/.exec(stdout)?.[1];
      if (!url || !caPath || !token) reject(new Error(`unexpected banner: ${stdout}`));
      else resolve({ text: stdout, url, ca: readFileSync(caPath, "utf8"), token });
    });
    child.once("close", (code) => reject(new Error(`the emulator exited (${code}): ${stderr}`)));
  });
  banner.catch(() => undefined);
  return { child, banner };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once("close", (code) => resolve(code));
    child.kill("SIGTERM");
  });
}

let app: SynthesizedApp;
beforeAll(() => {
  app = synthesizeApp((outdir) => buildApp(outdir));
});
afterAll(() => app?.remove());

describe("pg-ltr emulator --from cdktf.out", () => {
  it("serves a state in which every declared backup is compliant, and writes it for editing", async () => {
    const statePath = join(app.folder, "ltr-state.json");
    const { child, banner } = startFromCli(
      ["--from", "cdktf.out", "--now", NOW, "--write-state", "ltr-state.json", "--port", "0"],
      app.folder,
    );
    let result: CheckResult;
    let printed: Banner;
    try {
      printed = await banner;
      result = await checkLtrBackups({
        outDir: app.outDir,
        endpoint: printed.url,
        caCertificates: printed.ca,
        credential: accessTokenCredential(printed.token),
        now: NOW,
        env: {},
      });
    } finally {
      expect(await stop(child)).toBe(0);
    }
    // Named backups, the newest backup, the last 4 weekly occurrences and the vault policy's last 4
    // runs of examples/basic, all compliant.
    expect(result.findings.length).toBeGreaterThanOrEqual(14);
    expect(result.findings.filter((f) => f.verdict !== "compliant")).toEqual([]);
    expect(result.findings.filter((f) => f.expectation.kind === "series")).toHaveLength(4);
    expect(result.findings.filter((f) => f.expectation.kind === "scheduled")).toHaveLength(4);
    expect(exitCodeFor(result)).toBe(0);
    // The banner says what it serves and prints the check command with the same --now.
    expect(printed.text).toContain(
      `LTR backups for the 4 servers declared in ${app.outDir}: every declared backup exists and is compliant as of ${NOW}.`,
    );
    expect(printed.text).toContain(`npx pg-ltr check --endpoint ${printed.url} --now ${NOW}`);
    expect(printed.text).toContain(`Wrote that state to ${statePath}`);
    expect(printed.text).toContain(`npx pg-ltr emulator --state ${statePath}`);

    // Editing the written state shows the verdicts a user wants to try.
    const state = JSON.parse(readFileSync(statePath, "utf8")) as EmulatorState;
    const orders =
      state.subscriptions["3f2b8c1e-6d4a-4b7e-9c2d-8a1f5e7b9c30"]?.resourceGroups["rg-data-prod"]?.servers[
        "orders-db"
      ];
    const operations = [...(orders?.ltrBackupOperations ?? [])];
    expect(operations.map((o) => o.backupName).sort()).toEqual([
      "pre-upgrade-2026-11",
      "quarter-end-2026-q3",
    ]);
    const edited = operations
      .filter((o) => o.backupName !== "pre-upgrade-2026-11")
      .map((o) => ({ ...o, status: "Failed", errorCode: "LtrBackupTimedOut" }));
    (orders as { ltrBackupOperations: unknown[] }).ltrBackupOperations = edited;
    writeFileSync(statePath, JSON.stringify(state));
    const emulator = await startEmulator({ state: statePath });
    try {
      const again = await checkLtrBackups({
        outDir: app.outDir,
        endpoint: emulator.url,
        caCertificates: emulator.caCertificate,
        credential: accessTokenCredential(printed.token),
        now: NOW,
        env: {},
      });
      const orderVerdicts = again.findings
        .filter((f) => f.serverName === "orders-db")
        .map((f) => [f.expectation.kind, f.backupName, f.verdict]);
      expect(orderVerdicts).toEqual([
        ["named", "pre-upgrade-2026-11", "missing"],
        ["named", "quarter-end-2026-q3", "failed"],
        ["latest", null, "stale"],
      ]);
    } finally {
      await emulator.close();
    }
  });
});
