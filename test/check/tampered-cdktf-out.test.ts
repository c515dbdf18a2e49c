import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MAX_CDKTF_OUT_FILE_BYTES } from "../../lib/check/cdktf-out-file";
import { checkLtrBackups } from "../../lib/check/check-ltr-backups";
import { readCdktfOut } from "../../lib/check/read-cdktf-out";
import { PgLtrInputError } from "../../lib/errors/input-error";
import { runCheckCommand } from "../../lib/cli/check-command";
import { capturedIo } from "../cli/captured-io";
import {
  expectationsDocument,
  serverExpectations,
  temporaryFolder,
  writeCdktfOut,
} from "./support/cdktf-out-fixture";
import { startArmTestServer, type ArmTestServer } from "./support/arm-test-server";
import { fakeArm, ltrOperation } from "./support/fake-arm";
import { inputError } from "./support/input-error";

// cdktf.out is untrusted input: a pull request can shape it, and CI runs the check with a privileged
// token. Each case must stop with a clear message (exit 1), never hang, and never quote a file.
const DOCUMENT = "pg-ltr.expectations.json";
const SECRET = "hunter2-SECRET-do-not-print";
const named = serverExpectations({
  backups: [{ name: "nightly", maxAge: null, constructPath: "app/orders-ltr" }],
});

/** A cdktf.out with one stack "data" whose document is `document`; returns the folder and paths. */
function fixture(document: unknown = expectationsDocument("data", [named])) {
  const folder = temporaryFolder();
  const outDir = writeCdktfOut(folder, [{ name: "data", document }]);
  return {
    folder,
    outDir,
    file: join(outDir, "stacks/data", DOCUMENT),
    manifest: join(outDir, "manifest.json"),
  };
}

const posix = process.platform === "win32" ? describe.skip : describe;

let arm: ArmTestServer;
beforeAll(async () => {
  arm = await startArmTestServer(() => ({ status: 500 }));
  arm.respond = fakeArm(arm.url, {
    resourceGroups: {
      "rg-data": {
        "pg-orders": [
          ltrOperation("nightly", {
            status: "Succeeded",
            endTime: "2026-11-26T02:00:00Z",
            startTime: "2026-11-26T01:00:00Z",
          }),
        ],
      },
    },
  });
});
afterAll(() => arm.close());
beforeEach(() => arm.forget());

/** `pg-ltr check --out <outDir>` in-process; every case below stops before the network. */
async function check(outDir: string) {
  const io = capturedIo({ env: { PG_LTR_ACCESS_TOKEN: "token" } });
  const code = await runCheckCommand(
    ["--out", outDir, "--endpoint", arm.url, "--now", "2026-11-27T08:00:00Z", "--no-color"],
    io,
  );
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

const diagnostic = (message: string): string => `╷\n│ Error: ${message}\n╵\n`;

describe("a tampered cdktf.out", () => {
  const viaApi = (outDir: string) =>
    checkLtrBackups({
      outDir,
      endpoint: arm.url,
      caCertificates: arm.certificate,
      now: "2026-11-27T08:00:00Z",
      env: { PG_LTR_ACCESS_TOKEN: "token" },
    });

  it("is checked normally when untampered (the baseline of the cases below)", async () => {
    const { outDir } = fixture();
    const result = await viaApi(outDir);
    expect(result.findings.map((finding) => finding.verdict)).toEqual(["compliant"]);
    expect(arm.requests.length).toBeGreaterThan(0);
  });

  it("with resource group '..' stops before any request, instead of asking another path and reporting compliant", async () => {
    const { outDir, file } = fixture(expectationsDocument("data", [{ ...named, resourceGroupName: ".." }]));
    const message =
      `${file} has a name the checker cannot use (at "/servers/0/resourceGroupName": a resource group name ` +
      'must not end in "."): fix the declaration and run `cdktf synth` again';
    await expect(viaApi(outDir)).rejects.toThrow(new PgLtrInputError(message));
    expect(arm.requests).toEqual([]);
    const run = await check(outDir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(diagnostic(message));
  });

  posix("with a FIFO", () => {
    it.each([["manifest"], ["document"]])("as the %s does not hang: it is refused", async (which) => {
      const { outDir, manifest, file } = fixture();
      const fifo = which === "manifest" ? manifest : file;
      rmSync(fifo);
      execFileSync("mkfifo", [fifo]);
      const run = await check(outDir);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        diagnostic(
          `${fifo} is a named pipe (FIFO), not a regular file: pg-ltr reads only regular files; run \`cdktf synth\` again`,
        ),
      );
    });
  });

  posix("with symbolic links", () => {
    it("to a secrets file outside the folder is refused without printing the secret", async () => {
      const { folder, outDir, file } = fixture();
      const secrets = join(folder, "secrets.env");
      writeFileSync(secrets, `PASSWORD=${SECRET}\n`);
      rmSync(file);
      symlinkSync(secrets, file);
      const run = await check(outDir);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        diagnostic(
          `${file} is a symbolic link to ${secrets}, outside ${outDir}: pg-ltr reads only files inside the ` +
            "synthesis output folder; run `cdktf synth` again",
        ),
      );
      expect(run.stderr).not.toContain("hunter2");
    });

    it("to /dev/zero is refused, not read until memory runs out", () => {
      const { file, outDir } = fixture();
      rmSync(file);
      symlinkSync("/dev/zero", file);
      expect(inputError(() => readCdktfOut({ outDir }))).toBe(
        `${file} is a symbolic link to /dev/zero, outside ${outDir}: pg-ltr reads only files inside the ` +
          "synthesis output folder; run `cdktf synth` again",
      );
    });

    it("inside the folder is followed", () => {
      const { outDir, file } = fixture();
      const copy = join(outDir, "copy.json");
      writeFileSync(copy, JSON.stringify(expectationsDocument("data", [named])));
      rmSync(file);
      symlinkSync(copy, file);
      expect(readCdktfOut({ outDir }).stacks[0]?.document.servers[0]?.serverName).toBe("pg-orders");
    });

    it("as a stack folder leading outside is refused", () => {
      const { folder, outDir } = fixture();
      const elsewhere = join(folder, "elsewhere");
      mkdirSync(elsewhere);
      writeFileSync(join(elsewhere, DOCUMENT), JSON.stringify(expectationsDocument("data", [named])));
      rmSync(join(outDir, "stacks/data"), { recursive: true });
      symlinkSync(elsewhere, join(outDir, "stacks/data"));
      expect(inputError(() => readCdktfOut({ outDir }))).toBe(
        `${join(outDir, "stacks/data", DOCUMENT)} is a symbolic link to ${join(elsewhere, DOCUMENT)}, outside ` +
          `${outDir}: pg-ltr reads only files inside the synthesis output folder; run \`cdktf synth\` again`,
      );
    });
  });

  it.each([["../outside"], ["/etc"], ["stacks/../../x"]])(
    "with a stack working directory %j outside the folder is refused",
    async (workingDirectory) => {
      const { outDir, manifest } = fixture();
      writeFileSync(
        manifest,
        JSON.stringify({ version: "0.21.0", stacks: { data: { name: "data", workingDirectory } } }),
      );
      const run = await check(outDir);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        diagnostic(
          `${manifest} puts the working directory of stack "data" outside ${outDir}: pg-ltr reads only files ` +
            "inside the synthesis output folder; run `cdktf synth` again",
        ),
      );
    },
  );

  it("with a folder where the document would be is refused, not silently skipped", () => {
    const { outDir, file } = fixture();
    rmSync(file);
    mkdirSync(file);
    expect(inputError(() => readCdktfOut({ outDir }))).toBe(
      `${file} is a folder, not a regular file: pg-ltr reads only regular files; run \`cdktf synth\` again`,
    );
  });

  it.each([["manifest"], ["document"]])(
    "with a %s above the size cap is refused before it is read",
    (which) => {
      const { outDir, file, manifest } = fixture();
      const target = which === "manifest" ? manifest : file;
      truncateSync(target, MAX_CDKTF_OUT_FILE_BYTES + 1);
      expect(inputError(() => readCdktfOut({ outDir }))).toBe(
        `${target} is larger than 32 MiB, the most pg-ltr reads from cdktf.out (synthesis writes far less); ` +
          "run `cdktf synth` again",
      );
    },
  );

  it.each([
    ["not JSON", `PASSWORD=${SECRET}`, "is not JSON (a syntax error): run `cdktf synth` again"],
    [
      "broken JSON",
      `{"version": 1,\n  "x": ${SECRET}}`,
      "is not JSON (a syntax error): run `cdktf synth` again",
    ],
    [
      "cut JSON",
      `{"k": "${SECRET}`,
      `is not JSON (a syntax error at line 1, column ${8 + SECRET.length}): run \`cdktf synth\` again`,
    ],
    [
      "JSON of another shape",
      JSON.stringify({ ...expectationsDocument("data", [named]), [SECRET]: true }),
      'does not match the expectations schema (at "" (the whole document): has a property the schema does ' +
        "not allow): run `cdktf synth` again with this version of cdktf-pg-ltr",
    ],
    [
      "a newer version by an unknown writer",
      JSON.stringify({ version: 9, generatedBy: `x ${SECRET}\n`, stack: "data", servers: [] }),
      "was written by a newer cdktf-pg-ltr in format version 9, but this release reads version 1.3 and older: upgrade cdktf-pg-ltr",
    ],
  ])("with a document that is %s names the problem without quoting the file", (_case, text, message) => {
    const { outDir, file } = fixture();
    writeFileSync(file, text);
    const error = inputError(() => readCdktfOut({ outDir }));
    expect(error).toBe(`${file} ${message}`);
    expect(error).not.toContain("hunter2");
  });
});
