import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { SourceLocation } from "../expectations/document";

/**
 * Where in the user's code a declaration or an exemption was made, for `# declared at main.ts:42`,
 * GitHub annotations and SARIF. cdktf keeps construct stack traces only in some modes, so the
 * constructor captures its own. Capturing is cheap; formatting a whole stack is not (it is most of the
 * cost, and ts-node or source-map-support map every frame), so at synthesis the frames are read as
 * V8 call sites and only the one frame that is the user's is formatted, through whichever
 * `Error.prepareStackTrace` is installed, so that ts-node, jest and --enable-source-maps map it to TS.
 */

/** This library's own code (lib/ in a checkout, dist/lib/ once built); its frames are never the user's. */
const LIBRARY_DIR = resolve(__dirname, "..") + sep;
const NODE_MODULES = `${sep}node_modules${sep}`;
/** Enough frames to climb out of helper functions and base-class constructors. */
const FRAME_LIMIT = 16;
/** `    at fn (/abs/main.ts:42:5)`, `    at /abs/main.ts:42:5`, `    at new X (file:///abs/main.mjs:42:5)` */
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

interface CreationSite {
  /** Holds V8's captured frames until they are read; dropped once read. */
  holder: { stack?: unknown } | undefined;
  location: SourceLocation | undefined;
}

const sites = new WeakMap<object, CreationSite>();

/** Records the call stack that is creating `subject` (a construct, an exemption); call it from the constructor. */
export function recordCreationSite(subject: object): void {
  const holder: { stack?: unknown } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = FRAME_LIMIT;
  try {
    Error.captureStackTrace(holder, recordCreationSite);
  } finally {
    Error.stackTraceLimit = limit;
  }
  sites.set(subject, { holder, location: undefined });
}

/**
 * The first frame of the recorded stack outside this library, node_modules and Node itself, relative
 * to the app's folder (the nearest folder above the file that holds cdktf.json, else the working
 * directory) with `/` separators. Undefined when nothing was recorded or no frame is the user's.
 */
export function creationSiteOf(subject: object): SourceLocation | undefined {
  const site = sites.get(subject);
  if (!site) return undefined;
  if (site.holder) {
    site.location = locate(site.holder);
    site.holder = undefined;
  }
  return site.location;
}

function locate(holder: { stack?: unknown }): SourceLocation | undefined {
  const installed = Error.prepareStackTrace;
  let callSites: unknown;
  // V8 formats a captured stack on first read, through Error.prepareStackTrace: this one hands over
  // the call sites as they are.
  Error.prepareStackTrace = (_error, structured) => structured;
  try {
    callSites = holder.stack;
  } finally {
    Error.prepareStackTrace = installed;
  }
  if (!Array.isArray(callSites)) return typeof callSites === "string" ? userFrame(callSites) : undefined;
  const site = (callSites as NodeJS.CallSite[]).find((callSite) => {
    const file = absoluteFile(callSite.getFileName() ?? "");
    return file !== undefined && isUsers(file);
  });
  if (!site) return undefined;
  const formatted = installed
    ? String(installed({ name: "Error", message: "" } as Error, [site]))
    : `Error\n    at ${site.getFileName() ?? ""}:${site.getLineNumber() ?? 0}:${site.getColumnNumber() ?? 0}`;
  return userFrame(formatted);
}

/** The first frame of a formatted V8 stack that is the app's own code (see creationSiteOf). */
export function userFrame(stack: string): SourceLocation | undefined {
  for (const line of stack.split("\n")) {
    const match = FRAME.exec(line);
    if (!match) continue;
    const file = absoluteFile(match[1] as string);
    if (file === undefined || !isUsers(file)) continue;
    return { file: relativeToApp(file), line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}

function isUsers(file: string): boolean {
  return !file.startsWith(LIBRARY_DIR) && !file.includes(NODE_MODULES);
}

function absoluteFile(text: string): string | undefined {
  let file = text;
  if (file.startsWith("file://")) {
    try {
      file = fileURLToPath(file);
    } catch {
      return undefined;
    }
  }
  // node:internal/..., evalmachine.<anonymous>, <anonymous>: not a file of the app.
  return isAbsolute(file) ? file : undefined;
}

// Most declarations of an app come from a few files: each is resolved once (path.relative is not cheap).
const appFolders = new Map<string, string>();
const relativePaths = new Map<string, string>();

function relativeToApp(file: string): string {
  let path = relativePaths.get(file);
  if (path === undefined) {
    const folder = dirname(file);
    let root = appFolders.get(folder);
    if (root === undefined) {
      root = findAppFolder(folder) ?? process.cwd();
      appFolders.set(folder, root);
    }
    path = relative(root, file).split(sep).join("/");
    relativePaths.set(file, path);
  }
  return path;
}

function findAppFolder(start: string): string | undefined {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, "cdktf.json"))) return folder;
    if (dirname(folder) === folder) return undefined;
  }
}
