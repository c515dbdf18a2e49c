import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkLtrBackups, exitCodeFor, PostgresLtrBackups, renderPlan, type CheckResult } from "cdktf-pg-ltr";
import type { EmulatorStateServer } from "cdktf-pg-ltr/emulator";
import { runMergeCommand } from "../../lib/cli/merge-command";
import { capturedIo } from "../cli/captured-io";
import { pgLtr, type ProcessRun } from "../support/pg-ltr-process";
import { startCheckedEmulator, type CheckedEmulator } from "./support/checked-emulator";
import { succeeded } from "./support/ltr-operations";
import { azureStack, flexibleServer, synthesize } from "./support/synthesize";

/**
 * A check split over a CI matrix: `pg-ltr check --shard I/3` in three child processes (as three CI
 * jobs would run it), each writing its JSON report, then `pg-ltr merge`. The merged report must be
 * the unsharded check's: same verdicts in the same order, same summary, same exit code.
 */

const NOW = "2026-11-27T12:00:00Z";
const TOKEN = "e2e-shard-token";
const SUBSCRIPTIONS = [
  "11111111-1111-4111-8111-111111111111",
  "22222222-2222-4222-8222-222222222222",
  "33333333-3333-4333-8333-333333333333",
  "44444444-4444-4444-8444-444444444444",
];
const SERVERS_PER_SUBSCRIPTION = 5;

interface Report {
  format_version: string;
  summary: Record<string, number>;
  scope: {
    fingerprint: string;
    total_expectations: number;
    shard: { index: number; count: number } | null;
    missing_shards: number[];
  };
  backups: {
    stack: string;
    serverName: string;
    backupName: string | null;
    verdict: string;
    reason: string;
    http: { requestId: string | null } | null;
  }[];
}

const serverName = (s: number, i: number) => `pg-${s}-${i}`;

describe("pg-ltr check --shard and pg-ltr merge over the emulator", () => {
  let checked: CheckedEmulator;
  let whole: CheckResult;
  let shards: ProcessRun[];

  beforeAll(async () => {
    const app = synthesize((scope) => {
      SUBSCRIPTIONS.forEach((subscription, s) => {
        const stack = azureStack(scope, `estate-${s}`, subscription);
        for (let i = 0; i < SERVERS_PER_SUBSCRIPTION; i++) {
          new PostgresLtrBackups(stack, `ltr-${i}`, {
            server: flexibleServer(stack, `server-${i}`, serverName(s, i), "rg-estate"),
            backups: [{ name: "nightly-2026-11-27", maxAge: "P1D" }, { name: "pre-upgrade" }],
            latest: { maxAge: "P2D" },
          });
        }
      });
    });
    const servers = (s: number): Record<string, EmulatorStateServer> =>
      Object.fromEntries(
        Array.from({ length: SERVERS_PER_SUBSCRIPTION }, (_, i) => [
          serverName(s, i),
          {
            // Every third server lacks its pre-upgrade backup: drift spread over the shards.
            ltrBackupOperations: [
              succeeded("nightly-2026-11-27", "2026-11-27T02:30:00Z"),
              ...((s + i) % 3 === 0 ? [] : [succeeded("pre-upgrade", "2026-10-01T02:30:00Z")]),
            ],
          },
        ]),
      );
    checked = await startCheckedEmulator(app, {
      now: NOW,
      token: TOKEN,
      state: {
        accessTokens: [TOKEN],
        subscriptions: Object.fromEntries(
          SUBSCRIPTIONS.map((id, s) => [id, { resourceGroups: { "rg-estate": { servers: servers(s) } } }]),
        ),
      },
    });
    const run = (args: string[]) =>
      pgLtr(["check", "--endpoint", checked.emulator.url, "--now", NOW, ...args], {
        cwd: app.folder,
        env: checked.processEnv,
      });
    mkdirSync(join(app.folder, "reports"));
    // The shards as CI jobs run them; the unsharded check in-process, to compare with.
    [whole, ...shards] = await Promise.all([
      checkLtrBackups(checked.checkOptions()),
      ...[1, 2, 3].map((i) => run(["--shard", `${i}/3`, "--output", `json=reports/shard-${i}.json`])),
    ]);
  }, 120_000);

  afterAll(() => checked?.close());

  /** A JSON report without what differs between two runs of one check: request ids and timings. */
  const comparable = (text: string) => {
    const parsed = JSON.parse(text) as Report & { stats: unknown };
    return {
      ...parsed,
      stats: null,
      backups: parsed.backups.map((b) => ({ ...b, http: b.http && { ...b.http, requestId: null } })),
    };
  };
  const report = (name: string) =>
    JSON.parse(readFileSync(join(checked.app.folder, "reports", name), "utf8")) as Report;
  const merge = async (args: string[]) => {
    const io = capturedIo({ cwd: join(checked.app.folder, "reports") });
    const code = await runMergeCommand(args, io);
    return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
  };

  it("splits whole subscriptions over the shards, each report saying which part it is", () => {
    for (const shard of shards) expect(shard.stderr).toBe("");
    expect(exitCodeFor(whole)).toBe(2);
    const parts = [1, 2, 3].map((i) => report(`shard-${i}.json`));
    const fingerprint = whole.scope?.fingerprint;
    expect(fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    parts.forEach((part, i) => {
      expect(part.scope).toEqual({
        fingerprint,
        total_expectations: SUBSCRIPTIONS.length * SERVERS_PER_SUBSCRIPTION * 3,
        shard: { index: i + 1, count: 3 },
        missing_shards: [],
      });
    });
    // Four subscriptions, three shards: no stack (one subscription each) is split between shards.
    const stacksOf = parts.map((part) => new Set(part.backups.map((b) => b.stack)));
    expect(stacksOf.map((set) => set.size).sort()).toEqual([1, 1, 2]);
    const all = stacksOf.flatMap((set) => [...set]);
    expect(new Set(all).size).toBe(all.length);
  });

  it("merges the shard reports into the unsharded report: verdicts, order, summary and exit code", async () => {
    const merged = await merge(["shard-3.json", "shard-1.json", "shard-2.json", "--format", "json"]);
    expect(merged.stderr).toBe("");
    const unsharded = comparable(renderPlan(whole, "json"));
    const combined = comparable(merged.stdout);
    expect(combined).toEqual(unsharded);
    expect(combined.summary.missing).toBeGreaterThan(0);
    expect(combined.scope.shard).toBeNull();
    expect(merged.code).toBe(exitCodeFor(whole));
    // The shards' requests add up to the whole check's.
    expect((JSON.parse(merged.stdout) as { stats: { requests: number } }).stats.requests).toBe(
      whole.stats.requests,
    );

    const text = await merge(["shard-1.json", "shard-2.json", "shard-3.json", "--no-color"]);
    expect(text.stdout).toBe(renderPlan(whole, "text"));
    expect(text.code).toBe(2);

    // GitHub annotations and SARIF from the merged report name the lines the unsharded check names.
    const annotations = await merge([
      "shard-1.json",
      "shard-2.json",
      "shard-3.json",
      "--format",
      "github",
      "--output",
      "sarif=merged.sarif",
    ]);
    expect(annotations.stdout).toBe(renderPlan(whole, "github"));
    expect(readFileSync(join(checked.app.folder, "reports/merged.sarif"), "utf8")).toBe(
      renderPlan(whole, "sarif"),
    );
    expect(annotations.stdout).toMatch(
      /^::error title=LTR backup missing,file=test\/e2e\/sharded-check\.test\.ts,line=\d+,/,
    );
  });

  it("refuses a duplicated shard and a missing one; --allow-partial merges what is there and exits 1", async () => {
    const twice = await merge(
      ["shard-1.json", "shard-2.json", "shard-3.json", "copy-of-2.json"].slice(0, 3).concat([]),
    );
    expect(twice.code).toBe(2);
    writeFileSync(
      join(checked.app.folder, "reports/copy-of-2.json"),
      readFileSync(join(checked.app.folder, "reports/shard-2.json")),
    );
    const duplicated = await merge(["shard-1.json", "shard-2.json", "copy-of-2.json", "shard-3.json"]);
    expect(duplicated.code).toBe(1);
    expect(duplicated.stdout).toBe("");
    expect(duplicated.stderr).toContain(
      "copy-of-2.json and shard-2.json are both shard 2/3: pass each shard's report once",
    );

    const missing = await merge(["shard-1.json", "shard-3.json"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      "shard 2/3 is missing: pass every shard's report, or --allow-partial to merge what is there (exit code 1)",
    );

    const partial = await merge(["shard-1.json", "shard-3.json", "--allow-partial", "--format", "json"]);
    expect(partial.code).toBe(1);
    const expected = report("shard-1.json").backups.length + report("shard-3.json").backups.length;
    expect(partial.stderr).toBe(
      `pg-ltr merge: partial result, shard 2/3 missing (${expected} of ${SUBSCRIPTIONS.length * SERVERS_PER_SUBSCRIPTION * 3} expectations merged)\n`,
    );
    expect((JSON.parse(partial.stdout) as Report).scope.missing_shards).toEqual([2]);
  });

  it("splits one subscription's servers evenly when there are fewer subscriptions than shards", async () => {
    const options = checked.checkOptions({ stacks: ["estate-1"] });
    const unsharded = await checkLtrBackups(options);
    const parts = await Promise.all(
      [1, 2, 3].map((index) => checkLtrBackups({ ...options, shard: { index, count: 3 } })),
    );
    // Five servers of three expectations each, dealt out to three shards.
    expect(parts.map((part) => part.findings.length / 3).sort()).toEqual([1, 2, 2]);
    parts.forEach((part, i) =>
      writeFileSync(join(checked.app.folder, "reports", `one-${i + 1}.json`), renderPlan(part, "json")),
    );
    const merged = await merge(["one-1.json", "one-2.json", "one-3.json", "--format", "json"]);
    expect(comparable(merged.stdout)).toEqual(comparable(renderPlan(unsharded, "json")));
    expect(merged.code).toBe(exitCodeFor(unsharded));
  });
});
