import type { Answer } from "../http/answer";

/** A change to the operations of a 200 answer: the emulator answering another question than asked. */
export type AnswerRewrite =
  /** Every operation's `name` and `properties.backupName` become `name`. */
  | { readonly kind: "wrong-name"; readonly name: string }
  /** Every operation's `id` names another subscription, resource group or server. */
  | { readonly kind: "foreign-id"; readonly part: ForeignIdPart };

export type ForeignIdPart = "subscription" | "resource-group" | "server";

export const FOREIGN_ID_PARTS: readonly ForeignIdPart[] = ["subscription", "resource-group", "server"];

/** The subscription a `foreign-id=subscription` fault moves ids to. */
export const FOREIGN_SUBSCRIPTION_ID = "ffffffff-ffff-4fff-8fff-ffffffffffff";

/**
 * Applies the rewrite to a GET's operation or to each item of a listing page; any other answer (an
 * error, a POST's answer) goes out unchanged, since it names no backup operation.
 */
export function rewriteAnswer(answer: Answer, rewrite: AnswerRewrite): Answer {
  if (answer.status !== 200 || !isObject(answer.body)) return answer;
  const body = answer.body;
  if (Array.isArray(body.value)) {
    return { ...answer, body: { ...body, value: body.value.map((item) => rewriteOperation(item, rewrite)) } };
  }
  if (isObject(body.properties) || typeof body.id === "string") {
    return { ...answer, body: rewriteOperation(body, rewrite) };
  }
  return answer;
}

function rewriteOperation(item: unknown, rewrite: AnswerRewrite): unknown {
  if (!isObject(item)) return item;
  if (rewrite.kind === "wrong-name") {
    const properties = isObject(item.properties)
      ? { ...item.properties, backupName: rewrite.name }
      : item.properties;
    return { ...item, name: rewrite.name, properties };
  }
  return typeof item.id === "string" ? { ...item, id: foreignId(item.id, rewrite.part) } : item;
}

/** The id with one segment changed: `/subscriptions/<s>/resourceGroups/<rg>/providers/.../flexibleServers/<server>/...`. */
function foreignId(id: string, part: ForeignIdPart): string {
  const segments = id.split("/");
  const after = (name: string): number =>
    segments.findIndex((s) => s.toLowerCase() === name.toLowerCase()) + 1;
  const index =
    part === "subscription"
      ? after("subscriptions")
      : part === "resource-group"
        ? after("resourceGroups")
        : after("flexibleServers");
  if (index <= 0 || index >= segments.length) return id;
  segments[index] = part === "subscription" ? FOREIGN_SUBSCRIPTION_ID : `${segments[index]}-other`;
  return segments.join("/");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
