import { randomUUID } from "node:crypto";
import { setMaxListeners } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { type ArmContext, answerArmRequest } from "./arm/arm-api";
import { parseArmRoute } from "./arm/arm-route";
import { AccessTokens } from "./entra/access-tokens";
import { answerEntraRequest, isEntraPath } from "./entra/token-endpoint";
import { rewriteAnswer } from "./faults/answer-rewrite";
import { type BodyFault, FaultPlan, type FaultTarget, retryAfterHeaders } from "./faults/fault-plan";
import type { FaultSpec } from "./faults/fault-spec";
import { type Answer, withHeaders } from "./http/answer";
import { sendFaultedBody } from "./http/body-faults";
import { malformedPercentEncoding } from "./http/percent-encoding";
import { armError, faultError } from "./arm/arm-error";
import type { EmulatorState, MissingServerCode } from "./state/emulator-state";
import { LtrStore } from "./state/ltr-store";
import { SubscriptionThrottle, type ThrottleSettings } from "./throttling/subscription-throttle";
import type { ServerCertificate } from "./tls/self-signed-certificate";

/** Counters since start or the last reset. */
export interface EmulatorStats {
  /** Requests received (ARM and token endpoint), faulted ones included. */
  readonly requests: number;
  /** 429 answers. */
  readonly throttled: number;
  /** Connections closed without an answer by a `reset` fault. */
  readonly resets: number;
  /** Answers by HTTP status. */
  readonly byStatus: Readonly<Record<number, number>>;
}

/** One answered request, for a request log. */
export interface EmulatorRequestLog {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  /** HTTP status, or "reset" when a fault closed the connection. */
  readonly outcome: number | "reset";
  readonly durationMs: number;
}

export interface EmulatorServerSettings {
  readonly state: EmulatorState;
  readonly certificate: ServerCertificate;
  readonly host: string;
  readonly port: number;
  readonly latencyMs: number;
  readonly pageSize: number;
  /** The read bucket, or false for none. */
  readonly throttle: ThrottleSettings | false;
  /** The write bucket (POSTs), or false for none. */
  readonly writeThrottle: ThrottleSettings | false;
  readonly opDurationMs: number;
  readonly faults: readonly FaultSpec[];
  /** Accept only issued and state tokens; otherwise any well-formed bearer token. */
  readonly strictAuth: boolean;
  /** How requests under a missing server are answered; the state's choice unless overridden. */
  readonly missingServerCode: MissingServerCode;
  readonly onRequest?: (entry: EmulatorRequestLog) => void;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The emulator's HTTPS server: request ids, latency and faults around the two APIs it serves, the
 * Entra token endpoint and ARM's LTR backup API.
 */
export class EmulatorServer {
  private readonly store: LtrStore;
  private readonly throttles: ArmContext["throttles"];
  private readonly faults: FaultPlan;
  private readonly closing = new AbortController();
  private server: Server | undefined;
  private readonly tokens: AccessTokens;
  private baseUrl = "";
  private counters = { requests: 0, throttled: 0, resets: 0, byStatus: {} as Record<number, number> };

  constructor(private readonly settings: EmulatorServerSettings) {
    // Every request in its latency or fault delay listens on this one signal; hundreds at once are normal.
    setMaxListeners(0, this.closing.signal);
    this.store = new LtrStore(settings.state);
    this.throttles = {
      reads: settings.throttle === false ? undefined : new SubscriptionThrottle(settings.throttle),
      writes: settings.writeThrottle === false ? undefined : new SubscriptionThrottle(settings.writeThrottle),
    };
    this.faults = new FaultPlan(settings.faults);
    this.tokens = new AccessTokens({
      fixedTokens: settings.state.accessTokens ?? [],
      strict: settings.strictAuth,
    });
  }

  /** Listens and resolves to the base URL, `https://<host>:<port>`. */
  async listen(): Promise<string> {
    const server = createServer(
      { key: this.settings.certificate.privateKey, cert: this.settings.certificate.certificate },
      (req, res) => {
        void this.handle(req, res);
      },
    );
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.settings.port, this.settings.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const host = this.settings.host.includes(":") ? `[${this.settings.host}]` : this.settings.host;
    this.baseUrl = `https://${host}:${port}`;
    return this.baseUrl;
  }

  stats(): EmulatorStats {
    return { ...this.counters, byStatus: { ...this.counters.byStatus } };
  }

  resetStats(): void {
    this.counters = { requests: 0, throttled: 0, resets: 0, byStatus: {} };
  }

  /** Stops listening, drops open connections and abandons answers held back by delays. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.closing.abort();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    this.counters.requests += 1;
    const requestId = randomUUID();
    const correlationHeader = req.headers["x-ms-correlation-request-id"];
    const correlationId =
      typeof correlationHeader === "string" && correlationHeader !== "" ? correlationHeader : randomUUID();
    const path = req.url ?? "/";
    try {
      const body = await readBody(req);
      if (this.settings.latencyMs > 0)
        await sleep(this.settings.latencyMs, undefined, { signal: this.closing.signal });
      const url = new URL(path, this.baseUrl);
      const now = Date.now();
      let answer: Answer;
      let malformed: "truncated" | "html" | undefined;
      let bodyFaults: { remaining?: number; body?: BodyFault } | undefined;
      const badEscape = malformedPercentEncoding(url.pathname);
      if (badEscape !== undefined) {
        // ARM rejects such a URI before routing it, whichever API the path is for.
        answer = armError(
          400,
          "InvalidRequestUri",
          `The request URI is not valid: the path has a malformed percent-encoding ("${badEscape}").`,
        );
      } else if (body === undefined) {
        answer = {
          status: 413,
          body: {
            error: { code: "RequestEntityTooLarge", message: "The request body is larger than 1 MiB." },
          },
        };
      } else if (isEntraPath(url.pathname)) {
        answer = answerEntraRequest(
          { method: req.method ?? "GET", pathname: url.pathname, body },
          { baseUrl: this.baseUrl, tokens: this.tokens, now },
        );
      } else {
        const route = parseArmRoute(url.pathname);
        const decision = this.faults.decide(faultTarget(route));
        if (decision.delayMs > 0) await sleep(decision.delayMs, undefined, { signal: this.closing.signal });
        if (decision.replace?.kind === "reset") {
          this.counters.resets += 1;
          req.socket.destroy();
          this.settings.onRequest?.({
            method: req.method ?? "GET",
            path,
            outcome: "reset",
            durationMs: Date.now() - started,
          });
          return;
        }
        malformed = decision.malformed;
        bodyFaults = { remaining: decision.remaining, body: decision.body };
        const context: ArmContext = {
          store: this.store,
          throttles: this.throttles,
          tokens: this.tokens,
          baseUrl: this.baseUrl,
          pageSize: this.settings.pageSize,
          opDurationMs: this.settings.opDurationMs,
          missingServerCode: this.settings.missingServerCode,
          startLtrBackup: decision.startLtrBackup ?? {},
          now: Date.now(),
        };
        answer =
          decision.replace?.kind === "status"
            ? withHeaders(
                faultError(decision.replace.status),
                retryAfterHeaders(decision.replace, Date.now()),
              )
            : answerArmRequest(
                route,
                { method: req.method ?? "GET", url, authorization: req.headers.authorization, body },
                context,
              );
        if (decision.rewrite) answer = rewriteAnswer(answer, decision.rewrite);
      }
      await this.write(res, answer, { requestId, correlationId }, malformed, bodyFaults);
      this.settings.onRequest?.({
        method: req.method ?? "GET",
        path,
        outcome: answer.status,
        durationMs: Date.now() - started,
      });
    } catch (error) {
      if (this.closing.signal.aborted) {
        req.socket.destroy();
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      if (res.headersSent) {
        req.socket.destroy();
        return;
      }
      void this.write(
        res,
        {
          status: 500,
          body: { error: { code: "InternalServerError", message: `The emulator failed: ${message}` } },
        },
        { requestId, correlationId },
      );
    }
  }

  private async write(
    res: ServerResponse,
    answer: Answer,
    ids: { requestId: string; correlationId: string },
    malformed?: "truncated" | "html",
    faults?: { readonly remaining?: number; readonly body?: BodyFault },
  ): Promise<void> {
    this.counters.byStatus[answer.status] = (this.counters.byStatus[answer.status] ?? 0) + 1;
    if (answer.status === 429) this.counters.throttled += 1;
    let text = answer.body === undefined ? "" : JSON.stringify(answer.body);
    let contentType = "application/json; charset=utf-8";
    if (malformed === "html") {
      text = `<!DOCTYPE html><html><head><title>${answer.status}</title></head><body><h1>Service temporarily unavailable</h1></body></html>`;
      contentType = "text/html";
    } else if (malformed === "truncated") {
      // Cut mid-token, as a proxy that dropped the connection halfway would leave it.
      text = text === "" ? "{" : text.slice(0, Math.ceil(text.length / 2));
    }
    const headers: Record<string, string | number> = {
      "x-ms-request-id": ids.requestId,
      "x-ms-correlation-request-id": ids.correlationId,
      "cache-control": "no-cache",
      ...answer.headers,
    };
    if (faults?.remaining !== undefined)
      headers["x-ms-ratelimit-remaining-subscription-reads"] = String(faults.remaining);
    if (text !== "") {
      headers["content-type"] = contentType;
      headers["content-length"] = Buffer.byteLength(text);
    } else {
      headers["content-length"] = 0;
    }
    if (faults?.body) {
      await sendFaultedBody(res, answer.status, headers, text, faults.body);
      return;
    }
    res.writeHead(answer.status, headers);
    res.end(text);
  }
}

function faultTarget(route: ReturnType<typeof parseArmRoute>): FaultTarget {
  switch (route.kind) {
    case "ltrOperation":
      return { serverName: route.serverName, backupName: route.backupName };
    case "startLtrBackup":
      return { serverName: route.serverName, startsBackup: true };
    case "ltrOperations":
    case "ltrPreBackup":
      return { serverName: route.serverName };
    default:
      return {};
  }
}

/** The request body as text, or undefined when it is larger than the emulator accepts. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
