/**
 * `npm run demo`: the whole loop on one machine, with no Azure account. Synthesizes examples/basic,
 * starts `pg-ltr emulator` with examples/basic/emulator-state.json, runs `pg-ltr check` against it
 * (the plan as a user sees it, then `--format json` to verify), and explains what happened.
 * Exits 0 only when the check found exactly the drift the state was written to show.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The instant the demo judges against; the state file's times are written relative to it. */
const NOW = "2026-11-27T12:00:00Z";
/** A token listed in the state's accessTokens, for when the Entra sign-in path is not available. */
const STATE_ACCESS_TOKEN = "demo-emulator-token";

interface ExpectedVerdict {
  readonly serverName: string;
  readonly kind: "named" | "latest" | "series" | "scheduled";
  /**
   * For `latest`: the newest succeeded backup the verdict is about, or null when none could be told;
   * for a scheduled run, the operation matched to it by time, or null when none was.
   */
  readonly backupName: string | null;
  /** For a scheduled run: when the vault policy scheduled it. */
  readonly scheduledAt?: string;
  readonly verdict: string;
  /** Why the state gives this verdict, for the explanation. */
  readonly because: string;
}

/** What examples/basic/emulator-state.json must produce at NOW; keep the two in sync. */
const EXPECTED: readonly ExpectedVerdict[] = [
  {
    serverName: "orders-db",
    kind: "named",
    backupName: "pre-upgrade-2026-11",
    verdict: "running",
    because: "started at 10:00 today, 45% done",
  },
  {
    serverName: "orders-db",
    kind: "named",
    backupName: "quarter-end-2026-q3",
    verdict: "failed",
    because: "Failed: LtrBackupTargetUnreachable",
  },
  {
    serverName: "orders-db",
    kind: "latest",
    backupName: "daily-2026-11-26",
    verdict: "compliant",
    because: "ended yesterday, within P8D",
  },
  {
    serverName: "billing-db",
    kind: "series",
    backupName: "weekly-2026-11-22",
    verdict: "unknown",
    because: 'status "Queued" is not one Azure documents',
  },
  {
    serverName: "billing-db",
    kind: "series",
    backupName: "weekly-2026-11-15",
    verdict: "compliant",
    because: "Succeeded",
  },
  {
    serverName: "billing-db",
    kind: "series",
    backupName: "weekly-2026-11-08",
    verdict: "missing",
    because: "the job never wrote it",
  },
  {
    serverName: "billing-db",
    kind: "series",
    backupName: "weekly-2026-11-01",
    verdict: "compliant",
    because: "Succeeded",
  },
  {
    serverName: "billing-db",
    kind: "latest",
    backupName: "weekly-2026-11-15",
    verdict: "stale",
    because: "the newest success is 12 days old, over P8D",
  },
  {
    serverName: "analytics-db",
    kind: "named",
    backupName: "migration-baseline",
    verdict: "invalid",
    because: "percentComplete 150 breaks the API schema",
  },
  {
    serverName: "analytics-db",
    kind: "latest",
    backupName: null,
    verdict: "invalid",
    because: "a malformed operation hides which backup is newest",
  },
  {
    serverName: "reports-db",
    kind: "scheduled",
    scheduledAt: "2026-11-22T01:00:00Z",
    backupName: "pgflex-ltr-e5d2817c-4f60",
    verdict: "compliant",
    because: "the vault's run started 44 s after 02:00 Berlin time",
  },
  {
    serverName: "reports-db",
    kind: "scheduled",
    scheduledAt: "2026-11-15T01:00:00Z",
    backupName: "pgflex-ltr-0b6fe4c9-92a7",
    verdict: "compliant",
    because: "started within the grace",
  },
  {
    serverName: "reports-db",
    kind: "scheduled",
    scheduledAt: "2026-11-08T01:00:00Z",
    backupName: null,
    verdict: "missing",
    because: "no operation started between 01:00Z and 07:00Z",
  },
  {
    serverName: "reports-db",
    kind: "scheduled",
    scheduledAt: "2026-11-01T01:00:00Z",
    backupName: "pgflex-ltr-7a90d3f5-e218",
    verdict: "compliant",
    because: "started within the grace",
  },
  {
    serverName: "reports-db",
    kind: "latest",
    backupName: "pgflex-ltr-e5d2817c-4f60",
    verdict: "compliant",
    because: "ended 5 days ago, within the policy's week plus PT6H",
  },
];

interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const distRoot = resolve(__dirname, "..");
const repositoryRoot = resolve(distRoot, "..");
const pgLtr = join(distRoot, "bin", "pg-ltr.js");
const exampleApp = join(distRoot, "examples", "basic", "main.js");
const statePath = join(repositoryRoot, "examples", "basic", "emulator-state.json");

async function main(): Promise<number> {
  for (const built of [pgLtr, exampleApp]) {
    if (!existsSync(built)) {
      process.stderr.write(
        `Error: ${built} does not exist; run "npm run build" first (npm run demo does it).\n`,
      );
      return 1;
    }
  }
  const workFolder = mkdtempSync(join(tmpdir(), "pg-ltr-demo-"));
  const outDir = join(workFolder, "cdktf.out");
  const guard = await startOutboundGuard();
  let emulator: ChildProcess | undefined;
  const cleanUp = async () => {
    await guard.close();
    if (emulator && emulator.exitCode === null && emulator.signalCode === null) {
      const exited = new Promise((done) => emulator?.once("close", done));
      emulator.kill("SIGTERM");
      await exited;
    }
    rmSync(workFolder, { recursive: true, force: true });
  };
  const interrupted = () => {
    void cleanUp().then(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  try {
    heading(
      "1. Synthesize examples/basic (stack data-platform: orders-db, billing-db, analytics-db, reports-db, scratch-db)",
    );
    // With source maps, the plan names main.ts lines in "# declared at".
    const synth = await run(process.execPath, ["--enable-source-maps", exampleApp], {
      cwd: join(repositoryRoot, "examples", "basic"),
      env: { ...baseEnv(), CDKTF_OUTDIR: outDir },
    });
    if (synth.code !== 0) return failed("synthesizing examples/basic failed", synth);
    process.stdout.write(`   wrote ${outDir}\n`);

    heading("2. Start the local ARM emulator with examples/basic/emulator-state.json");
    emulator = spawn(process.execPath, [pgLtr, "emulator", "--state", statePath, "--port", "0"], {
      cwd: repositoryRoot,
      env: baseEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const started = await listeningLine(emulator);
    if ("error" in started) {
      process.stderr.write(`Error: the emulator did not start: ${started.error}\n`);
      return 1;
    }
    process.stdout.write(`   ${started.line}\n`);

    const checkArgs = ["check", "--out", outDir, "--endpoint", started.url, "--now", NOW];
    const viaEntra: NodeJS.ProcessEnv = {
      ...guard.env,
      NODE_EXTRA_CA_CERTS: started.caPath,
      AZURE_TENANT_ID: "0b6f5d0e-4c1a-4f0e-9a53-6d2c8e1f7a42",
      AZURE_CLIENT_ID: "pg-ltr-demo",
      AZURE_CLIENT_SECRET: "demo-secret",
      AZURE_AUTHORITY_HOST: started.url,
    };
    const viaToken: NodeJS.ProcessEnv = {
      ...guard.env,
      NODE_EXTRA_CA_CERTS: started.caPath,
      PG_LTR_ACCESS_TOKEN: STATE_ACCESS_TOKEN,
    };

    // The JSON run comes first and unseen: it tells whether signing in through the emulator's Entra
    // token endpoint works, so that the plan below is shown only once, with the path that does.
    let credentialPath =
      "a client secret through the emulator's Microsoft Entra token endpoint (AZURE_* variables)";
    let checkEnv = viaEntra;
    let json = await run(process.execPath, [pgLtr, ...checkArgs, "--format", "json"], {
      cwd: repositoryRoot,
      env: viaEntra,
    });
    if (json.code !== 2 || hasErrorVerdicts(json.stdout)) {
      const blocked = [...guard.attempts];
      credentialPath =
        "PG_LTR_ACCESS_TOKEN, a token from the state: signing in through the emulator's Entra token endpoint " +
        (blocked.length > 0
          ? `did not work, because the check tried to reach ${blocked.join(", ")} (blocked: the demo keeps every request on this machine)`
          : "did not give a result");
      checkEnv = viaToken;
      json = await run(process.execPath, [pgLtr, ...checkArgs, "--format", "json"], {
        cwd: repositoryRoot,
        env: viaToken,
      });
    }

    heading(`3. pg-ltr check --endpoint ${started.url} --now ${NOW}`);
    process.stdout.write(`   signed in with ${credentialPath}\n\n`);
    const plan = await run(process.execPath, [pgLtr, ...checkArgs], {
      cwd: repositoryRoot,
      env: checkEnv,
      inherit: true,
    });

    heading("4. Verify the verdicts (pg-ltr check --format json)");
    const verification = verify(json, plan.code);
    process.stdout.write(verification.lines.map((line) => `   ${line}\n`).join(""));
    if (!verification.ok) {
      if (json.stderr.trim() !== "") process.stderr.write(`\npg-ltr check wrote to stderr:\n${json.stderr}`);
      process.stderr.write(
        "\nError: the check did not produce the verdicts the demo state was written for (see above).\n",
      );
      return 1;
    }

    heading("5. Stop the emulator and clean up");
    await cleanUp();
    process.stdout.write(`   stopped; removed ${workFolder}\n\n`);
    process.stdout.write(explanation());
    return 0;
  } finally {
    process.off("SIGINT", interrupted);
    await cleanUp();
  }
}

/** The environment without credentials, subscriptions or proxies the user may have set for real Azure. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(AZURE_|ARM_|PG_LTR_|MSI_|IDENTITY_)/.test(name)) continue;
    if (/^(NODE_EXTRA_CA_CERTS|https?_proxy|no_proxy|all_proxy)$/i.test(name)) continue;
    env[name] = value;
  }
  return env;
}

/**
 * A local proxy that refuses every connection, set as HTTPS_PROXY with NO_PROXY for loopback: the Azure
 * SDK sends anything not meant for the emulator there, so nothing leaves the machine (not even a DNS
 * lookup), and the demo can say which host the check tried to reach.
 */
async function startOutboundGuard(): Promise<{
  env: NodeJS.ProcessEnv;
  attempts: Set<string>;
  close(): Promise<void>;
}> {
  const attempts = new Set<string>();
  const server = createServer((req, res) => {
    attempts.add(req.headers.host ?? req.url ?? "?");
    res.writeHead(403).end();
  });
  server.on("connect", (req, socket) => {
    attempts.add(req.url ?? "?");
    socket.end("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n");
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const proxy = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const noProxy = "127.0.0.1,localhost";
  let closed = false;
  return {
    env: { ...baseEnv(), HTTPS_PROXY: proxy, HTTP_PROXY: proxy, NO_PROXY: noProxy },
    attempts,
    close: async () => {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; inherit?: boolean },
): Promise<RunResult> {
  return new Promise((done, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: options.inherit ? "inherit" : ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => done({ code, stdout, stderr }));
  });
}

/** Reads the emulator's first line, `Emulator listening on <url> (CA certificate: <path>)`. */
function listeningLine(
  child: ChildProcess,
): Promise<{ line: string; url: string; caPath: string } | { error: string }> {
  return new Promise((done) => {
    let stdout = "";
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const onData = (chunk: Buffer) => {
      stdout += chunk.toString();
      const end = stdout.indexOf("\n");
      if (end < 0) return;
      // Keep draining what follows so the emulator never blocks on a full pipe.
      child.stdout?.off("data", onData);
      child.stdout?.resume();
      const line = stdout.slice(0, end);
      const match = /^Emulator listening on (https:\/\/\S+) \(CA certificate: (.+)\)$/.exec(line);
      done(match ? { line, url: match[1], caPath: match[2] } : { error: `unexpected first line "${line}"` });
    };
    child.stdout?.on("data", onData);
    child.once("close", (code) => done({ error: `it exited with code ${code}: ${stderr.trim()}` }));
  });
}

function hasErrorVerdicts(stdout: string): boolean {
  try {
    return (JSON.parse(stdout) as { summary?: { error?: number } }).summary?.error !== 0;
  } catch {
    return true;
  }
}

interface ReportBackup {
  readonly serverName: string;
  readonly backupName: string | null;
  readonly verdict: string;
  readonly reason: string;
  readonly expectation: { readonly kind: string; readonly scheduledAt?: string };
}

/** Whether a report entry is about the expectation (the verdict aside): by name, or by scheduled time. */
function sameExpectation(b: ReportBackup, expected: ExpectedVerdict): boolean {
  if (b.serverName !== expected.serverName || b.expectation.kind !== expected.kind) return false;
  if (expected.kind === "scheduled") return b.expectation.scheduledAt === expected.scheduledAt;
  return expected.kind === "latest" || b.backupName === expected.backupName;
}

function labelOf(expected: ExpectedVerdict): string {
  const what =
    expected.kind === "latest"
      ? "latest"
      : expected.kind === "scheduled"
        ? `(scheduled ${expected.scheduledAt ?? ""})`
        : expected.backupName;
  return `${expected.serverName} ${what}`;
}

function verify(json: RunResult, planCode: number | null): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  let ok = true;
  const expectExit = (what: string, code: number | null) => {
    const good = code === 2;
    ok &&= good;
    lines.push(`${good ? "ok  " : "FAIL"} ${what} exited ${code} (2 = drift found)`);
  };
  expectExit("pg-ltr check", planCode);
  expectExit("pg-ltr check --format json", json.code);
  let backups: ReportBackup[];
  try {
    backups = (JSON.parse(json.stdout) as { backups: ReportBackup[] }).backups;
    if (!Array.isArray(backups)) throw new Error("no backups array");
  } catch (error) {
    lines.push(`FAIL the JSON report could not be read: ${(error as Error).message}`);
    return { ok: false, lines };
  }
  const unmatched = [...backups];
  for (const expected of EXPECTED) {
    const index = unmatched.findIndex(
      (b) =>
        sameExpectation(b, expected) &&
        b.backupName === expected.backupName &&
        b.verdict === expected.verdict,
    );
    const label = labelOf(expected);
    if (index >= 0) {
      unmatched.splice(index, 1);
      lines.push(`ok   ${label.padEnd(44)} ${expected.verdict.padEnd(9)} (${expected.because})`);
    } else {
      ok = false;
      const got = backups.find((b) => sameExpectation(b, expected));
      lines.push(
        `FAIL ${label.padEnd(44)} expected ${expected.verdict}, got ${got ? `${got.verdict}: ${got.reason}` : "no finding"}`,
      );
    }
  }
  for (const extra of unmatched) {
    ok = false;
    lines.push(
      `FAIL unexpected finding ${extra.serverName} ${extra.backupName ?? "latest"}: ${extra.verdict}: ${extra.reason}`,
    );
  }
  return { ok, lines };
}

function heading(text: string): void {
  process.stdout.write(`\n== ${text}\n`);
}

function failed(what: string, result: RunResult): number {
  process.stderr.write(`Error: ${what} (exit ${result.code}).\n${result.stderr}${result.stdout}`);
  return 1;
}

function explanation(): string {
  return `What you just saw: the example cdktf app declares which long-term-retention backups its five
PostgreSQL flexible servers must have, and synthesis wrote those expectations next to the Terraform
JSON. pg-ltr check read them and asked Azure Resource Manager for the backups; here "Azure" was the
local emulator, speaking HTTPS with ARM's payloads, paging, errors, throttling and Entra token
endpoint, serving examples/basic/emulator-state.json. The plan showed each expectation the way
Terraform shows drift: orders-db's pre-upgrade backup is still running (not drift), its quarter-end
backup failed, billing-db's weekly series misses the 2026-11-08 run and reports a status Azure does not
document ("Queued"), its newest successful backup is older than the 8 days declared, and analytics-db
answered a payload that breaks the API schema, so nothing about it can be trusted. reports-db is
protected by an Azure Backup vault policy (weekly, Sundays 02:00 W. Europe Standard Time): the Backup
service names the operations it starts, so its runs were matched by start time, and the run of
2026-11-08 was found missing by its scheduled instant. The compliant rows are the backups that are fine. Exit code 2 means "drift found", which is what a CI gate would act on.
Edit examples/basic/emulator-state.json (or run "pg-ltr emulator --help") to try other situations.
`;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `Error: the demo failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
