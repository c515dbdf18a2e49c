import { createHttpHeaders, createPipelineRequest, isRestError } from "@azure/core-rest-pipeline";
import type { ArmPipeline } from "./arm-pipeline";
import {
  parsedBody,
  parseJson,
  type ArmAnswer,
  type ListingAnswer,
  type NoAnswerCause,
  type ParsedBody,
} from "./arm-answer";
import { ATTEMPT_TIMEOUT_CODE } from "./attempt-timeout-policy";
import { ANSWER_TOO_LARGE_CODE } from "./body-limit-policy";
import { RETRY_WAIT_REFUSED_CODE } from "./retry-wait-limit-policy";
import { UnusableAnswerError } from "./unusable-answer-error";
import type { AnswerSource } from "./fetch-server";
import type { RequestCounter } from "./request-counter";
import type { RunStop } from "../run/check-run-control";

/** What the reader needs of the check's run control: a signal per request, and why they fired. */
export interface ReaderControl {
  readonly signal: AbortSignal;
  readonly stopped: RunStop | undefined;
  openRequest(): AbortController;
  closeRequest(request: AbortController): void;
}

/** A listing longer than this is treated as a paging loop; real servers keep far fewer LTR backups. */
const MAX_PAGES = 1000;

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ESOCKETTIMEDOUT",
  "REQUEST_SEND_ERROR",
]);

/** Node's codes for a certificate it does not trust or that names another host. */
const TLS_CODES =
  /^(CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_(VERIFY|GET)_|ERR_TLS_CERT_ALTNAME_INVALID$|ERR_SSL_)/;

/**
 * The only code that sends requests: GETs through the ARM pipeline, turned into ArmAnswers that never
 * throw (except when the whole check is aborted).
 */
export class ArmReader implements AnswerSource {
  constructor(
    private readonly transport: ArmPipeline,
    private readonly counter: RequestCounter,
    /** Origin of the resource manager; `nextLink`s elsewhere are not followed. */
    private readonly origin: string,
    /** Stops requests; when it says why (deadline, interrupt), answers say "not checked" instead of throwing. */
    private readonly control?: ReaderControl,
  ) {}

  async get(url: string): Promise<ArmAnswer> {
    const controller = this.control?.openRequest();
    const request = createPipelineRequest({
      url,
      method: "GET",
      headers: createHttpHeaders({ accept: "application/json" }),
      ...(controller ? { abortSignal: controller.signal } : {}),
    });
    try {
      const response = await this.transport.pipeline.sendRequest(this.transport.httpClient, request);
      const body = response.bodyAsText ?? "";
      return {
        kind: "response",
        url,
        status: response.status,
        body,
        // Parsed once here: paging reads the nextLink from it, validation the rest.
        json: parseJson(body),
        requestId:
          response.headers.get("x-ms-request-id") ??
          response.headers.get("x-ms-correlation-request-id") ??
          null,
        attempts: this.counter.attemptsOf(request),
      };
    } catch (error) {
      const stopped = this.control?.stopped;
      if (stopped) {
        return {
          kind: "no-response",
          url,
          cause: "stopped",
          code: null,
          message: stopped.text,
          attempts: this.counter.attemptsOf(request),
        };
      }
      if (this.control?.signal.aborted) throw error;
      const code = isRestError(error) ? (error.code ?? null) : null;
      return {
        kind: "no-response",
        url,
        cause: causeOf(code),
        code,
        message: error instanceof Error ? error.message : String(error),
        attempts: this.counter.attemptsOf(request),
        // ARM did answer a request refused for its wait or its size: keep what identifies that answer.
        status: isRestError(error) ? (error.statusCode ?? null) : null,
        requestId: error instanceof UnusableAnswerError ? error.requestId : null,
      };
    } finally {
      if (controller) this.control?.closeRequest(controller);
      this.counter.forget(request);
    }
  }

  /** The whole listing at `url`, following `nextLink` on the same origin only, so the token stays there. */
  async list(url: string): Promise<ListingAnswer> {
    const pages: ArmAnswer[] = [];
    const seen = new Set<string>();
    let next: string | undefined = url;
    while (next !== undefined) {
      seen.add(next);
      const page = await this.get(next);
      pages.push(page);
      next = undefined;
      if (page.kind !== "response" || page.status !== 200) break;
      const link = nextLinkOf(parsedBody(page));
      if (link === undefined) break;
      let target: URL;
      try {
        target = new URL(link);
      } catch {
        return { pages, stoppedAt: { nextLink: link, reason: "is not an absolute URL" } };
      }
      if (target.origin !== this.origin) {
        return {
          pages,
          stoppedAt: {
            nextLink: link,
            reason: `points away from ${this.origin}, where the token may not go`,
          },
        };
      }
      if (seen.has(target.href))
        return { pages, stoppedAt: { nextLink: link, reason: "repeats an earlier page" } };
      if (pages.length >= MAX_PAGES) {
        return { pages, stoppedAt: { nextLink: link, reason: `would be page ${MAX_PAGES + 1}` } };
      }
      next = target.href;
    }
    return { pages, stoppedAt: null };
  }
}

function causeOf(code: string | null): NoAnswerCause {
  if (code === ATTEMPT_TIMEOUT_CODE) return "timeout";
  if (code === RETRY_WAIT_REFUSED_CODE) return "retry-wait";
  if (code === ANSWER_TOO_LARGE_CODE) return "too-large";
  if (code && NETWORK_CODES.has(code)) return "network";
  if (code && TLS_CODES.test(code)) return "tls";
  return "other";
}

/** The `nextLink` of a page, read leniently: validation reports a malformed page, paging only needs the link. */
function nextLinkOf(body: ParsedBody): string | undefined {
  if (!body.ok || body.value === null || typeof body.value !== "object") return undefined;
  const link = (body.value as { nextLink?: unknown }).nextLink;
  return typeof link === "string" && link !== "" ? link : undefined;
}
