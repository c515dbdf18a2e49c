import { availableParallelism, cpus, loadavg, totalmem } from "node:os";

export interface Machine {
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly cpuModel: string;
  readonly platform: string;
}

/** What the figures were measured on; they mean little without it. */
export function describeMachine(): Machine {
  return {
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    cpuModel: cpus()[0]?.model.trim() || "unknown",
    platform: `${process.platform} ${process.arch}`,
  };
}

/** The 1-minute load average: other work on the machine slows every figure down. */
export function loadAverage(): number {
  return Math.round(loadavg()[0] * 100) / 100;
}
