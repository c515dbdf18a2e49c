import { type ChildProcess, execFile, spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/**
 * What a team gets from `npm pack` on a fresh clone: the tarball installed into a new cdktf app, the
 * app synthesized with `node main.js`, and the installed `pg-ltr check` run against the emulator
 * started from the installed package. Run by `npm run test:package` (and .ci/run), not by `npm test`:
 * it builds and installs, which takes a minute.
 *
 * The package's own dependencies are installed by npm, offline when the npm cache has them (CI's
 * `npm ci` fills it) and from the registry otherwise, so a dependency missing from package.json fails
 * here; without --legacy-peer-deps, so a peer range npm cannot resolve fails here too (as
 * @cdktn/provider-azurerm's `cdktn ^0.23.0` did while it was a peer). Its peers (cdktf, constructs,
 * @cdktf/provider-azurerm) are linked from this project's node_modules through NODE_PATH: the provider
 * alone is 100+ MB to unpack, these are the versions the rest of the suite runs with, and nothing is
 * written to the shared node_modules.
 *
 * The same tarball goes into a new cdktn app too, whose package.json is the README's cdktn quick start
 * (cdktn 0.24.0, @cdktn/provider-azurerm 16.1.0, constructs 10.7, the `overrides` entry): npm resolves it
 * (`--package-lock-only`, from the cache), and the app synthesizes with only cdktn's peers linked, so it
 * cannot load cdktf.
 */

const ROOT = join(__dirname, "..", "..");
const PEERS = ["cdktf", "constructs", "@cdktf/provider-azurerm"];
const CDKTN_PEERS = ["cdktn", "constructs", "@cdktn/provider-azurerm"];
const SUBSCRIPTION = "2d4f6a8c-1e3b-4d5f-8a7c-9e1b3d5f7a9c";
const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      [...args],
      {
        cwd,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
        timeout: 280_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") reject(error);
        else resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

async function mustRun(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Run> {
  const result = await run(command, args, cwd, env);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited ${result.code}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

/** The app's main.js for a framework: its packages, this library's entry for it, then the same code. */
const appMain = (framework: "cdktf" | "cdktn", entry: string) => `
const { App, Aspects, TerraformStack } = require("${framework}");
const { AzurermProvider } = require("@${framework}/provider-azurerm/lib/provider");
const { PostgresqlFlexibleServer } = require("@${framework}/provider-azurerm/lib/postgresql-flexible-server");
const { PostgresLtrBackups, RequireLtrBackups } = require("${entry}");

const app = new App();
const stack = new TerraformStack(app, "data-platform");
new AzurermProvider(stack, "azurerm", { features: [{}], subscriptionId: "${SUBSCRIPTION}" });
const server = new PostgresqlFlexibleServer(stack, "orders", {
  name: "orders-db",
  resourceGroupName: "rg-data-prod",
  location: "westeurope",
});
new PostgresLtrBackups(stack, "orders-ltr", {
  server,
  backups: [{ name: "pre-upgrade-2026-11", maxAge: "P400D" }],
  latest: { maxAge: "P8D" },
  series: [{ name: "weekly-{yyyy}-{MM}-{dd}", every: "P7D", anchor: "2026-01-04T02:00:00Z", keep: 4, grace: "PT6H" }],
});
Aspects.of(stack).add(new RequireLtrBackups({ minimum: { latestMaxAge: "P8D" } }));
app.synth();
`;

// The tooling side from code: the check from the root, the emulator from its own subpath.
const FROM_CODE = `
const { sep } = require("node:path");
const root = require("cdktf-pg-ltr");
const emulatorLoaded = () => Object.keys(require.cache).some((f) => f.includes(\`\${sep}dist\${sep}lib\${sep}emulator\`));
const emulatorLoadedByRoot = emulatorLoaded();
const { startEmulator } = require("cdktf-pg-ltr/emulator");
const servers = { "orders-db": {} }; // the declared server, without a single LTR backup
const state = { subscriptions: { "${SUBSCRIPTION}": { resourceGroups: { "rg-data-prod": { servers } } } } };
(async () => {
  const emulator = await startEmulator({ state });
  try {
    const result = await root.checkLtrBackups({
      outDir: "synth-out",
      endpoint: emulator.url,
      caCertificates: emulator.caCertificate,
      credential: root.accessTokenCredential("from-code"),
    });
    const summary = result.summary;
    console.log(JSON.stringify({ emulatorLoadedByRoot, emulatorLoaded: emulatorLoaded(), summary, exitCode: root.exitCodeFor(result) }));
  } finally {
    await emulator.close();
  }
})();
`;

// Both ways TypeScript resolves a subpath: typesVersions (moduleResolution node10) and exports (node16).
const TYPES_CHECK = `
import { checkLtrBackups, type CheckResult } from "cdktf-pg-ltr";
import { startEmulator, type RunningEmulator } from "cdktf-pg-ltr/emulator";
import { PostgresLtrBackups } from "cdktf-pg-ltr/cdktn";
export const used: [typeof checkLtrBackups, CheckResult | undefined, typeof startEmulator, RunningEmulator | undefined, typeof PostgresLtrBackups] =
  [checkLtrBackups, undefined, startEmulator, undefined, PostgresLtrBackups];
`;

let work: string;
let app: string;
let tarballFiles: string[];
let peersEnv: NodeJS.ProcessEnv;
let cdktnApp: string;
let cdktnPeersEnv: NodeJS.ProcessEnv;
let withOverrides: Run;
let withoutOverrides: Run;

/** A folder NODE_PATH can name, linking `packages` from this project's node_modules. */
function linkPeers(folder: string, packages: readonly string[]): NodeJS.ProcessEnv {
  for (const peer of packages) {
    mkdirSync(dirname(join(folder, peer)), { recursive: true });
    symlinkSync(realpathSync(join(ROOT, "node_modules", peer)), join(folder, peer), "dir");
  }
  return { NODE_PATH: folder };
}

/** An app folder with a package.json, cdktf.json (synthesizing to synth-out) and main.js. */
function newApp(folder: string, packageJson: object, main: string): void {
  mkdirSync(folder);
  writeFileSync(join(folder, "package.json"), JSON.stringify(packageJson, null, 2));
  writeFileSync(
    join(folder, "cdktf.json"),
    JSON.stringify({ language: "typescript", app: "node main.js", output: "synth-out" }),
  );
  writeFileSync(join(folder, "main.js"), main);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "pg-ltr-package-"));

  // A fresh clone: the files git knows (tracked, and new ones not ignored), so no earlier dist/ helps.
  const source = join(work, "source");
  const listed = await mustRun("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], ROOT);
  for (const file of listed.stdout.split("\0").filter((f) => f !== "" && f !== "node_modules")) {
    if (!existsSync(join(ROOT, file))) continue; // deleted in the working tree
    mkdirSync(dirname(join(source, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(source, file));
  }
  // The build tools (tsc) are read from the project's node_modules; nothing is installed there.
  symlinkSync(realpathSync(join(ROOT, "node_modules")), join(source, "node_modules"), "dir");
  const packed = await mustRun("npm", ["pack", "--json", "--pack-destination", work], source);
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarballFiles = info!.files.map((f) => f.path);

  // A new cdktf app that installs the tarball, its cdktf.json naming where it synthesizes.
  app = join(work, "app");
  const tarball = `file:${join(work, info!.filename)}`;
  newApp(
    app,
    { name: "ltr-app", private: true, dependencies: { "cdktf-pg-ltr": tarball } },
    appMain("cdktf", "cdktf-pg-ltr"),
  );
  writeFileSync(join(app, "from-code.js"), FROM_CODE);
  writeFileSync(join(app, "types-check.ts"), TYPES_CHECK);
  await mustRun("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--no-package-lock"], app);
  peersEnv = linkPeers(join(work, "peers"), PEERS);
  await mustRun(process.execPath, ["main.js"], app, { ...peersEnv, CDKTF_OUTDIR: join(app, "synth-out") });

  // A new cdktn app. npm installs the tarball and its dependencies as for the cdktf app; then the
  // package.json becomes the README's cdktn quick start, which npm must resolve with the overrides entry
  // and refuse without it.
  cdktnApp = join(work, "cdktn-app");
  newApp(
    cdktnApp,
    { name: "ltr-cdktn-app", private: true, dependencies: { "cdktf-pg-ltr": tarball } },
    appMain("cdktn", "cdktf-pg-ltr/cdktn"),
  );
  await mustRun(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--no-package-lock"],
    cdktnApp,
  );
  const quickStart = {
    name: "ltr-cdktn-app",
    private: true,
    dependencies: {
      "cdktf-pg-ltr": tarball,
      cdktn: "0.24.0",
      "@cdktn/provider-azurerm": "16.1.0",
      constructs: "~10.7.2",
    },
    overrides: { "@cdktn/provider-azurerm": { cdktn: "$cdktn" } },
  };
  writeFileSync(join(cdktnApp, "package.json"), JSON.stringify(quickStart, null, 2));
  const withoutEntry = join(work, "cdktn-app-without-overrides");
  const { overrides: _dropped, ...plain } = quickStart;
  newApp(withoutEntry, plain, "");
  const resolve = (folder: string) =>
    run("npm", ["install", "--package-lock-only", "--prefer-offline", "--no-audit", "--no-fund"], folder);
  [withOverrides, withoutOverrides] = await Promise.all([resolve(cdktnApp), resolve(withoutEntry)]);
  cdktnPeersEnv = linkPeers(join(work, "cdktn-peers"), CDKTN_PEERS);
  await mustRun(process.execPath, ["main.js"], cdktnApp, {
    ...cdktnPeersEnv,
    CDKTF_OUTDIR: join(cdktnApp, "synth-out"),
  });
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the package npm pack makes", () => {
  it("ships the build, the LICENSE and every file its helps point at", async () => {
    for (const file of [
      "LICENSE",
      "package.json",
      "README.md",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/bin/pg-ltr.js",
      "lib/schema/emulator-state.schema.json",
      "lib/schema/plan-report.schema.json",
      "examples/basic/emulator-state.json",
    ]) {
      expect(tarballFiles).toContain(file);
    }
    expect(readFileSync(join(app, "node_modules/cdktf-pg-ltr/LICENSE"), "utf8")).toMatch(/^MIT License/);
    const help = await mustRun(join(app, "node_modules/.bin/pg-ltr"), ["help", "emulator"], app, peersEnv);
    const pointed = [...help.stdout.matchAll(/node_modules\/cdktf-pg-ltr\/[\w./-]+/g)].map((m) => m[0]);
    expect(pointed.length).toBeGreaterThan(0);
    for (const path of pointed) expect(existsSync(join(app, path))).toBe(true);
    const version = await mustRun(join(app, "node_modules/.bin/pg-ltr"), ["--version"], app, peersEnv);
    expect(version.stdout).toBe(`${VERSION}\n`);
  });

  it("synthesizes an app and checks it against the emulator started from the installed package", async () => {
    expect(existsSync(join(app, "synth-out/stacks/data-platform/pg-ltr.expectations.json"))).toBe(true);
    expectNoChanges(await checkAgainstEmulator(app, peersEnv));
  });
});

describe("the installed package's entries", () => {
  it("serve the emulator from cdktf-pg-ltr/emulator, which the root does not load, to a check run from code", async () => {
    const fromCode = await mustRun(process.execPath, ["from-code.js"], app, peersEnv);
    const seen = JSON.parse(fromCode.stdout) as {
      emulatorLoadedByRoot: boolean;
      emulatorLoaded: boolean;
      summary: Record<string, number>;
      exitCode: number;
    };
    expect(seen.emulatorLoadedByRoot).toBe(false);
    expect(seen.emulatorLoaded).toBe(true);
    // Every expectation judged against what the emulator served (none errored), and drift without backups.
    expect(Object.values(seen.summary).reduce((a, b) => a + b, 0)).toBe(6);
    expect(seen.summary).toMatchObject({ compliant: 0, error: 0 });
    expect(seen.exitCode).toBe(2);
  });

  it("have types TypeScript finds by typesVersions (node10) and by exports (node16)", async () => {
    const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
    const common = [
      "--noEmit",
      "--strict",
      "--skipLibCheck",
      "--types",
      "node",
      "--typeRoots",
      join(ROOT, "node_modules/@types"),
    ];
    for (const resolution of [
      ["--module", "commonjs", "--moduleResolution", "node10"],
      ["--module", "node16"],
    ]) {
      const result = await run(
        process.execPath,
        [tsc, ...common, ...resolution, "types-check.ts"],
        app,
        peersEnv,
      );
      expect(`${resolution.join(" ")}: ${result.stdout}${result.stderr}`).toBe(`${resolution.join(" ")}: `);
    }
  });
});

describe("the package installed into a cdktn app", () => {
  it("resolves with the README's overrides entry, without cdktf, and fails to resolve without it", () => {
    expect(withOverrides.stderr).not.toContain("ERESOLVE");
    expect(withOverrides.code).toBe(0);
    const lock = JSON.parse(readFileSync(join(cdktnApp, "package-lock.json"), "utf8")) as {
      packages: Record<string, { version?: string }>;
    };
    expect(lock.packages["node_modules/cdktn"]?.version).toBe("0.24.0");
    expect(lock.packages["node_modules/@cdktn/provider-azurerm"]?.version).toBe("16.1.0");
    expect(lock.packages["node_modules/constructs"]?.version).toMatch(/^10\.7\./);
    // The optional peers of the other framework are not pulled in.
    expect(
      Object.keys(lock.packages).filter((key) => /(^|\/)node_modules\/(cdktf|@cdktf\/[^/]+)$/.test(key)),
    ).toEqual([]);
    // The reason for the entry: @cdktn/provider-azurerm 16.1.0 peers cdktn ^0.23.0.
    expect(withoutOverrides.code).not.toBe(0);
    expect(withoutOverrides.stderr).toContain("ERESOLVE");
  });

  it("synthesizes with node, cdktf not even installed, and passes the installed pg-ltr check against the emulator", async () => {
    const unresolvable = await run(
      process.execPath,
      ["-e", 'require.resolve("cdktf")'],
      cdktnApp,
      cdktnPeersEnv,
    );
    expect(unresolvable.stderr).toContain("Cannot find module 'cdktf'");
    const stack = join(cdktnApp, "synth-out/stacks/data-platform");
    const synthesized = JSON.parse(readFileSync(join(stack, "cdk.tf.json"), "utf8")) as {
      "//": { metadata: { version: string } };
    };
    expect(synthesized["//"].metadata.version).toBe("0.24.0"); // written by cdktn
    // The same document the cdktf app's identical code wrote.
    expect(readFileSync(join(stack, "pg-ltr.expectations.json"), "utf8")).toBe(
      readFileSync(join(app, "synth-out/stacks/data-platform/pg-ltr.expectations.json"), "utf8"),
    );
    expectNoChanges(await checkAgainstEmulator(cdktnApp, cdktnPeersEnv));
  });
});

/** The installed `pg-ltr check` of an app, against the emulator the installed package starts `--from` it. */
async function checkAgainstEmulator(folder: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const emulator = startEmulator(folder, env);
  try {
    const banner = await emulator.banner;
    // No --out: the check finds synth-out from cdktf.json, as cdktf would.
    return await run(
      join(folder, "node_modules/.bin/pg-ltr"),
      ["check", "--endpoint", banner.url, "--no-color"],
      folder,
      { ...env, NODE_EXTRA_CA_CERTS: banner.caPath, PG_LTR_ACCESS_TOKEN: "emulator" },
    );
  } finally {
    await emulator.stop();
  }
}

/** The app's six expectations, every one met by what the emulator serves from its own cdktf.out. */
function expectNoChanges(check: Run): void {
  expect(check.stderr).toBe("");
  expect(check.stdout).toMatch(/^No changes\. Your LTR backups match the configuration\./);
  expect(check.stdout).toContain(
    "Plan: 0 missing, 0 stale, 0 failed, 0 invalid, 0 unknown. 6 compliant, 0 running.",
  );
  expect(check.code).toBe(0);
}

function startEmulator(
  cwd: string,
  env: NodeJS.ProcessEnv,
): {
  banner: Promise<{ url: string; caPath: string }>;
  stop(): Promise<void>;
} {
  const child: ChildProcess = spawn(
    join(cwd, "node_modules/.bin/pg-ltr"),
    ["emulator", "--from", "synth-out", "--port", "0"],
    {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const banner = new Promise<{ url: string; caPath: string }>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      const caPath = /export NODE_EXTRA_CA_CERTS=(\S+)/.exec(stdout)?.[1];
      if (url && caPath && stdout.includes("Press Ctrl+C")) resolve({ url, caPath });
    });
    child.once("close", (code) =>
      reject(new Error(`the installed emulator exited (${code}): ${stdout}${stderr}`)),
    );
  });
  banner.catch(() => undefined);
  return {
    banner,
    stop: async () => {
      child.kill("SIGTERM");
      await closed;
    },
  };
}
