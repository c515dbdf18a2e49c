import type { Answer } from "../http/answer";

/** An ARM ErrorResponse (`{ "error": { "code", "message", "target"? } }`) with its status. */
export function armError(status: number, code: string, message: string, target?: string): Answer {
  return { status, body: { error: target === undefined ? { code, message } : { code, message, target } } };
}

/** The ARM error a fault injects for a status, worded as ARM words it. */
export function faultError(status: number, retryAfterSeconds?: number): Answer {
  const [code, message] = FAULT_ERRORS[status] ?? [
    status >= 500 ? "InternalServerError" : "BadRequest",
    `The emulator answered ${status} because a fault asked it to.`,
  ];
  const answer = armError(status, code, message);
  return retryAfterSeconds === undefined
    ? answer
    : { ...answer, headers: { "retry-after": String(retryAfterSeconds) } };
}

const FAULT_ERRORS: Readonly<Record<number, readonly [string, string]>> = {
  429: [
    "TooManyRequests",
    "The request is being throttled as the limit has been reached for operation type - Read.",
  ],
  500: ["InternalServerError", "Encountered internal server error. Please try again later."],
  502: [
    "BadGateway",
    "The gateway did not receive a response from 'Microsoft.DBforPostgreSQL' within the specified time period.",
  ],
  503: [
    "ServiceUnavailable",
    "The server is currently unable to receive requests. Please retry your request.",
  ],
  504: [
    "GatewayTimeout",
    "The gateway did not receive a response from 'Microsoft.DBforPostgreSQL' within the specified time period.",
  ],
};
