import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) this summary reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface HotSpot {
  /** `function (file:line)` or a file / package name. */
  readonly name: string;
  readonly selfMs: number;
  /** Share of all sampled time, 0–100. */
  readonly percent: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly functions: HotSpot[];
  /** Self time per source file of this package, and per npm package for dependencies. */
  readonly files: HotSpot[];
}

/** Where self time went in a profile, heaviest first; paths are shown relative to `root`. */
export function summarizeCpuProfile(profile: CpuProfile, root: string, top = 8): ProfileSummary {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const functions = new Map<string, number>();
  const files = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const frame = byNode.get(id);
    if (!frame || us <= 0) return;
    totalUs += us;
    const file = displayFile(frame.url, root);
    const fn = file
      ? `${frame.functionName || "(anonymous)"} (${file}:${frame.lineNumber + 1})`
      : frame.functionName;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
    const group = file ? fileGroup(file) : frame.functionName;
    files.set(group, (files.get(group) ?? 0) + us);
  });
  const rank = (map: Map<string, number>): HotSpot[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, selfMs: us / 1000, percent: totalUs > 0 ? (us / totalUs) * 100 : 0 }));
  return { totalMs: totalUs / 1000, functions: rank(functions), files: rank(files) };
}

/** Reads the single `.cpuprofile` a `--cpu-prof-dir` run left in `dir`. */
export function readCpuProfile(dir: string): CpuProfile {
  const file = readdirSync(dir).find((name) => name.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no .cpuprofile was written to ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), "utf8")) as CpuProfile;
}

function displayFile(url: string, root: string): string {
  if (!url) return "";
  const path = url.startsWith("file://") ? fileURLToPath(url) : url;
  return path.startsWith("/") ? relative(root, path) : path;
}

/** npm dependencies collapse to their package; this package's files stay as they are. */
function fileGroup(file: string): string {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  return match ? match[1] : file;
}

/** One sentence naming where the time went: by file, then the hottest functions. */
export function describeProfile(summary: ProfileSummary): string {
  const list = (spots: readonly HotSpot[]): string =>
    spots
      .map((spot) => `${spot.name} ${Math.round(spot.selfMs)} ms (${Math.round(spot.percent)} %)`)
      .join("; ");
  return `by file: ${list(summary.files)}. Hottest functions: ${list(summary.functions)}.`;
}
