import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { PgLtrInputError } from "../errors/input-error";
import type { OutputFile } from "./check-arguments";

/**
 * Writes each `--output FORMAT=PATH` report, creating missing folders. `$GITHUB_STEP_SUMMARY` is
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
      else await writeFile(path, render(output), "utf8");
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
