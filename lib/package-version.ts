import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The npm package name, as expectations documents and `--version` print it. */
export const PACKAGE_NAME = "cdktf-pg-ltr";

let cached: string | undefined;

/** This release's version, read from the package's own package.json. */
export function packageVersion(): string {
  cached ??= readPackageVersion();
  return cached;
}

function readPackageVersion(): string {
  // package.json is not imported: tsc would copy it into dist/ and break the package's self-reference.
  // lib/ (ts-node, Jest) and dist/lib/ (built package) sit at different depths.
  for (const up of ["..", "../.."]) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, up, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === "string") return pkg.version;
    } catch {
      // Not at this depth; try the next.
    }
  }
  throw new Error(`${PACKAGE_NAME}: cannot find its own package.json`);
}
