import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../lib/cli/main";
import { httpsRequest } from "./support/https-request";
import { ACCESS_TOKEN, RESOURCE_GROUP, SUBSCRIPTION, fixtureState } from "./support/fixture-state";

const REPOSITORY_ROOT = join(__dirname, "..", "..");

/** `pg-ltr emulator ...` as a user runs it, from the TypeScript sources, in its own process. */
function pgLtrEmulator(args: string[]) {
  const child = spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", "bin/pg-ltr.ts", "emulator", ...args],
    {
      cwd: REPOSITORY_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes("\n")) resolve(stdout.slice(0, stdout.indexOf("\n")));
    });
    child.once("close", (code) =>
      reject(new Error(`the emulator exited (${code}) before printing a line: ${stderr}`)),
    );
  });
  // Callers that only wait for the exit never look at the first line.
  firstLine.catch(() => undefined);
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once("close", (code) => resolve({ code, stdout, stderr })),
  );
  return { child, firstLine, exit };
}

/** `pg-ltr emulator ...` through the CLI's entry point in this process, for answers that come before it listens. */
async function pgLtrEmulatorInProcess(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const written = { stdout: "", stderr: "" };
  const stdoutWrite = jest.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    written.stdout += String(chunk);
    return true;
  });
  const stderrWrite = jest.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    written.stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(["emulator", ...args]);
    return { code, ...written };
  } finally {
    stdoutWrite.mockRestore();
    stderrWrite.mockRestore();
  }
}

/** The summary of the one diagnostic (framed as check frames its own) that a refused start prints. */
function onlyDiagnostic(stderr: string): string {
  const lines = stderr.trim().split("\n");
  expect(lines).toEqual(["╷", expect.stringMatching(/^│ Error: /), "╵"]);
  return (lines[1] as string).slice("│ ".length);
}

describe("pg-ltr emulator", () => {
  let folder: string;
  let statePath: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "pg-ltr-emulator-cli-"));
    statePath = join(folder, "state.json");
    writeFileSync(statePath, JSON.stringify(fixtureState()));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it.each(["SIGTERM", "SIGINT"] as const)(
    "prints exactly 'Emulator listening on https://127.0.0.1:<port> (CA certificate: <pem>)' first, serves, and exits 0 on %s",
    async (signal) => {
      const { child, firstLine, exit } = pgLtrEmulator(["--state", statePath, "--port", "0"]);
      const line = await firstLine;
      const match =
        /^Emulator listening on (https:\/\/127\.0\.0\.1:(\d+)) \(CA certificate: (.+\.pem)\)$/.exec(line);
      expect(match).not.toBeNull();
      const [, url, port, pemPath] = match!;
      expect(Number(port)).toBeGreaterThan(0);

      const answer = await httpsRequest(
        `${url}/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.DBforPostgreSQL/flexibleServers/orders-db/ltrBackupOperations/daily-2026-10-01?api-version=2025-08-01`,
        { ca: readFileSync(pemPath, "utf8"), headers: { authorization: `Bearer ${ACCESS_TOKEN}` } },
      );
      expect(answer.status).toBe(200);

      child.kill(signal);
      const { code, stdout } = await exit;
      expect(code).toBe(0);
      expect(stdout).toContain(`Emulator stopped (${signal}).`);
      // The hint after the first line says how to point pg-ltr check at it.
      expect(stdout).toContain(`export NODE_EXTRA_CA_CERTS=${pemPath}`);
      expect(stdout).toContain(`PG_LTR_ACCESS_TOKEN=emulator npx pg-ltr check --endpoint ${url}`);
      expect(stdout).toContain("Any well-formed bearer token is accepted");
    },
  );

  it("--strict-auth refuses tokens it did not issue or list, and its banner shows a state token instead; --missing-server-code switches the 404", async () => {
    const { child, firstLine, exit } = pgLtrEmulator([
      "--state",
      statePath,
      "--strict-auth",
      "--missing-server-code",
      "ParentResourceNotFound",
    ]);
    const [, url, pemPath] = /^Emulator listening on (\S+) \(CA certificate: (.+\.pem)\)$/.exec(
      await firstLine,
    )!;
    const path = `${url}/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.DBforPostgreSQL/flexibleServers/orders-db/ltrBackupOperations?api-version=2025-08-01`;
    const ca = readFileSync(pemPath, "utf8");
    const refused = await httpsRequest(path, { ca, headers: { authorization: "Bearer anything" } });
    const listed = await httpsRequest(path, { ca, headers: { authorization: `Bearer ${ACCESS_TOKEN}` } });
    const gone = await httpsRequest(path.replace("/orders-db/", "/gone-db/"), {
      ca,
      headers: { authorization: `Bearer ${ACCESS_TOKEN}` },
    });
    child.kill("SIGTERM");
    const { stdout } = await exit;
    expect([refused.status, listed.status, gone.status]).toEqual([401, 200, 404]);
    expect(gone.json).toMatchObject({ error: { code: "ParentResourceNotFound" } });
    expect(stdout).toContain(`PG_LTR_ACCESS_TOKEN=${ACCESS_TOKEN} npx pg-ltr check --endpoint ${url}`);
    expect(stdout).toContain("Strict auth: only tokens from its token endpoint and the state's accessTokens");
    expect(stdout).not.toContain("Any well-formed bearer token");
  });

  it("refuses a state file that breaks the schema with one message naming each problem by JSON pointer, exit 1", async () => {
    const bad = join(folder, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({
        subscriptions: {
          "not-a-guid": {
            resourceGroups: {
              rg: { servers: { "orders-db": { ltrBackupOperations: [{ status: "Succeeded" }] } } },
            },
          },
        },
      }),
    );
    const { code, stdout, stderr } = await pgLtrEmulatorInProcess(["--state", bad]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(onlyDiagnostic(stderr)).toContain(`Error: Emulator state file ${bad} is invalid:`);
    expect(stderr).toContain(
      '/subscriptions has the key "not-a-guid", which is not a subscription id (a GUID)',
    );
    expect(stderr).toContain(
      '/subscriptions/not-a-guid/resourceGroups/rg/servers/orders-db/ltrBackupOperations/0 must have the property "backupName"',
    );
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it.each([
    [["--port", "1"], /^Error: --state FILE or --from DIR is required/],
    [["--state", "STATE", "--from", "cdktf.out"], /^Error: --state and --from contradict each other/],
    [["--state", "STATE", "--now", "2026-11-27T12:00:00Z"], /^Error: --now works with --from only/],
    [["--from", "no-such-dir"], /^Error: no no-such-dir\/manifest.json in .*: run `cdktf synth` first/],
    [["--from", "cdktf.out", "--now", "tomorrow"], /^Error: --now "tomorrow" must be an ISO 8601 instant/],
    [["--stat", "STATE"], /^Error: unknown option "--stat"; did you mean "--state"\?/],
    [
      ["--state", "missing.json"],
      /^Error: Cannot read the emulator state file .*missing\.json: the file does not exist\.$/,
    ],
    [["--state", "STATE", "--throttle", "250"], /^Error: --throttle must be BUCKET,REFILL_PER_SECOND/],
    [
      ["--state", "STATE", "--throttle", "1,1", "--no-throttle"],
      /^Error: --throttle and --no-throttle contradict each other/,
    ],
    [
      ["--state", "STATE", "--write-throttle", "0,10"],
      /^Error: --write-throttle must be BUCKET,REFILL_PER_SECOND .* e\.g\. --write-throttle 200,10; not "0,10"\.$/,
    ],
    [
      ["--state", "STATE", "--write-throttle", "5,1", "--no-throttle"],
      /^Error: --write-throttle and --no-throttle contradict each other/,
    ],
    [
      ["--state", "STATE", "--page-size", "0"],
      /^Error: --page-size must be a whole number 1 or more, not "0"\.$/,
    ],
    [
      ["--state", "STATE", "--fault", "status=503,rate=2"],
      /^Error: Invalid --fault "status=503,rate=2": rate must be/,
    ],
    [["--state", "STATE", "--colour"], /^Error: unknown option "--colour"/],
    [
      ["--state", "STATE", "--missing-server-code", "NotFound"],
      /^Error: --missing-server-code must be ResourceNotFound or ParentResourceNotFound, not "NotFound"\.$/,
    ],
  ])("refuses %j with one clear line and exit 1", async (args, message) => {
    const { code, stderr } = await pgLtrEmulatorInProcess(
      args.map((arg) => (arg === "STATE" ? statePath : arg)),
    );
    expect(code).toBe(1);
    expect(onlyDiagnostic(stderr)).toMatch(message);
  });

  it("--help explains the options, the fault grammar and gives examples, exit 0", async () => {
    const { code, stdout } = await pgLtrEmulatorInProcess(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: pg-ltr emulator --state FILE/);
    for (const text of [
      "--port N",
      "--throttle BUCKET,REFILL",
      "--no-throttle",
      "--write-throttle BUCKET,REFILL",
      "--missing-server-code CODE",
      "api-versions 2023-03-01-preview, 2024-08-01, 2025-08-01, 2026-10-01",
      "400 NoRegisteredProviderFound",
      "x-ms-ratelimit-remaining-subscription-reads / -writes",
      "--strict-auth",
      "any well-formed bearer token is accepted",
      "--fault SPEC",
      "match=SERVER[/BACKUP]",
      "Examples:",
      "NODE_EXTRA_CA_CERTS",
    ]) {
      expect(stdout).toContain(text);
    }
  });
});
