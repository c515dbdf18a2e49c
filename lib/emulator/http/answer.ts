/**
 * An HTTP answer as the emulator's handlers build it; only the server writes it to the socket, so
 * handlers stay plain functions and faults can rewrite an answer before it goes out.
 */
export interface Answer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Serialized as JSON; undefined sends no body. */
  readonly body?: unknown;
}

/** An answer with extra headers. */
export function withHeaders(answer: Answer, headers: Readonly<Record<string, string>>): Answer {
  return { ...answer, headers: { ...answer.headers, ...headers } };
}
