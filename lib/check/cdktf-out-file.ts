import { realpathSync } from "node:fs";
import { relative, isAbsolute, resolve } from "node:path";
import { PgLtrInputError } from "../errors/input-error";
import { readBoundedFile } from "./bounded-file";

/**
 * The largest manifest.json or expectations document pg-ltr reads. Synthesis writes a few hundred
 * bytes per server, so 32 MiB holds estates far beyond ten thousand servers in one stack; a larger
 * file is not synthesis output and would only cost memory.
 */
export const MAX_CDKTF_OUT_FILE_BYTES = 32 * 1024 * 1024;

/** The synthesis output folder, as given and with its symbolic links resolved. */
export interface OutFolder {
  /** Absolute path as the user named it. */
  readonly outDir: string;
  /** Real path, the bound every file read must stay within. */
  readonly realOutDir: string;
}

export function outFolder(outDir: string): OutFolder {
  let realOutDir: string;
  try {
    realOutDir = realpathSync(outDir);
  } catch {
    realOutDir = outDir;
  }
  return { outDir, realOutDir };
}

/** Whether `path` is `folder` or lies inside it (both absolute). */
export function isInside(folder: string, path: string): boolean {
  const fromFolder = relative(folder, path);
  return fromFolder === "" || (!fromFolder.startsWith("..") && !isAbsolute(fromFolder));
}

/**
 * The text of a file of the synthesis output folder, or undefined when there is none. cdktf.out is
 * untrusted input (a pull request can shape it), so: a symbolic link is followed only when its target
 * stays inside the folder; only a regular file is read (a FIFO would block for ever, `/dev/zero` never
 * end); no more than MAX_CDKTF_OUT_FILE_BYTES are read. No message quotes the file's content.
 */
export function readOutFile(folder: OutFolder, file: string, remedy: string): string | undefined {
  let real: string;
  try {
    real = realpathSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new PgLtrInputError(`cannot read ${file} (${code ?? "unknown error"}): ${remedy}`);
  }
  if (!isInside(folder.realOutDir, real)) {
    throw new PgLtrInputError(
      `${file} is a symbolic link to ${real}, outside ${folder.outDir}: pg-ltr reads only files inside ` +
        `the synthesis output folder; ${remedy}`,
    );
  }
  // The link was followed above and its target checked: the target itself must not be a link.
  return readBoundedFile(
    real,
    { maxBytes: MAX_CDKTF_OUT_FILE_BYTES, regularOnly: true, noFollow: true },
    {
      cannotRead: (code) => `cannot read ${file} (${code}): ${remedy}`,
      notRegular: (kind) =>
        `${file} is ${kind}, not a regular file: pg-ltr reads only regular files; ${remedy}`,
      tooLarge: () =>
        `${file} is larger than ${MAX_CDKTF_OUT_FILE_BYTES / 1024 / 1024} MiB, the most pg-ltr reads ` +
        `from cdktf.out (synthesis writes far less); ${remedy}`,
    },
  );
}

/**
 * Where a stack's working directory from manifest.json lies, or undefined when it leaves the folder
 * (`../..`, an absolute path): a tampered manifest must not make pg-ltr read files elsewhere.
 */
export function workingDirectoryInside(folder: OutFolder, workingDirectory: string): string | undefined {
  const directory = resolve(folder.outDir, workingDirectory);
  return isInside(folder.outDir, directory) ? directory : undefined;
}

/**
 * Why JSON.parse refused a text, without quoting it: V8's messages include a snippet of the text
 * (`Unexpected token 'p', "password=…" is not valid JSON`), which for a file that is not what it
 * claims could be a secret. Only the place is kept.
 */
export function jsonErrorPlace(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : "";
  const position = /at position (\d+)/.exec(message);
  if (position) {
    const offset = Math.min(Number(position[1]), text.length);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    return `a syntax error at line ${line}, column ${offset - lineStart + 1}`;
  }
  if (/end of JSON input/i.test(message)) return "it ends too early";
  return "a syntax error";
}
