import { randomBytes } from "node:crypto";
import { appendFile, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { PgLtrInputError } from "../errors/input-error";
import type { OutputFile } from "./check-arguments";

/**
 * Writes each `--output FORMAT=PATH` report, creating missing folders. Each file is written whole to a
 * temporary file in the same folder, then renamed over the target, so a report on disk is always one
 * whole run (never half of one, after a full disk or a second Ctrl+C). `$GITHUB_STEP_SUMMARY` is
 * appended to because other steps' tools write to the same file.
 */
export async function writeReportFiles(
  outputs: readonly OutputFile[],
  render: (output: OutputFile) => string,
  io: { readonly cwd: string; readonly env: NodeJS.ProcessEnv },
): Promise<void> {
  const stepSummary = io.env.GITHUB_STEP_SUMMARY ? resolve(io.cwd, io.env.GITHUB_STEP_SUMMARY) : undefined;
  for (const output of outputs) {
    const path = resolve(io.cwd, output.path);
    try {
      await mkdir(dirname(path), { recursive: true });
      if (path === stepSummary) await appendFile(path, render(output), "utf8");
      else await writeAtomically(path, render(output));
    } catch (error) {
      throw outputWriteError(output, error);
    }
  }
}

/** Why an --output file could not be written, as the user can act on it. */
export function outputWriteError(output: OutputFile, error: unknown): PgLtrInputError {
  const reason =
    (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
  return new PgLtrInputError(
    `could not write --output ${output.format}=${output.path} (${reason}): choose a path you can write to`,
  );
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temporary, text, { encoding: "utf8", flag: "wx" });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
