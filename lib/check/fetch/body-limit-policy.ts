import type { Readable } from "node:stream";
import { PipelinePolicy, PipelineRequest, RestError } from "@azure/core-rest-pipeline";
import { MAX_ANSWER_BYTES } from "./answer-limit";
import { UnusableAnswerError } from "./unusable-answer-error";

export const bodyLimitPolicyName = "pgLtrBodyLimitPolicy";

/** Code of the error an attempt fails with when its answer is larger than the cap; not retried. */
export const ANSWER_TOO_LARGE_CODE = "PG_LTR_ANSWER_TOO_LARGE";

/** Every status: the SDK streams the answers whose status is in the set, and Infinity stands for all. */
const STREAM_EVERY_STATUS: ReadonlySet<number> = new Set([Number.POSITIVE_INFINITY]);

/**
 * The innermost policy: asks the HTTP client for every answer as a stream (the SDK's
 * `streamResponseStatusCodes`, which still decompresses gzip and deflate as the stream is read) and
 * reads it into `bodyAsText` up to `maxBytes`. A larger answer stops being read at once and fails the
 * attempt with ANSWER_TOO_LARGE_CODE. A connection that breaks mid-body fails the attempt with
 * ECONNRESET, which the SDK's retry strategy retries like any network error (the HTTP client alone
 * reports it as a parse error, which it does not retry).
 *
 * It sits inside the attempt timeout policy, which aborts the attempt's signal when the attempt fails
 * and so makes the HTTP client destroy the connection of an answer this policy left unread.
 */
export function bodyLimitPolicy(maxBytes: number = MAX_ANSWER_BYTES): PipelinePolicy {
  return {
    name: bodyLimitPolicyName,
    async sendRequest(request, next) {
      const signal = request.abortSignal;
      request.streamResponseStatusCodes = STREAM_EVERY_STATUS as Set<number>;
      const response = await next(request);
      const stream = response.readableStreamBody as Readable | undefined;
      if (!stream) return response;
      response.readableStreamBody = undefined;
      const tooLarge = (): UnusableAnswerError =>
        new UnusableAnswerError(
          `ARM's answer (HTTP ${response.status}) is larger than ${describeBytes(maxBytes)} after decompression, ` +
            "the most the check reads of one answer",
          ANSWER_TOO_LARGE_CODE,
          request,
          response,
        );
      const encoded = response.headers.get("content-encoding");
      const declared = Number(response.headers.get("content-length"));
      if (!encoded && Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
      response.bodyAsText = await readText(
        stream,
        maxBytes,
        tooLarge,
        () => signal?.aborted === true,
        request,
      );
      return response;
    },
  };
}

function readText(
  stream: Readable,
  maxBytes: number,
  tooLarge: () => UnusableAnswerError,
  aborted: () => boolean,
  request: PipelineRequest,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      stream.off("data", onData);
      outcome();
    };
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > maxBytes) {
        settle(() => reject(tooLarge()));
        stream.destroy();
        return;
      }
      chunks.push(buffer);
    };
    stream.on("data", onData);
    stream.once("end", () => settle(() => resolve(Buffer.concat(chunks).toString("utf8"))));
    stream.on("error", (error: NodeJS.ErrnoException) => {
      settle(() => {
        if (aborted() || error.name === "AbortError") reject(error);
        else if (typeof error.code === "string" && error.code.startsWith("Z_")) {
          reject(
            new RestError(`the answer's compressed body is corrupt (${error.message})`, {
              code: RestError.PARSE_ERROR,
              request,
            }),
          );
        } else {
          reject(
            new RestError(`the connection broke while the answer was read (${error.message})`, {
              code: "ECONNRESET",
              request,
            }),
          );
        }
      });
    });
  });
}

/** `32 MiB`, `512 KiB`, `100 bytes`. */
function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
