/**
 * Preloaded (`node --require`) into a process the bench does not write, such as `pg-ltr check`
 * itself: at exit it writes the process's peak RSS and CPU time as JSON to $BENCH_USAGE_FILE, so the
 * figures are those of the real command, its output redirected as a CI job would.
 */
import { writeFileSync } from "node:fs";

export interface ProcessUsage {
  /** Peak resident set size, in KiB (`process.resourceUsage().maxRSS`). */
  readonly maxRssKiB: number;
  /** User and system CPU time of the whole process, start-up included, in milliseconds. */
  readonly cpuMs: number;
}

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on("exit", () => {
    const cpu = process.cpuUsage();
    const usage: ProcessUsage = {
      maxRssKiB: process.resourceUsage().maxRSS,
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
    writeFileSync(file, JSON.stringify(usage));
  });
}
