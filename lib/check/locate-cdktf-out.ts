import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { PgLtrInputError } from "../errors/input-error";
import { readUserFile } from "./bounded-file";
import { jsonErrorPlace } from "./cdktf-out-file";

/** Where the synthesis output folder is, and what named it (for messages when it is not there). */
export interface LocatedCdktfOut {
  /** Absolute path. */
  readonly outDir: string;
  /** `--out`, `CDKTF_OUTDIR`, `the "output" of ./cdktf.json` or `the default`. */
  readonly namedBy: string;
}

export interface LocateCdktfOutOptions {
  /** `--out` / `CheckOptions.outDir`, when given. */
  readonly outDir?: string;
  /** Where CDKTF_OUTDIR is read from. */
  readonly env: NodeJS.ProcessEnv;
  /** The app's folder: where `cdktf.json` is looked for and relative paths start. */
  readonly cwd: string;
}

/**
 * Finds `cdktf.out` the way cdktf does: `--out`, else `CDKTF_OUTDIR` (which the cdktf CLI sets for the
 * app it runs), else the `output` of `./cdktf.json`, else `cdktf.out`. Relative paths are taken from
 * the app's folder, as cdktf takes them.
 */
export function locateCdktfOut(options: LocateCdktfOutOptions): LocatedCdktfOut {
  const { cwd } = options;
  if (options.outDir !== undefined) return { outDir: resolve(cwd, options.outDir), namedBy: "--out" };
  const fromEnv = options.env.CDKTF_OUTDIR?.trim();
  if (fromEnv) return { outDir: resolve(cwd, fromEnv), namedBy: "CDKTF_OUTDIR" };
  const output = cdktfJsonOutput(join(cwd, "cdktf.json"));
  if (output !== undefined) return { outDir: resolve(cwd, output), namedBy: 'the "output" of ./cdktf.json' };
  return { outDir: resolve(cwd, "cdktf.out"), namedBy: "the default" };
}

/** Far more than any cdktf.json; a larger one is not a cdktf.json and would only cost memory. */
const MAX_CDKTF_JSON_BYTES = 1024 * 1024;

/**
 * The `output` of a cdktf.json, if the file exists and sets one; a file that cannot be read is an
 * error. The file is in the repository, which a pull request can shape: it must be a regular file (a
 * FIFO would block the check for ever), small, and no message quotes it.
 */
function cdktfJsonOutput(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const remedy = "fix it, or pass --out DIR to name the synthesis output";
  const text = readUserFile(file, {
    maxBytes: MAX_CDKTF_JSON_BYTES,
    tooLarge: `${file} is larger than ${MAX_CDKTF_JSON_BYTES / 1024 / 1024} MiB, which no cdktf.json is`,
    regularOnly: true,
    remedy,
  });
  let config: unknown;
  try {
    config = JSON.parse(text) as unknown;
  } catch (error) {
    throw new PgLtrInputError(`${file} is not JSON (${jsonErrorPlace(text, error)}): ${remedy}`);
  }
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new PgLtrInputError(`${file} is not a cdktf.json (not a JSON object): fix it, or pass --out DIR`);
  }
  const output = (config as { output?: unknown }).output;
  if (output === undefined) return undefined;
  if (typeof output !== "string" || output.trim() === "") {
    throw new PgLtrInputError(
      `${file} has "output": ${JSON.stringify(output)}, which is not a folder name: write a path such as "cdktf.out", or pass --out DIR`,
    );
  }
  return output;
}
