import { execFile } from "node:child_process";
import { join } from "node:path";

export const REPOSITORY_ROOT = join(__dirname, "..", "..");
export const PAGE = join(REPOSITORY_ROOT, "spec", "backups-long-term-retention-get.txt");
export const SCHEMA_DIRECTORY = join(REPOSITORY_ROOT, "lib", "schema");
export const GENERATED_FILES = [
  "ltr-backup-operation.schema.json",
  "error-response.schema.json",
  "uri-parameters.json",
  "names.schema.json",
  "ltr-api.generated.ts",
  "check-validators.generated.ts",
];

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(file: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd: REPOSITORY_ROOT, env: { ...process.env, NO_COLOR: "1" } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `npm run generate -- <args>`, exactly as a developer or CI types it. */
export function npmRunGenerate(args: readonly string[]): Promise<Run> {
  return run(process.platform === "win32" ? "npm.cmd" : "npm", [
    "run",
    "--silent",
    "generate",
    "--",
    ...args,
  ]);
}

/** The generator's entry point under ts-node, without npm's start-up cost. */
export function generator(args: readonly string[]): Promise<Run> {
  return run(process.execPath, [
    require.resolve("ts-node/dist/bin.js"),
    "--transpile-only",
    join(REPOSITORY_ROOT, "codegen", "main.ts"),
    ...args,
  ]);
}
