import { PipelineRequest, PipelineResponse, RestError } from "@azure/core-rest-pipeline";

/**
 * An attempt failed although ARM answered: the answer asked for too long a wait, or was too large.
 * It carries no `response`, so that none of the SDK's retry strategies retries it, but keeps the
 * status and request id Azure support asks for.
 */
export class UnusableAnswerError extends RestError {
  /** `x-ms-request-id`, else `x-ms-correlation-request-id`, of the answer. */
  readonly requestId: string | null;

  constructor(message: string, code: string, request: PipelineRequest, response: PipelineResponse) {
    super(message, { code, statusCode: response.status, request });
    this.requestId =
      response.headers.get("x-ms-request-id") ?? response.headers.get("x-ms-correlation-request-id") ?? null;
  }
}
