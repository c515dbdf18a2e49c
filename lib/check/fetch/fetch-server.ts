import type { PlannedRequest, ServerPlan } from "../plan-requests";
import type { ArmAnswer, ListingAnswer } from "./arm-answer";

/** Everything ARM said about one server's planned requests. */
export interface ServerAnswers {
  /** Answers to the GETs, by backup name. */
  readonly gets: ReadonlyMap<string, ArmAnswer>;
  readonly listing: ListingAnswer | null;
  /**
   * First page of the server's listing, asked for when a GET answered 404 and no listing was planned:
   * a 404 alone cannot tell a missing backup from a missing server, and Azure's error codes vary.
   */
  readonly probe: ArmAnswer | null;
}

/** Where answers come from: ArmReader over the network. */
export interface AnswerSource {
  get(url: string): Promise<ArmAnswer>;
  list(url: string): Promise<ListingAnswer>;
}

/** Sends a server's planned requests concurrently (the scheduler paces them), then the probe if needed. */
export async function fetchServer(plan: ServerPlan, reader: AnswerSource): Promise<ServerAnswers> {
  const gets = new Map<string, ArmAnswer>();
  let listing: ListingAnswer | null = null;
  const send = async (request: PlannedRequest): Promise<void> => {
    if (request.kind === "get") gets.set(request.backupName, await reader.get(request.url));
    else listing = await reader.list(request.url);
  };
  // Most servers need one request (their listing): no Promise.all around it.
  if (plan.requests.length === 1) await send(plan.requests[0] as PlannedRequest);
  else await Promise.all(plan.requests.map(send));
  let needsProbe = false;
  if (listing === null) {
    for (const answer of gets.values()) needsProbe ||= answer.kind === "response" && answer.status === 404;
  }
  const probe = needsProbe ? await reader.get(plan.listUrl) : null;
  return { gets, listing, probe };
}
