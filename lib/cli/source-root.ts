import { existsSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, posix, relative, resolve, win32 } from "node:path";
import { PgLtrInputError } from "../errors/input-error";
import type { PlanFormat } from "../render/render-plan";

/** What the app folder's place in the repository is worked out from. */
export interface SourceRootInput {
  /** The formats the command renders; only `github` and `sarif` name files for GitHub. */
  readonly formats: readonly PlanFormat[];
  /** `--source-root`, as given. */
  readonly flag?: string;
  /** Where GITHUB_WORKSPACE (the repository's root on a GitHub runner) is read from. */
  readonly env: NodeJS.ProcessEnv;
  /** The command's working directory. */
  readonly cwd: string;
  /** The cdktf.out the check reads (absolute), when the command reads one; `pg-ltr merge` reads none. */
  readonly outDir?: () => string | undefined;
}

/** The prefix of GitHub annotation and SARIF paths, and what the user should hear about it. */
export interface SourceRoot {
  /** The app's folder relative to the repository's root, `/`-separated, `""` for the root; undefined when not known. */
  readonly sourceRoot?: string;
  readonly warnings: string[];
}

const ADVICE = "pass --source-root DIR (the app's folder relative to the repository's root, . for the root)";

/**
 * Where the app's folder (where cdktf.json is, which `declaredAt` paths are relative to) is in the
 * repository, which GitHub resolves annotation and SARIF paths against. `--source-root` says so: a
 * path relative to the repository's root that may not climb above it, or an absolute path inside
 * GITHUB_WORKSPACE. Without it, inside GitHub Actions (GITHUB_WORKSPACE an absolute path of an existing
 * folder; anything else is ignored with a warning), the app's folder is the working directory when it
 * holds cdktf.json, else the folder around cdktf.out when that holds cdktf.json. When neither does
 * (cdktf.out downloaded elsewhere without the app), nothing is guessed: a warning asks for the flag.
 * Outside GitHub Actions, without the flag, paths stay relative to the app's folder.
 */
export function resolveSourceRoot(input: SourceRootInput): SourceRoot {
  const warnings: string[] = [];
  if (input.flag === undefined && !input.formats.some((f) => f === "github" || f === "sarif"))
    return { warnings };
  const workspace = githubWorkspace(input.env, warnings);
  if (input.flag !== undefined) {
    const sourceRoot = fromFlag(input.flag, workspace);
    // A typo would put every alert on a file GitHub does not have; a merge job may not check out, so only a warning.
    if (workspace !== undefined && !isFolder(join(workspace, sourceRoot))) {
      warnings.push(
        `--source-root ${input.flag.trim()} is not a folder of GITHUB_WORKSPACE ${workspace}; ` +
          `GitHub annotation and SARIF paths start with ${sourceRoot}/ all the same`,
      );
    }
    return { sourceRoot, warnings };
  }
  if (workspace === undefined) return { warnings };
  const outDir = existsSync(join(input.cwd, "cdktf.json")) ? undefined : input.outDir?.();
  const appFolder = [input.cwd, ...(outDir === undefined ? [] : [dirname(outDir)])].find((folder) =>
    existsSync(join(folder, "cdktf.json")),
  );
  if (appFolder === undefined) {
    warnings.push(
      `no cdktf.json in ${input.cwd}${outDir === undefined ? "" : ` or next to ${outDir}`}, so where the app is in ` +
        `the repository is not known: GitHub annotation and SARIF paths are left relative to the app's folder, ` +
        `right only for an app at the repository's root; ${ADVICE}`,
    );
    return { warnings };
  }
  const inside = relative(workspace, realpathSync(appFolder));
  if (climbs(inside)) {
    warnings.push(
      `the app's folder ${appFolder} is not inside GITHUB_WORKSPACE ${workspace}: GitHub annotation and SARIF ` +
        `paths are left relative to the app's folder; ${ADVICE}`,
    );
    return { warnings };
  }
  return { sourceRoot: toPosix(inside), warnings };
}

/** GITHUB_WORKSPACE when it is an absolute path of an existing folder (its real path), else undefined. */
function githubWorkspace(env: NodeJS.ProcessEnv, warnings: string[]): string | undefined {
  const given = env.GITHUB_WORKSPACE;
  if (given === undefined || given === "") return undefined;
  if (isAbsolute(given) && isFolder(given)) return realpathSync(given);
  warnings.push(
    `GITHUB_WORKSPACE ${JSON.stringify(given)} is not the absolute path of an existing folder, so it is ignored`,
  );
  return undefined;
}

function fromFlag(flag: string, workspace: string | undefined): string {
  const given = flag.trim();
  if (given === "") throw new PgLtrInputError("--source-root needs a folder; it was given an empty one");
  if (!isAbsolute(given) && win32.isAbsolute(given)) {
    throw new PgLtrInputError(
      `--source-root ${given} is a Windows path, not one of this machine; give the app's folder relative to the repository's root, such as --source-root infra`,
    );
  }
  if (isAbsolute(given)) {
    if (workspace === undefined) {
      throw new PgLtrInputError(
        `--source-root ${given} is absolute, which needs GITHUB_WORKSPACE (the repository's root) to be ` +
          "relative to; give the app's folder relative to the repository's root instead, such as --source-root infra",
      );
    }
    const inside = relative(workspace, isFolder(given) ? realpathSync(given) : resolve(given));
    if (climbs(inside)) {
      throw new PgLtrInputError(
        `--source-root ${given} is not inside GITHUB_WORKSPACE ${workspace}; give the app's folder in the repository`,
      );
    }
    return toPosix(inside);
  }
  const normalized = posix.normalize(toPosix(given)).replace(/\/+$/, "");
  if (climbs(normalized)) {
    throw new PgLtrInputError(
      `--source-root ${given} climbs above the repository's root; give the app's folder relative to the ` +
        "repository's root, such as --source-root infra (. for the root)",
    );
  }
  return normalized === "." ? "" : normalized;
}

function climbs(path: string): boolean {
  return path === ".." || path.startsWith("../") || path.startsWith("..\\") || isAbsolute(path);
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function toPosix(path: string): string {
  return path.replace(/\\/g, "/");
}
