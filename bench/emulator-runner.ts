/**
 * Child process of the benchmark: the ARM emulator serving a fleet, in a process of its own so that
 * its CPU is neither the checker's nor the bench's (whose timers sample the emulator's counters). The
 * fleet is built here from its spec, the same spec always giving the same fleet, so a 100,000-server
 * state never crosses a pipe.
 *
 * Usage: forked with an IPC channel by bench/measure/emulator-process.ts, the EmulatorRunnerRequest
 * as JSON in argv[2]. It answers `ready` with its URL, pushes its counters every 50 ms, and answers
 * `stats`, `reset` and `close` messages.
 */
import { startEmulator } from "../lib/emulator/start-emulator";
import type { EmulatorStats } from "../lib/emulator/start-emulator";
import { fleetEmulatorState } from "./fleet/emulator-state";
import { buildFleet, FleetSpec } from "./fleet/fleet";

export interface EmulatorRunnerRequest {
  /** The fleet, its `now` as an ISO instant. */
  readonly fleet: Omit<FleetSpec, "now"> & { readonly now: string };
  readonly latencyMs: number;
  readonly throttle: false | { readonly bucket: number; readonly refillPerSecond: number };
  readonly pageSize?: number;
}

export type EmulatorRunnerMessage =
  | { readonly type: "ready"; readonly url: string; readonly caCertificatePath: string }
  | { readonly type: "counters"; readonly requests: number; readonly throttled: number }
  | { readonly type: "stats"; readonly stats: EmulatorStats }
  | { readonly type: "reset-done" };

export type EmulatorRunnerCommand = { readonly type: "stats" | "reset" | "close" };

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? "") as EmulatorRunnerRequest;
  const fleet = buildFleet({ ...request.fleet, now: new Date(request.fleet.now) });
  const emulator = await startEmulator({
    state: fleetEmulatorState(fleet),
    port: 0,
    latencyMs: request.latencyMs,
    throttle: request.throttle,
    ...(request.pageSize === undefined ? {} : { pageSize: request.pageSize }),
  });
  const send = (message: EmulatorRunnerMessage): void => {
    process.send?.(message);
  };
  const timer = setInterval(() => {
    const { requests, throttled } = emulator.stats();
    send({ type: "counters", requests, throttled });
  }, 50);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    clearInterval(timer);
    closing ??= emulator.close();
    return closing;
  };
  process.on("message", (command: EmulatorRunnerCommand) => {
    if (command.type === "stats") send({ type: "stats", stats: emulator.stats() });
    else if (command.type === "reset") {
      emulator.resetStats();
      send({ type: "reset-done" });
    } else void close().then(() => process.disconnect());
  });
  // The bench going away (a crash, Ctrl+C) takes the emulator with it.
  process.on("disconnect", () => void close().then(() => process.exit(0)));
  send({ type: "ready", url: emulator.url, caCertificatePath: emulator.caCertificatePath });
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator-runner: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
