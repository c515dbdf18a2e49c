/** `--check`: compares the committed outputs with what the generator would write. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { diffLinesUnified, type DiffOptionsColor } from "jest-diff";
import type { GeneratedFile } from "./generated-files";

export interface StaleFile {
  /** Path as shown to the user. */
  readonly path: string;
  /** Unified-style diff from the committed file to the generated one, or a sentence when the file is missing. */
  readonly report: string;
}

const plain: DiffOptionsColor = (text) => text;

export async function staleFiles(
  files: readonly GeneratedFile[],
  directory: string,
  display: (path: string) => string,
): Promise<StaleFile[]> {
  const stale: StaleFile[] = [];
  for (const file of files) {
    const path = join(directory, file.name);
    const committed = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (committed === file.content) continue;
    const report =
      committed === undefined
        ? `${display(path)} does not exist.`
        : diffLinesUnified(committed.split("\n"), file.content.split("\n"), {
            aAnnotation: `${display(path)} (committed)`,
            bAnnotation: `${display(path)} (generated)`,
            aIndicator: "-",
            bIndicator: "+",
            commonIndicator: " ",
            expand: false,
            contextLines: 3,
            includeChangeCounts: true,
            aColor: plain,
            bColor: plain,
            changeColor: plain,
            commonColor: plain,
            patchColor: plain,
            changeLineTrailingSpaceColor: plain,
            commonLineTrailingSpaceColor: plain,
          });
    stale.push({ path: display(path), report });
  }
  return stale;
}
