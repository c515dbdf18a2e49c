import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { rootCertificates } from "node:tls";
import { PostgresLtrBackups, RequireLtrBackups } from "cdktf-pg-ltr";
import { runCheckCommand } from "../../lib/cli/check-command";
import { parseFaultSpec } from "../../lib/emulator/faults/fault-spec";
import { startEmulator, type EmulatorState, type RunningEmulator } from "../../lib/emulator/start-emulator";
import { capturedIo } from "../cli/captured-io";
import { resourceGroupState } from "./support/emulator-states";
import { running, succeeded } from "./support/ltr-operations";
import { azureStack, flexibleServer, synthesize, type SynthesizedApp } from "./support/synthesize";

/**
 * `pg-ltr check`'s text plan streams: in-process against the emulator over HTTPS, drift blocks are
 * printed in the stable result order (stack, server, declaration) whatever order the servers finish
 * in, what is not drift follows them, and the `Plan:` line comes last; two runs print the same bytes.
 * Interrupted once the first block is on the screen, that block stays and the summary still ends it.
 */
const mockEmulatorCas: string[] = [];
jest.mock("../../lib/azure/trusted-certificates", () => ({
  trustedCertificates: () => [...rootCertificates, ...mockEmulatorCas],
}));

const NOW = "2026-11-27T12:00:00Z";
const SUBSCRIPTION = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f";
const RG = "rg-stream";
const TOKEN = "stream-token";

let app: SynthesizedApp;
let emulator: RunningEmulator;
/** Servers in the order the emulator answered about them. */
const answered: string[] = [];

beforeAll(async () => {
  app = synthesize((scope) => {
    const alpha = azureStack(scope, "alpha", SUBSCRIPTION);
    for (const name of ["a1-db", "a2-db", "a3-db", "a4-db"]) {
      new PostgresLtrBackups(alpha, `${name}-ltr`, {
        server: flexibleServer(alpha, name, name, RG),
        backups: [{ name: "pre-upgrade-2026-11" }],
        latest: { maxAge: "P8D" },
      });
    }
    // A server this deploy creates: pending, not drift.
    new PostgresLtrBackups(alpha, "a5-db-ltr", {
      server: flexibleServer(alpha, "a5", "a5-db", RG),
      latest: { maxAge: "P8D" },
    });
    const beta = azureStack(scope, "beta", SUBSCRIPTION);
    for (const name of ["b1-db", "b2-db"]) {
      new PostgresLtrBackups(beta, `${name}-ltr`, {
        server: flexibleServer(beta, name, name, RG),
        backups: [{ name: "reindex-2026-11" }],
      });
    }
    RequireLtrBackups.exempt(flexibleServer(beta, "scratch", "scratch-db", RG), {
      reason: "Throwaway server for load tests, recreated every week",
      expires: "2027-03-31",
    });
  });
  emulator = await startEmulator({
    state: emulatorState(),
    throttle: false,
    // a1-db, first in the result's order, answers last: the plan must still start with it.
    faults: ["delay=1500,match=a1-db"].map(parseFaultSpec),
    onRequest: (entry) => {
      const server = /flexibleServers\/([^/?]+)/.exec(entry.path)?.[1];
      if (server) answered.push(server);
    },
  });
  mockEmulatorCas.push(emulator.caCertificate);
}, 60_000);

afterAll(async () => {
  await emulator?.close();
  app?.remove();
});

function emulatorState(): EmulatorState {
  const fresh = succeeded("daily-2026-11-27", "2026-11-27T02:30:00Z");
  const old = succeeded("daily-2026-11-01", "2026-11-01T02:30:00Z");
  return resourceGroupState(TOKEN, SUBSCRIPTION, RG, {
    // Missing its named backup, and its latest is stale.
    "a1-db": { ltrBackupOperations: [old] },
    "a2-db": {
      ltrBackupOperations: [fresh, succeeded("pre-upgrade-2026-11", "2026-11-20T02:00:00Z")],
    },
    // Missing its named backup only.
    "a3-db": { ltrBackupOperations: [fresh] },
    "a4-db": {
      ltrBackupOperations: [fresh, running("pre-upgrade-2026-11", "2026-11-27T11:00:00Z", 60)],
    },
    "b1-db": { ltrBackupOperations: [] },
    "b2-db": { ltrBackupOperations: [running("reindex-2026-11", "2026-11-27T11:30:00Z", 10)] },
    "scratch-db": { ltrBackupOperations: [] },
  });
}

async function check(args: string[], interrupts?: AbortSignal) {
  const io = capturedIo({ cwd: app.folder, env: { PG_LTR_ACCESS_TOKEN: TOKEN } });
  const code = await runCheckCommand(
    ["--endpoint", emulator.url, "--now", NOW, "--no-color", ...args],
    io,
    interrupts,
  );
  return { code, stdout: io.stdoutText(), stderr: io.stderrText(), io };
}

/** The headline of every block, in the order printed. */
const headlines = (text: string): string[] =>
  text.split("\n").filter((line) => /^ {2}# \S+ (is|has|will) /.test(line));

describe("the text plan of pg-ltr check streams", () => {
  it("prints the drift blocks in the stable result order, what is not drift after them and the summary last, the same every run", async () => {
    answered.length = 0;
    const first = await check(["--output", "text=reports/plan.txt", "--output", "json=reports/ltr.json"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(2);
    // The precondition: a1-db finished after servers that come after it in the result.
    expect(answered.indexOf("a1-db")).toBeGreaterThan(0);
    expect(answered.lastIndexOf("a1-db")).toBeGreaterThan(answered.indexOf("a3-db"));

    expect(headlines(first.stdout)).toEqual([
      "  # alpha/a1-db/pre-upgrade-2026-11 is missing",
      "  # alpha/a1-db/(latest) is stale",
      "  # alpha/a3-db/pre-upgrade-2026-11 is missing",
      "  # beta/b1-db/reindex-2026-11 is missing",
      "  # alpha/a4-db/pre-upgrade-2026-11 is still running",
      "  # alpha/a5-db/(latest) will be created",
      "  # beta/b2-db/reindex-2026-11 is still running",
    ]);
    const lines = first.stdout.split("\n");
    expect(lines[0]).toBe(
      `pg-ltr compared the LTR backups in Azure with the expectations synthesized by cdktf, as of ${NOW}.`,
    );
    expect(first.stdout).toContain(
      "\n\nThese LTR backups are still running, or pending until their server exists or is due its first backup, which is not drift:\n\n",
    );
    expect(first.stdout.indexOf("# exempt: beta/scratch-db")).toBeGreaterThan(
      first.stdout.indexOf("beta/b2-db/reindex-2026-11 is still running"),
    );
    expect(lines.at(-2)).toBe(
      "Plan: 3 missing, 1 stale, 0 failed, 0 invalid, 0 unknown. 4 compliant, 2 running, 1 pending, 1 exempt.",
    );
    expect(lines.at(-1)).toBe("");

    // The drift comes in the JSON report's order, the result's.
    const report = JSON.parse(readFileSync(join(app.folder, "reports/ltr.json"), "utf8")) as {
      backups: { stack: string; subject: string; verdict: string }[];
    };
    const drift = report.backups
      .filter((backup) => ["missing", "stale"].includes(backup.verdict))
      .map((backup) => `${backup.stack}/${backup.subject}`);
    expect(
      headlines(first.stdout)
        .slice(0, 4)
        .map((line) => line.split(" ")[3]),
    ).toEqual(drift);
    // A file has the same plan (no errors, so no diagnostics at its end).
    expect(readFileSync(join(app.folder, "reports/plan.txt"), "utf8")).toBe(first.stdout);

    const second = await check(["--output", "text=reports/plan.txt"]);
    expect(second.code).toBe(2);
    expect(second.stdout).toBe(first.stdout);
  }, 60_000);

  it("keeps what it printed when interrupted after the first block, and still ends with the summary", async () => {
    const stop = new AbortController();
    const io = capturedIo({ cwd: app.folder, env: { PG_LTR_ACCESS_TOKEN: TOKEN } });
    // The user presses Ctrl+C as soon as the first block is on the screen: so it came while the check ran.
    const watched = new PassThrough();
    watched.on("data", (chunk: Buffer) => {
      if (chunk.toString("utf8").includes("ltr_backup")) stop.abort();
    });
    watched.pipe(io.stdout);
    const code = await runCheckCommand(
      ["--endpoint", emulator.url, "--now", NOW, "--no-color", "--stack", "alpha", "--concurrency", "1"],
      { ...io, stdout: watched },
      stop.signal,
    );
    await new Promise((flushed) => setImmediate(flushed));
    const stdout = io.stdoutText();
    expect(code).toBe(130);
    expect(io.stderrText()).toMatch(
      /Interrupted: \d of 9 expectations checked; the others are reported as not checked\./,
    );
    expect(headlines(stdout)[0]).toBe("  # alpha/a1-db/pre-upgrade-2026-11 is missing");
    expect(stdout).toContain("\n\npg-ltr found the following drift:\n\n");
    expect(stdout).toMatch(/\nPlan: [^\n]* could not be checked\.\n$/);
    expect(io.stderrText()).toContain("│ Not checked: interrupted\n");
  }, 60_000);

  it("stops printing quietly when its reader goes away (pg-ltr check | head), still writing its files and exiting with its code", async () => {
    const received: string[] = [];
    // A pipe whose reader reads the first write, then exits: every later write fails with EPIPE.
    const pipe = new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (received.length > 0) {
          done(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
          return;
        }
        received.push(chunk.toString("utf8"));
        done();
      },
    });
    const io = capturedIo({ cwd: app.folder, env: { PG_LTR_ACCESS_TOKEN: TOKEN } });
    const code = await runCheckCommand(
      ["--endpoint", emulator.url, "--now", NOW, "--no-color", "--output", "text=reports/after-head.txt"],
      { ...io, stdout: pipe },
      new AbortController().signal,
    );
    expect(io.stderrText()).toBe("");
    expect(code).toBe(2);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatch(/^pg-ltr compared the LTR backups in Azure/);
    expect(readFileSync(join(app.folder, "reports/after-head.txt"), "utf8")).toMatch(
      /\nPlan: 3 missing, 1 stale, [^\n]*\n$/,
    );
  }, 60_000);

  it("on a terminal, clears the progress line on stderr before each block, so the screen shows the plan as printed to a file", async () => {
    // Every answer slow and one server at a time: the progress line is up when the later blocks come.
    const slow = await startEmulator({
      state: emulatorState(),
      throttle: false,
      faults: [parseFaultSpec("delay=300")],
    });
    // Only its CA: the emulators' certificates share a subject, and the first of that name would be tried.
    mockEmulatorCas.splice(0, mockEmulatorCas.length, slow.caCertificate);
    try {
      const terminal = new PassThrough();
      const chunks: Buffer[] = [];
      terminal.on("data", (chunk: Buffer) => chunks.push(chunk));
      const tty = Object.assign(terminal, { isTTY: true, columns: 200 });
      const code = await runCheckCommand(
        [
          "--endpoint",
          slow.url,
          "--now",
          NOW,
          "--no-color",
          "--concurrency",
          "1",
          "--output",
          "text=reports/tty.txt",
        ],
        { stdout: tty, stderr: tty, env: { PG_LTR_ACCESS_TOKEN: TOKEN }, cwd: app.folder },
        new AbortController().signal,
      );
      const raw = Buffer.concat(chunks).toString("utf8");
      expect(code).toBe(2);
      expect(raw).toContain("\rChecking LTR backups: ");
      expect(screenOf(raw)).toBe(readFileSync(join(app.folder, "reports/tty.txt"), "utf8"));
    } finally {
      mockEmulatorCas.splice(0, mockEmulatorCas.length, emulator.caCertificate);
      await slow.close();
    }
  }, 60_000);
});

/** What a terminal shows for `text`: `\r` returns to the line's start, `ESC[K` erases to its end. */
function screenOf(text: string): string {
  const lines: string[] = [];
  let line: string[] = [];
  let column = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === "\n") {
      lines.push(line.join(""));
      line = [];
      column = 0;
    } else if (char === "\r") column = 0;
    else if (text.startsWith("\u001b[K", i)) {
      line = line.slice(0, column);
      i += 2;
    } else line[column++] = char;
  }
  return [...lines, line.join("")].join("\n");
}
