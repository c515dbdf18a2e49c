import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator } from "../../lib/emulator/start-emulator";
import type { SdkLoopReport, SdkLoopRequest } from "../sdk-loop-runner";
import { BENCH_ACCESS_TOKEN, fleetEmulatorState } from "../fleet/emulator-state";
import { Fleet } from "../fleet/fleet";
import { PLATFORM_EMULATION } from "../fleet/platform";
import { builtScript, scratchDir } from "../measure/locations";
import { runNodeChild } from "../measure/run-child";
import { atLeast, formatNumber, ScenarioReport } from "../report/figures";

const SLICE_SERVERS = 200;
const SPEED_UP_GOAL = 20;

/**
 * Scenario 7: the loop a user would write with the official SDK, on a 200-server slice of scenario 6's
 * fleet and the same emulator settings, compared per expectation with scenario 6's check.
 */
export async function sdkLoopScenario(fleet: Fleet, oursMsPerExpectation: number): Promise<ScenarioReport> {
  const slice = fleet.servers.slice(0, SLICE_SERVERS);
  const servers: SdkLoopRequest["servers"] = slice.map((server) => ({
    resourceGroupName: server.resourceGroupName,
    serverName: server.serverName,
    backups: server.named.map((backup) => backup.name),
  }));
  const dir = scratchDir("sdk-loop");
  mkdirSync(dir, { recursive: true });
  const requestPath = join(dir, "request.json");

  const emulator = await startEmulator({ state: fleetEmulatorState(fleet), port: 0, ...PLATFORM_EMULATION });
  let outcome;
  let emulatorStats;
  try {
    const request: SdkLoopRequest = {
      endpoint: emulator.url,
      subscriptionId: fleet.spec.subscriptionId,
      servers,
    };
    writeFileSync(requestPath, JSON.stringify(request));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_EXTRA_CA_CERTS: emulator.caCertificatePath,
      PG_LTR_ACCESS_TOKEN: BENCH_ACCESS_TOKEN,
    };
    outcome = await runNodeChild<SdkLoopReport>(builtScript("bench/sdk-loop-runner.js"), [requestPath], {
      env,
    });
    emulatorStats = emulator.stats();
  } finally {
    await emulator.close();
  }
  const loop = outcome.report;
  const theirsMsPerExpectation = loop.durationMs / loop.expectations;
  const speedUp = theirsMsPerExpectation / oursMsPerExpectation;

  return {
    title: "7. Plain SDK loop",
    setup:
      `\`@azure/arm-postgresql-flexible\` \`backupsLongTermRetention.get\` once per named backup, one at a time, on the first ${SLICE_SERVERS} servers of scenario 6 ` +
      `(${formatNumber(loop.expectations)} named backups; a loop like this cannot check \`latest\` at all). Same emulator settings, in a child process trusting the emulator's CA through NODE_EXTRA_CA_CERTS.`,
    figures: [
      { label: "named backups looked up", value: formatNumber(loop.expectations) },
      {
        label: "outcomes (succeeded / other status / 404 / error)",
        value: `${formatNumber(loop.succeeded)} / ${formatNumber(loop.notSucceeded)} / ${formatNumber(loop.missing)} / ${formatNumber(loop.errors)}`,
      },
      { label: "requests sent (emulator stats)", value: formatNumber(emulatorStats.requests) },
      { label: "wall time of the loop", value: `${formatNumber(loop.durationMs / 1000, 2)} s` },
      { label: "time per expectation: SDK loop", value: `${formatNumber(theirsMsPerExpectation, 2)} ms` },
      {
        label: "time per expectation: ours (scenario 6)",
        value: `${formatNumber(oursMsPerExpectation, 3)} ms`,
      },
      {
        label: "ours faster per expectation",
        value: `${formatNumber(speedUp, 1)}×`,
        goal: atLeast(speedUp, SPEED_UP_GOAL, "×", 0),
      },
    ],
    analysis:
      speedUp >= SPEED_UP_GOAL
        ? []
        : [
            `Ours took ${formatNumber(oursMsPerExpectation, 3)} ms per expectation against ${formatNumber(theirsMsPerExpectation, 2)} ms for the loop, ` +
              `${formatNumber(speedUp, 1)}× faster instead of ${SPEED_UP_GOAL}×. The loop is bound by one ${PLATFORM_EMULATION.latencyMs} ms round trip per backup; ` +
              "ours by the throttle-bound minimum of scenario 6, so the gap closes only by sending fewer requests per expectation (see scenario 6).",
          ],
  };
}
