import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { armScope, AZURE_CLOUDS } from "../../lib/azure/clouds";
import { DEFAULT_API_VERSION } from "../../lib/check/check-settings";
import type { FloorRunnerReport, FloorRunnerRequest, FloorTransport } from "../floor-runner";
import { BENCH_ACCESS_TOKEN } from "../fleet/emulator-state";
import { buildFleet, FleetServer } from "../fleet/fleet";
import { ARM_THROTTLE, ESTATE_FLEET } from "../fleet/platform";
import { EmulatorProcess } from "./emulator-process";
import { builtScript, scratchDir } from "./locations";
import { runNodeChild } from "./run-child";

/** Row 1's emulator latency; the floor is measured against the same answers. */
export const FLOOR_LATENCY_MS = 20;
const IN_FLIGHT = 64;
/** Requests sent before the measurement, one window's worth: TLS handshakes, module loading, JIT. */
export const FLOOR_WARM_UP_REQUESTS = 64;
/** Row 1's pace: every subscription's refill, all subscriptions together. */
export const ESTATE_PACE_PER_SECOND = ARM_THROTTLE.refillPerSecond * (ESTATE_FLEET.subscriptions ?? 1);
/** The checker's scheduler releases paced requests on this grid (lib/check/fetch/request-scheduler.ts). */
export const PACING_BATCH_MS = 100;

/** One loop of the floor runner: how it sent, and what it cost. */
export interface FloorLoop {
  readonly transport: FloorTransport;
  /** Requests per second, or undefined at full speed. */
  readonly perSecond: number | undefined;
  readonly report: FloorRunnerReport;
}

/** What row 3 reads the checker against, measured in the same run. */
export interface RequestFloor {
  readonly sdkFullSpeed: FloorLoop;
  readonly sdkPaced: FloorLoop;
  readonly nodeHttpsPaced: FloorLoop;
}

/** Requests of each loop: enough for a stable figure, few enough to keep row 3 near 15 s. */
const LOOPS: readonly { transport: FloorTransport; paced: boolean; requests: number }[] = [
  { transport: "sdk", paced: false, requests: 4_000 },
  { transport: "sdk", paced: true, requests: 2_000 },
  { transport: "node-https", paced: true, requests: 1_000 },
];

/** The listing GET the checker sends for a server, built as lib/check/plan-requests.ts builds it. */
export function listingUrl(endpoint: string, server: FleetServer, apiVersion = DEFAULT_API_VERSION): string {
  return (
    `${endpoint}/subscriptions/${encodeURIComponent(server.subscriptionId)}` +
    `/resourceGroups/${encodeURIComponent(server.resourceGroupName)}` +
    `/providers/Microsoft.DBforPostgreSQL/flexibleServers/${encodeURIComponent(server.serverName)}` +
    `/ltrBackupOperations?api-version=${encodeURIComponent(apiVersion)}`
  );
}

/**
 * Measures the floor under the checker's CPU per request: row 1's listing GETs (same fleet, same
 * answers, same latency) against an emulator process of its own with throttling off, so that only the
 * loop paces itself. Each loop runs in a fresh child process, one after another.
 */
export async function measureRequestFloor(): Promise<RequestFloor> {
  // The estate's first servers: the same names, subscriptions and answers (a fleet is dealt in order),
  // and an emulator that starts in half the time of the whole estate's.
  const spec = {
    ...ESTATE_FLEET,
    servers: FLOOR_WARM_UP_REQUESTS + Math.max(...LOOPS.map((loop) => loop.requests)),
  };
  const fleet = buildFleet(spec);
  const dir = scratchDir("request-floor");
  mkdirSync(dir, { recursive: true });
  const emulator = await EmulatorProcess.start({
    fleet: spec,
    latencyMs: FLOOR_LATENCY_MS,
    throttle: false,
  });
  try {
    const urls = fleet.servers.map((server) => listingUrl(emulator.url, server));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_EXTRA_CA_CERTS: emulator.caCertificatePath,
      PG_LTR_ACCESS_TOKEN: BENCH_ACCESS_TOKEN,
    };
    const loops: FloorLoop[] = [];
    for (const [index, loop] of LOOPS.entries()) {
      const perSecond = loop.paced ? ESTATE_PACE_PER_SECOND : undefined;
      const request: FloorRunnerRequest = {
        transport: loop.transport,
        warmUpUrls: urls.slice(0, FLOOR_WARM_UP_REQUESTS),
        urls: urls.slice(FLOOR_WARM_UP_REQUESTS, FLOOR_WARM_UP_REQUESTS + loop.requests),
        inFlight: IN_FLIGHT,
        ...(perSecond === undefined ? {} : { pace: { perSecond, batchMs: PACING_BATCH_MS } }),
        scope: armScope(AZURE_CLOUDS.AzurePublicCloud),
      };
      const requestPath = join(dir, `loop-${index}.json`);
      writeFileSync(requestPath, JSON.stringify(request));
      const { report } = await runNodeChild<FloorRunnerReport>(
        builtScript("bench/floor-runner.js"),
        [requestPath],
        {
          env,
        },
      );
      if (report.failures > 0) {
        throw new Error(
          `the ${loop.transport} floor loop had ${report.failures} answers that were not a 200 with JSON`,
        );
      }
      loops.push({ transport: loop.transport, perSecond, report });
    }
    const [sdkFullSpeed, sdkPaced, nodeHttpsPaced] = loops as [FloorLoop, FloorLoop, FloorLoop];
    return { sdkFullSpeed, sdkPaced, nodeHttpsPaced };
  } finally {
    await emulator.close();
  }
}

/** CPU milliseconds per request of a loop. */
export function floorMsPerRequest(loop: FloorLoop): number {
  return loop.report.cpuMs / Math.max(1, loop.report.requests);
}
