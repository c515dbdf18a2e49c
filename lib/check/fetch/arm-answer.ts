/** Why no HTTP answer arrived. */
export type NoAnswerCause =
  /** Every attempt ran past the per-request timeout. */
  | "timeout"
  /** The connection failed (refused, reset, DNS) on every attempt. */
  | "network"
  /** The server's TLS certificate is not trusted (or not for this host). */
  | "tls"
  /** ARM asked to wait longer than --max-retry-wait before retrying; `message` quotes the wait. */
  | "retry-wait"
  /** The answer was larger than MAX_ANSWER_BYTES (after decompression) and was not read. */
  | "too-large"
  /** The check stopped (deadline, interrupt) before the request was answered; `message` says which. */
  | "stopped"
  /** Anything else that stopped the request before an answer (e.g. the credential failed mid-run). */
  | "other";

/** What ARM said to one request after the pipeline's retries: the raw material of validation. */
export type ArmAnswer =
  | {
      readonly kind: "response";
      readonly url: string;
      readonly status: number;
      /** Body text as received (decompressed). */
      readonly body: string;
      /** The body read as JSON, once, by whoever made the answer; parsedBody() reads it when absent. */
      readonly json?: ParsedBody;
      /** `x-ms-request-id`, else `x-ms-correlation-request-id`. */
      readonly requestId: string | null;
      /** Attempts made, the first included. */
      readonly attempts: number;
    }
  | {
      readonly kind: "no-response";
      readonly url: string;
      readonly cause: NoAnswerCause;
      /** Error code such as ETIMEDOUT or ECONNRESET, when there is one. */
      readonly code: string | null;
      readonly message: string;
      readonly attempts: number;
      /** The HTTP status of an answer that arrived but could not be used (`retry-wait`, `too-large`). @default null */
      readonly status?: number | null;
      /** Its `x-ms-request-id`. @default null */
      readonly requestId?: string | null;
    };

/** A server's listing: every page fetched, and why paging stopped early, if it did. */
export interface ListingAnswer {
  /** Pages in order; the last one may be a failure. */
  readonly pages: ArmAnswer[];
  /** Set when a `nextLink` was not followed, which leaves the listing incomplete. */
  readonly stoppedAt: { readonly nextLink: string; readonly reason: string } | null;
}

/** A body read as JSON, or why it is not JSON. */
export type ParsedBody =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/** `body` read as JSON; a body that is not JSON says why, quoting how it starts. */
export function parseJson(body: string): ParsedBody {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    const excerpt = body.length > 60 ? `${body.slice(0, 60)}...` : body;
    return {
      ok: false,
      message: `body is not JSON: ${(error as Error).message} (body starts ${JSON.stringify(excerpt)})`,
    };
  }
}

/** The body of an answer as JSON: the reader's parse of it when there is one, else parsed now. */
export function parsedBody(answer: Extract<ArmAnswer, { kind: "response" }>): ParsedBody {
  return answer.json ?? parseJson(answer.body);
}
