import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

let cached: string | undefined;

/**
 * The folder holding this package's package.json. The bench runs compiled from dist/bench and, in
 * tests, from source under bench/, so it looks upwards instead of assuming a depth.
 */
export function repositoryRoot(): string {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "cdktf-pg-ltr"
    ) {
      cached = dir;
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`no cdktf-pg-ltr package.json above ${__dirname}`);
  }
}

/** A compiled script of the package, e.g. `bench/check-runner.js` or `bin/pg-ltr.js`, under dist/. */
export function builtScript(relativePath: string): string {
  return join(repositoryRoot(), "dist", relativePath);
}

/** Scratch folder of the bench (git-ignored); each scenario uses a subfolder. */
export function scratchDir(name: string): string {
  return join(repositoryRoot(), ".bench-tmp", name);
}
