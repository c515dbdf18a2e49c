/**
 * Child process of the benchmark: the least CPU a request can cost on this machine, for row 3 to read
 * the checker's CPU per request against. It sends the listing GETs the checker sends
 * (`…/flexibleServers/{server}/ltrBackupOperations?api-version=…`), parses each body with JSON.parse
 * and does nothing else: no validation, no classification, no retries, no budget. Prints a JSON
 * report as its last line.
 *
 * Usage: node dist/bench/floor-runner.js <path of a FloorRunnerRequest JSON file>
 * (a file, as the URLs would overflow one argument). The emulator's CA comes from NODE_EXTRA_CA_CERTS
 * and the token from PG_LTR_ACCESS_TOKEN, as for the checker.
 */
import { readFileSync } from "node:fs";
import { Agent, get } from "node:https";
import { performance } from "node:perf_hooks";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import {
  agentPolicy,
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createEmptyPipeline,
  createHttpHeaders,
  createPipelineRequest,
} from "@azure/core-rest-pipeline";

/**
 * `sdk`: the Azure SDK's lean pipeline (an empty pipeline with the agent and bearer-token policies, the
 * SDK's default HTTP client), the least the project's rules allow the checker; `node-https`: a bare
 * node:https keep-alive loop, the least Node allows.
 */
export type FloorTransport = "sdk" | "node-https";

export interface FloorRunnerRequest {
  readonly transport: FloorTransport;
  /** Sent first, outside the measurement: module loading, JIT, TLS handshakes. */
  readonly warmUpUrls: readonly string[];
  readonly urls: readonly string[];
  /** Requests in flight at most. */
  readonly inFlight: number;
  /**
   * Requests released at this mean rate, in batches every `batchMs` (as the checker's scheduler
   * releases paced requests on its grid); absent for full speed.
   */
  readonly pace?: { readonly perSecond: number; readonly batchMs: number };
  /** ARM's scope, for the bearer-token policy; the emulator does not check it. */
  readonly scope: string;
}

export interface FloorRunnerReport {
  readonly transport: FloorTransport;
  readonly warmUpRequests: number;
  /** Requests measured (the warm-up left out). */
  readonly requests: number;
  /** User + system CPU of this process over the measured requests, in milliseconds. */
  readonly cpuMs: number;
  readonly durationMs: number;
  /** Answers that were not a 200 with a JSON body. */
  readonly failures: number;
}

type Send = (url: string) => Promise<{ status: number; body: string }>;

/** A fixed bearer token, as a pipeline would pass one in; the SDK only sends it over HTTPS. */
function staticToken(token: string): TokenCredential {
  return {
    getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
}

function sdkSender(agent: Agent, token: string, scope: string): Send {
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(agentPolicy(agent));
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential: staticToken(token), scopes: scope }));
  const client = createDefaultHttpClient();
  return async (url) => {
    const response = await pipeline.sendRequest(
      client,
      createPipelineRequest({ url, headers: createHttpHeaders({ accept: "application/json" }) }),
    );
    return { status: response.status, body: response.bodyAsText ?? "" };
  };
}

function nodeHttpsSender(agent: Agent, token: string): Send {
  const headers = { authorization: `Bearer ${token}`, accept: "application/json" };
  return (url) =>
    new Promise((resolve, reject) => {
      get(url, { agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        response.on("error", reject);
      }).on("error", reject);
    });
}

/**
 * Sends every URL, at most `inFlight` at once; paced, no more than `perSecond` × the elapsed time
 * have left by each batch of the grid.
 */
function sendAll(
  urls: readonly string[],
  send: Send,
  inFlight: number,
  pace: FloorRunnerRequest["pace"],
): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let next = 0;
    let running = 0;
    let failures = 0;
    let released = pace ? 0 : urls.length;
    const timer = pace
      ? setInterval(() => {
          const due = Math.floor(((performance.now() - started) * pace.perSecond) / 1000);
          released = Math.min(urls.length, Math.max(released, due));
          pump();
        }, pace.batchMs)
      : undefined;
    const pump = (): void => {
      while (next < released && running < inFlight) {
        const url = urls[next++] as string;
        running++;
        send(url).then((answer) => {
          running--;
          try {
            JSON.parse(answer.body);
            if (answer.status !== 200) failures++;
          } catch {
            failures++;
          }
          if (next === urls.length && running === 0) {
            if (timer) clearInterval(timer);
            resolve(failures);
          } else pump();
        }, reject);
      }
    };
    if (urls.length === 0) resolve(0);
    else pump();
  });
}

async function main(): Promise<void> {
  const request = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8")) as FloorRunnerRequest;
  const token = process.env.PG_LTR_ACCESS_TOKEN;
  if (!token) throw new Error("set PG_LTR_ACCESS_TOKEN to the emulator's access token");
  const agent = new Agent({ keepAlive: true, maxSockets: request.inFlight });
  const send =
    request.transport === "sdk" ? sdkSender(agent, token, request.scope) : nodeHttpsSender(agent, token);
  await sendAll(request.warmUpUrls, send, request.inFlight, undefined);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const failures = await sendAll(request.urls, send, request.inFlight, request.pace);
  const cpu = process.cpuUsage(cpuBefore);
  const durationMs = performance.now() - started;
  agent.destroy();
  const report: FloorRunnerReport = {
    transport: request.transport,
    warmUpRequests: request.warmUpUrls.length,
    requests: request.urls.length,
    cpuMs: (cpu.user + cpu.system) / 1000,
    durationMs,
    failures,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`floor-runner: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
