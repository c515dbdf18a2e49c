import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseCheckArguments } from "../../lib/cli/check-arguments";
import { CHECK_HELP } from "../../lib/cli/check-help";
import { EMULATOR_HELP } from "../../lib/cli/emulator-command";
import { main, TOP_LEVEL_HELP } from "../../lib/cli/main";
import { packageVersion } from "../../lib/package-version";
import { capturedIo } from "./captured-io";

async function run(argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const io = capturedIo(options);
  const code = await main(argv, io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

/** The summary line of the one diagnostic printed, framed as check frames its own. */
function onlyDiagnostic(stderr: string): string {
  const lines = stderr.trim().split("\n");
  expect(lines).toEqual(["╷", expect.stringMatching(/^│ Error: /), "╵"]);
  return (lines[1] as string).slice("│ Error: ".length);
}

describe("pg-ltr (top level)", () => {
  it.each([["version"], ["--version"], ["-v"]])("%s prints the package version, exit 0", async (arg) => {
    const { code, stdout, stderr } = await run([arg]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toBe(`${packageVersion()}\n`);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    [["help"], TOP_LEVEL_HELP],
    [["--help"], TOP_LEVEL_HELP],
    [["help", "check"], CHECK_HELP],
    [["help", "emulator"], EMULATOR_HELP],
  ])("%j prints the help asked for, exit 0", async (argv, text) => {
    const { code, stdout } = await run(argv);
    expect(code).toBe(0);
    expect(stdout).toBe(text);
  });

  it("lists every command, and its examples work from an installed package", () => {
    for (const command of ["check", "emulator", "version", "help"]) {
      expect(TOP_LEVEL_HELP).toMatch(new RegExp(`^ {2}${command} +\\S`, "m"));
    }
    expect(TOP_LEVEL_HELP).toContain("npx pg-ltr check");
    expect(TOP_LEVEL_HELP).toContain("npx pg-ltr emulator --from cdktf.out");
  });

  it.each([
    [["chek"], 'unknown command "chek"; did you mean "check"? Run "pg-ltr --help" for the commands.'],
    [["emulater"], 'unknown command "emulater"; did you mean "emulator"?'],
    [["verison"], 'unknown command "verison"; did you mean "version"?'],
    [["deploy"], 'unknown command "deploy". Run "pg-ltr --help" for the commands.'],
    [["--verison"], 'unknown option "--verison"; did you mean "--version"?'],
    [
      ["--fromat"],
      'unknown option "--fromat"; options go after the command: did you mean "pg-ltr check --format"?',
    ],
    [["help", "chek"], 'no help for "chek": it is not a command; did you mean "check"?'],
    [["version", "--json"], 'unexpected argument "--json": pg-ltr version takes none'],
  ])("%j is refused with one diagnostic that says what to type, exit 1", async (argv, message) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(onlyDiagnostic(stderr)).toContain(message);
  });

  it("frames emulator errors as check frames its own", async () => {
    const { code, stderr } = await run(["emulator", "--stat", "x.json"]);
    expect(code).toBe(1);
    expect(onlyDiagnostic(stderr)).toBe(
      'unknown option "--stat"; did you mean "--state"? Run "pg-ltr emulator --help" for the options.',
    );
  });
});

describe("pg-ltr check flags", () => {
  it.each([
    ["AzureCloud", "AzurePublicCloud"],
    ["public", "AzurePublicCloud"],
    ["azurepubliccloud", "AzurePublicCloud"],
    ["AzureUSGovernment", "AzureUSGovernment"],
    ["usgovernment", "AzureUSGovernment"],
    ["AzureChinaCloud", "AzureChinaCloud"],
    ["china", "AzureChinaCloud"],
  ])("--cloud %s means %s", (name, cloud) => {
    expect(parseCheckArguments(["--cloud", name]).cloud).toBe(cloud);
  });

  it("takes --server more than once", () => {
    expect(parseCheckArguments(["--server", "orders-db", "--server", "billing-db"]).servers).toEqual([
      "orders-db",
      "billing-db",
    ]);
  });
});

describe("where pg-ltr check finds cdktf.out", () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "pg-ltr-outdir-"));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const missing = async (env: NodeJS.ProcessEnv, args: string[] = []) =>
    onlyDiagnostic((await run(["check", ...args], { cwd: folder, env })).stderr);

  it("is cdktf.out in the working directory by default", async () => {
    expect(await missing({})).toBe(
      `no manifest.json in ${join(folder, "cdktf.out")}: run \`cdktf synth\` first (or pass --out DIR)`,
    );
  });

  it('is the "output" of ./cdktf.json, as the cdktf CLI synthesizes there', async () => {
    writeFileSync(
      join(folder, "cdktf.json"),
      JSON.stringify({ language: "typescript", output: "build/synth" }),
    );
    expect(await missing({})).toBe(
      `no manifest.json in ${join(folder, "build/synth")} (the folder named by the "output" of ./cdktf.json): ` +
        "run `cdktf synth` first (or pass --out DIR)",
    );
  });

  it("is CDKTF_OUTDIR before cdktf.json, and --out before both", async () => {
    writeFileSync(join(folder, "cdktf.json"), JSON.stringify({ output: "build/synth" }));
    expect(await missing({ CDKTF_OUTDIR: "from-env" })).toBe(
      `no manifest.json in ${join(folder, "from-env")} (the folder named by CDKTF_OUTDIR): ` +
        "run `cdktf synth` first (or pass --out DIR)",
    );
    expect(await missing({ CDKTF_OUTDIR: "from-env" }, ["--out", "given"])).toBe(
      `no manifest.json in ${join(folder, "given")}: run \`cdktf synth\` first (or pass --out DIR)`,
    );
  });

  it("reports a cdktf.json it cannot read instead of guessing", async () => {
    writeFileSync(join(folder, "cdktf.json"), "{ not json");
    expect(await missing({})).toMatch(/cdktf\.json is not JSON \(.*\): fix it, or pass --out DIR/);
    writeFileSync(join(folder, "cdktf.json"), JSON.stringify({ output: 42 }));
    expect(await missing({})).toMatch(/cdktf\.json has "output": 42, which is not a folder name/);
  });

  it("never quotes a cdktf.json that is not JSON: only where it breaks", async () => {
    writeFileSync(join(folder, "cdktf.json"), '{ "output": "x", password=hunter2-SECRET }');
    const message = await missing({});
    expect(message).toBe(
      `${join(folder, "cdktf.json")} is not JSON (a syntax error at line 1, column 18): fix it, or pass --out DIR ` +
        "to name the synthesis output",
    );
    expect(message).not.toContain("hunter2");
  });

  const posix = process.platform === "win32" ? it.skip : it;

  posix(
    "refuses a cdktf.json that is a FIFO instead of waiting for ever (a pull request can add one)",
    async () => {
      execFileSync("mkfifo", [join(folder, "cdktf.json")]);
      expect(await missing({})).toBe(
        `${join(folder, "cdktf.json")} is a named pipe (FIFO), not a regular file: fix it, or pass --out DIR to ` +
          "name the synthesis output",
      );
    },
  );

  posix("refuses a cdktf.json linked to /dev/zero instead of reading until memory runs out", async () => {
    symlinkSync("/dev/zero", join(folder, "cdktf.json"));
    expect(await missing({})).toBe(
      `${join(folder, "cdktf.json")} is a character device, not a regular file: fix it, or pass --out DIR to ` +
        "name the synthesis output",
    );
  });

  it("refuses a cdktf.json larger than any cdktf.json", async () => {
    writeFileSync(join(folder, "cdktf.json"), `{"output": "x", "pad": "${"x".repeat(1024 * 1024)}"}`);
    expect(await missing({})).toBe(
      `${join(folder, "cdktf.json")} is larger than 1 MiB, which no cdktf.json is: fix it, or pass --out DIR to ` +
        "name the synthesis output",
    );
  });

  it("reads a cdktf.json without output as the default", async () => {
    mkdirSync(join(folder, "cdktf.out"));
    writeFileSync(join(folder, "cdktf.json"), JSON.stringify({ app: "npx ts-node main.ts" }));
    expect(await missing({})).toBe(
      `no manifest.json in ${join(folder, "cdktf.out")}: run \`cdktf synth\` first (or pass --out DIR)`,
    );
  });
});
