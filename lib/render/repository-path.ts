import { posix } from "node:path";

/**
 * A declaration's file as GitHub reads annotation `file=` and SARIF `artifactLocation.uri`: relative
 * to the repository's root. `declaredAt.file` is relative to the app's folder (where cdktf.json is),
 * so the app folder's path in the repository (`sourceRoot`, such as `infra` or `stacks/data-platform`;
 * empty or undefined for an app at the root) is put in front. Always `/` separators and never a
 * leading `./`, whatever separators a report read from disk carries; a path that still climbs above
 * the root (`../shared/x.ts` of an app at the root) is left climbing, as nothing better is known.
 */
export function repositoryPath(file: string, sourceRoot: string | undefined): string {
  const joined = posix.normalize(posix.join(toPosix(sourceRoot ?? ""), toPosix(file)));
  return joined.startsWith("./") ? joined.slice(2) : joined;
}

function toPosix(path: string): string {
  return path.replace(/\\/g, "/");
}
