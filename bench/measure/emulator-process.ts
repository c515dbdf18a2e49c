import { ChildProcess, fork } from "node:child_process";
import type { EmulatorStats } from "../../lib/emulator/start-emulator";
import type { EmulatorRunnerCommand, EmulatorRunnerMessage, EmulatorRunnerRequest } from "../emulator-runner";
import type { FleetSpec } from "../fleet/fleet";
import { builtScript } from "./locations";
import type { EmulatorEndpoint } from "./run-check";

export interface EmulatorProcessOptions {
  readonly fleet: FleetSpec;
  readonly latencyMs: number;
  readonly throttle: EmulatorRunnerRequest["throttle"];
  readonly pageSize?: number;
}

/**
 * The ARM emulator in a process of its own (bench/emulator-runner.ts), serving a fleet. `stats()`
 * returns the counters it last pushed (every 50 ms), for the request timeline; `exactStats()` asks.
 */
export class EmulatorProcess implements EmulatorEndpoint {
  private counters = { requests: 0, throttled: 0 };
  private readonly waiting: ((message: EmulatorRunnerMessage) => boolean)[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly caCertificatePath: string,
  ) {
    child.on("message", (message: EmulatorRunnerMessage) => {
      if (message.type === "counters") this.counters = message;
      const at = this.waiting.findIndex((accept) => accept(message));
      if (at >= 0) this.waiting.splice(at, 1);
    });
  }

  static start(options: EmulatorProcessOptions): Promise<EmulatorProcess> {
    const request: EmulatorRunnerRequest = {
      fleet: { ...options.fleet, now: options.fleet.now.toISOString() },
      latencyMs: options.latencyMs,
      throttle: options.throttle,
      ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    };
    // The state of 100,000 servers takes more than Node's default heap limit on small machines.
    const child = fork(builtScript("bench/emulator-runner.js"), [JSON.stringify(request)], {
      execArgv: ["--max-old-space-size=4096"],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    const stderr: Buffer[] = [];
    child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null): void =>
        reject(
          new Error(
            `the emulator process exited with code ${String(code)} before it listened: ${Buffer.concat(stderr).toString().trim()}`,
          ),
        );
      child.once("exit", onExit);
      child.once("message", (message: EmulatorRunnerMessage) => {
        child.off("exit", onExit);
        if (message.type !== "ready") {
          reject(new Error(`the emulator process said ${message.type} before ready`));
          return;
        }
        resolve(new EmulatorProcess(child, message.url, message.caCertificatePath));
      });
    });
  }

  stats(): { requests: number; throttled: number } {
    return this.counters;
  }

  async exactStats(): Promise<EmulatorStats> {
    const reply = await this.ask({ type: "stats" }, "stats");
    if (reply.type !== "stats") throw new Error("the emulator process answered out of turn");
    this.counters = { requests: reply.stats.requests, throttled: reply.stats.throttled };
    return reply.stats;
  }

  async resetStats(): Promise<void> {
    await this.ask({ type: "reset" }, "reset-done");
    this.counters = { requests: 0, throttled: 0 };
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) {
        resolve();
        return;
      }
      this.child.once("exit", () => resolve());
      this.child.send({ type: "close" } satisfies EmulatorRunnerCommand);
    });
  }

  private ask(
    command: EmulatorRunnerCommand,
    answer: EmulatorRunnerMessage["type"],
  ): Promise<EmulatorRunnerMessage> {
    return new Promise((resolve, reject) => {
      const onExit = (): void => reject(new Error("the emulator process exited"));
      this.child.once("exit", onExit);
      this.waiting.push((message) => {
        if (message.type !== answer) return false;
        this.child.off("exit", onExit);
        resolve(message);
        return true;
      });
      this.child.send(command);
    });
  }
}
