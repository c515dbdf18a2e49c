import { readFileSync } from "node:fs";
import { join } from "node:path";

const PACKAGE_NAME = "cdktf-pg-ltr";

let cached: string | undefined;

/** The `generatedBy` of documents this release writes: `cdktf-pg-ltr 0.1.0`. */
export function generatedBy(): string {
  cached ??= `${PACKAGE_NAME} ${packageVersion()}`;
  return cached;
}

function packageVersion(): string {
  // package.json is not imported: tsc would copy it into dist/ and break the package's self-reference.
  // lib/expectations (ts-node, Jest) and dist/lib/expectations (built package) sit at different depths.
  for (const up of ["../..", "../../.."]) {
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
  throw new Error(`${PACKAGE_NAME}: cannot find its package.json to stamp the expectations document`);
}
