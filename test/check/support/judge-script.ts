import { classify } from "../../../lib/check/classify";
import { gatherEvidence } from "../../../lib/check/evidence";
import type { ArmAnswer, ListingAnswer } from "../../../lib/check/fetch/arm-answer";
import { fetchServer } from "../../../lib/check/fetch/fetch-server";
import type { FetchStrategy } from "../../../lib/check/options";
import type { Finding } from "../../../lib/check/result";
import { KNOWN_STATUSES, validateServerAnswers } from "../../../lib/check/validate-answer";
import type { ServerExpectations } from "../../../lib/expectations/document";
import { parseDuration } from "../../../lib/time/duration";
import { SUBSCRIPTION } from "./fake-arm";
import { planServers } from "./plan-servers";

export const NOW = "2026-11-27T12:00:00Z";

/** What ARM says, by request: a backup name, "list" for the listing (also the probe after a 404). */
export type Said =
  { status: number; body?: unknown } | { noAnswer: "timeout" | "network"; attempts?: number };
export type Script = Record<string, Said>;

/**
 * Runs the pipeline after the network (plan → answers → validate → evidence → classify) on scripted
 * answers; the network itself is covered in check-ltr-backups.test.ts.
 */
export async function judge(
  server: ServerExpectations,
  script: Script,
  options: {
    now?: string;
    strategy?: FetchStrategy;
    /** `--require-existing`. */
    requireExisting?: boolean;
    /** The server's `systemData.createdAt`, as if read because it has no succeeded backup. */
    serverCreatedAt?: string;
  } = {},
): Promise<Finding[]> {
  const now = new Date(options.now ?? NOW);
  const [plan] = planServers([{ stack: "data", subscriptionId: SUBSCRIPTION, expectations: server }], {
    now,
    strategy: options.strategy ?? "get",
  });
  if (!plan) throw new Error("no plan");
  const answer = (url: string): ArmAnswer => {
    const key = /ltrBackupOperations\/([^?]+)/.exec(url)?.[1] ?? "list";
    const said = script[decodeURIComponent(key)];
    if (!said) throw new Error(`the script has no answer for ${key}`);
    if ("noAnswer" in said) {
      const code = said.noAnswer === "timeout" ? "ETIMEDOUT" : "ECONNRESET";
      const message = said.noAnswer === "timeout" ? "no answer within PT0.3S" : "socket hang up";
      return { kind: "no-response", url, cause: said.noAnswer, code, message, attempts: said.attempts ?? 4 };
    }
    const body =
      said.body === undefined ? "" : typeof said.body === "string" ? said.body : JSON.stringify(said.body);
    return { kind: "response", url, status: said.status, body, requestId: "req-1", attempts: 1 };
  };
  const answers = await fetchServer(plan, {
    get: async (url) => answer(url),
    list: async (url): Promise<ListingAnswer> => ({ pages: [answer(url)], stoppedAt: null }),
  });
  const validated = validateServerAnswers(answers);
  const evidence = gatherEvidence(
    plan,
    options.serverCreatedAt === undefined
      ? validated
      : { ...validated, serverCreatedAt: new Date(options.serverCreatedAt) },
  );
  const context = {
    now,
    stuckAfter: { text: "PT24H", duration: parseDuration("PT24H") },
    knownStatuses: KNOWN_STATUSES,
    timeoutText: "PT0.3S",
    requireExisting: options.requireExisting ?? false,
  };
  return plan.checks.flatMap((check) => {
    const found = evidence.get(check);
    const finding = found ? classify(check, found, context) : null;
    return finding ? [finding] : [];
  });
}

export async function judgeOne(
  server: ServerExpectations,
  script: Script,
  options: Parameters<typeof judge>[2] = {},
): Promise<Finding> {
  const findings = await judge(server, script, options);
  expect(findings).toHaveLength(1);
  return findings[0] as Finding;
}
