import { setFlagsFromString } from "node:v8";

/**
 * How far V8 lets the heap grow past what was live after the last full garbage collection while
 * `pg-ltr check` runs, in percent. V8's default on a machine with gigabytes of memory lets it grow to
 * four times that, which suits a long-lived server: a check, though, allocates fast (answers, findings,
 * report lines) and holds little (the compact declarations, the servers in progress), so most of its
 * peak RSS was garbage waiting to be collected: 315 MB at 100,000 expectations with 45 MB live on
 * 2026-12-02. At 30 % full collections come more often (each a few tens of milliseconds, marking
 * mostly on V8's helper thread) and the peak follows what is live.
 */
export const CHECK_HEAP_GROWING_PERCENT = 30;

/**
 * Sets V8's heap growing factor for this process (it applies from the next full collection on),
 * unless whoever started Node chose one (`NODE_OPTIONS=--heap-growing-percent=…`). Only the CLI calls
 * this: the process is pg-ltr's own, while a program calling `streamLtrBackups` keeps its own heap
 * settings.
 */
export function limitHeapGrowth(env: NodeJS.ProcessEnv, execArgv: readonly string[]): void {
  const chosen = [...execArgv, ...(env.NODE_OPTIONS ?? "").split(/\s+/)].some((flag) =>
    /^--heap[-_]growing[-_]percent(=|$)/.test(flag),
  );
  if (!chosen) setFlagsFromString(`--heap-growing-percent=${CHECK_HEAP_GROWING_PERCENT}`);
}
