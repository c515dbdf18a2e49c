import type { Finding, HttpFacts } from "../../lib/check/result";
import { styleFor } from "../../lib/render/ansi-style";
import {
  ErrorGroups,
  errorCause,
  groupErrorFindings,
  renderErrorDiagnostics,
  renderErrorGroups,
} from "../../lib/render/error-diagnostics";
import { renderPlan } from "../../lib/render/render-plan";
import { FINDINGS, resultOf } from "./fixtures/check-results";

const SUB_A = "00000000-0000-0000-0000-00000000000a";
const SUB_B = "00000000-0000-0000-0000-00000000000b";
const EXPIRED: HttpFacts = {
  status: 401,
  code: "AuthenticationFailed",
  message: "expired",
  requestId: "r-401",
};
const GONE: HttpFacts = { status: 404, code: "ResourceNotFound", message: "gone", requestId: "r-404" };
const TOKEN_REASON = "ARM refused the credentials (401 AuthenticationFailed): sign in again";

/** `count` expectations of servers `<prefix>-0…` in `subscription`, each with `fields`. */
function many(count: number, prefix: string, subscription: string, fields: Partial<Finding>): Finding[] {
  return Array.from({ length: count }, (_, i) => ({
    ...FINDINGS.error,
    serverName: `${prefix}-${i}`,
    subject: `${prefix}-${i}/nightly`,
    subscriptionId: subscription,
    ...fields,
  }));
}
const token = (count: number, prefix: string, subscription: string) =>
  many(count, prefix, subscription, { reason: TOKEN_REASON, http: EXPIRED });
const compliant = (count: number, subscription: string) =>
  many(count, "ok", subscription, { verdict: "compliant", reason: "ended in time", http: null });

/** The summary line of every diagnostic, in order. */
function summaries(findings: readonly Finding[], perSubscription?: ReadonlyMap<string, number>): string[] {
  const text = renderErrorDiagnostics(
    { findings: [...findings], ...(perSubscription ? { expectationsPerSubscription: perSubscription } : {}) },
    styleFor(false),
  );
  return [...text.matchAll(/^│ Error: (.*)$/gm)].map((match) => match[1] as string);
}

describe("grouped error diagnostics", () => {
  it.each<[string, Finding[], string[]]>([
    [
      "one bad token for every expectation of a subscription",
      token(27, "db", SUB_A),
      [`401 AuthenticationFailed for all 27 expectations in subscription ${SUB_A}`],
    ],
    [
      "one bad token for some expectations of a subscription",
      [...token(27, "db", SUB_A), ...compliant(13, SUB_A)],
      [`401 AuthenticationFailed for 27 of 40 expectations in subscription ${SUB_A}`],
    ],
    [
      "the same cause in two subscriptions",
      [...token(3, "a", SUB_A), ...token(2, "b", SUB_B), ...compliant(1, SUB_B)],
      [
        `401 AuthenticationFailed for all 3 expectations in subscription ${SUB_A}`,
        `401 AuthenticationFailed for 2 of 3 expectations in subscription ${SUB_B}`,
      ],
    ],
    [
      "mixed causes in one subscription",
      [
        ...token(2, "a", SUB_A),
        ...many(3, "gone", SUB_A, { reason: "server gone-x was not found", http: GONE }),
        ...compliant(1, SUB_A),
      ],
      [
        `401 AuthenticationFailed for 2 of 6 expectations in subscription ${SUB_A}`,
        `404 ResourceNotFound for 3 of 6 expectations in subscription ${SUB_A}`,
      ],
    ],
    [
      "one lone error, which keeps its own reason",
      [...token(1, "a", SUB_A), ...compliant(4, SUB_A)],
      [TOKEN_REASON],
    ],
    [
      "the same reason without an HTTP exchange, whatever the subscription",
      [
        ...many(2, "x", SUB_A, { reason: "not checked: interrupted", http: null }),
        ...many(1, "y", SUB_B, { reason: "not checked: interrupted", http: null }),
      ],
      ["Not checked: interrupted"],
    ],
    [
      "no answer at all",
      many(2, "slow", SUB_A, {
        reason: "no answer from ARM within PT30S",
        http: { status: null, code: null, message: "timeout", requestId: null },
      }),
      [`No answer from ARM for all 2 expectations in subscription ${SUB_A}`],
    ],
  ])("%s", (_, findings, expected) => {
    expect(summaries(findings)).toEqual(expected);
  });

  it("counts the expectations the caller left out of the findings, as the CLI keeps only what it shows", () => {
    expect(summaries(token(27, "db", SUB_A), new Map([[SUB_A, 40]]))).toEqual([
      `401 AuthenticationFailed for 27 of 40 expectations in subscription ${SUB_A}`,
    ]);
  });

  it("says only how many when the caller cannot tell the subscription's total", () => {
    const [group] = groupErrorFindings(token(3, "db", SUB_A));
    expect(errorCause(group).summary).toBe(
      `401 AuthenticationFailed for 3 expectations in subscription ${SUB_A}`,
    );
  });

  it("names five backups and counts the rest, quoting the reason once and the first request id", () => {
    const text = renderErrorDiagnostics({ findings: token(27, "db", SUB_A) }, styleFor(false));
    expect(text.split("\n")).toEqual([
      "╷",
      `│ Error: 401 AuthenticationFailed for all 27 expectations in subscription ${SUB_A}`,
      "│",
      `│ ${TOKEN_REASON}`,
      "│",
      "│ Affected LTR backups (27): data-platform/db-0/nightly, data-platform/db-1/nightly, " +
        "data-platform/db-2/nightly, data-platform/db-3/nightly, data-platform/db-4/nightly and 22 more.",
      "│ HTTP 401 AuthenticationFailed, first request id r-401",
      "╵",
      "",
    ]);
  });

  it("shows a grouped cause once in the text plan, and none of its expectations as a block", () => {
    const text = renderPlan(resultOf([...token(27, "db", SUB_A), FINDINGS.missing]), "text");
    expect(text.match(/│ Error: /g)).toHaveLength(1);
    expect(text).not.toContain("could not be checked\n  #");
    expect(text).not.toContain("x ltr_backup");
    expect(text).toContain(
      "\nPlan: 1 missing, 0 stale, 0 failed, 0 invalid, 0 unknown. 0 compliant, 0 running, 27 could not be checked.\n",
    );
  });

  it("shows a lone error with where it was declared and Azure's own words", () => {
    const located = { ...FINDINGS.error, declaredAt: { file: "main.ts", line: 42, column: 3 } };
    const text = renderErrorDiagnostics({ findings: [located] }, styleFor(false));
    expect(text).toContain(
      "│ Affected LTR backup: data-platform/reports-db/pre-upgrade-2026-11, declared at main.ts:42 (data-platform/reports-ltr).\n",
    );
    expect(text).toContain("│ HTTP 403 AuthorizationFailed, request id req-403-abc\n");
    expect(text).toContain(`│ ARM error message: ${JSON.stringify(FINDINGS.error.http?.message)}\n`);
  });

  it("is empty when everything could be checked", () => {
    expect(renderErrorDiagnostics(resultOf([FINDINGS.missing, FINDINGS.compliant]), styleFor(false))).toBe(
      "",
    );
  });

  it("groups errors one at a time as a streamed check finds them, holding a few names per cause, not every finding", () => {
    const findings = [...token(20_000, "db", SUB_A), ...compliant(5, SUB_A), ...token(3, "b", SUB_B)];
    const groups = new ErrorGroups();
    const totals = new Map<string, number>();
    for (const finding of findings) {
      groups.add(finding);
      totals.set(finding.subscriptionId as string, (totals.get(finding.subscriptionId as string) ?? 0) + 1);
    }
    expect(groups.all.map((group) => [group.count, group.named.length, group.reasons.size])).toEqual([
      [20_000, 5, 1],
      [3, 3, 1],
    ]);
    const text = renderErrorGroups(groups.all, totals, styleFor(false));
    expect(text).toBe(renderErrorDiagnostics({ findings }, styleFor(false)));
    expect(text).toContain(
      `│ Error: 401 AuthenticationFailed for 20000 of 20005 expectations in subscription ${SUB_A}\n`,
    );
  });
});
