import { MARKDOWN_ROWS } from "../../lib/render/markdown-summary";
import { renderPlan } from "../../lib/render/render-plan";
import type { Finding } from "../../lib/check/result";
import { CLEAN, EVERY_VERDICT, FINDINGS, resultOf } from "./fixtures/check-results";

/** Table rows (lines starting with "|") outside the <details> block. */
function findingRows(markdown: string): string[] {
  return markdown
    .split("<details>")[0]
    .split("\n")
    .filter((line) => line.startsWith("| "));
}

describe("Markdown summary", () => {
  const markdown = renderPlan(EVERY_VERDICT, "markdown");

  it("opens with the outcome and the counts", () => {
    expect(markdown.split("\n")[0]).toBe("## ❗ LTR backups: some could not be checked");
    expect(markdown).toContain(
      "Checked at 2026-11-27T08:00:00Z: 1 missing, 2 stale, 1 failed, 1 invalid, 1 unknown. 1 compliant, 1 running, 1 could not be checked.",
    );
    expect(renderPlan(resultOf([FINDINGS.missing]), "markdown").split("\n")[0]).toBe(
      "## ❌ LTR backups: drift found",
    );
    expect(renderPlan(CLEAN, "markdown").split("\n")[0]).toBe("## ✅ LTR backups: no changes");
  });

  it("has a table row per finding that needs attention, with a marker, the backup and the reason", () => {
    const rows = findingRows(markdown);
    expect(rows[0]).toBe("| Verdict | Backup | Stack | Reason | Declared at |");
    expect(rows).toHaveLength(2 + 8);
    expect(rows).toContain(
      "| ➕ missing | `orders-db/pre-upgrade-2026-11` | `data-platform` | server orders-db has no LTR backup operation named pre-upgrade-2026-11 | `data-platform/orders-ltr (azurerm_postgresql_flexible_server.orders)` |",
    );
    expect(rows).toContain(
      "| 🕰️ stale | `billing-db/(latest)` | `data-platform` | server billing-db has no succeeded LTR backup; one must have ended within P8D (after 2026-11-19T08:00:00Z) | `data-platform/billing-ltr` |",
    );
    expect(rows.some((row) => row.startsWith("| ⏳ running | `billing-db/pre-upgrade-2026-12` |"))).toBe(
      true,
    );
    expect(rows.some((row) => row.startsWith("| ❗ error | `reports-db/pre-upgrade-2026-11` |"))).toBe(true);
  });

  it("folds the compliant backups away", () => {
    const details = markdown.slice(markdown.indexOf("<details>"));
    expect(details).toContain("<summary>1 compliant</summary>");
    expect(details).toContain(
      "| `orders-db/weekly-2026-11-15` | `data-platform` | succeeded 2026-11-22T02:40:00Z |",
    );
    expect(details.trimEnd().endsWith("</details>")).toBe(true);
    expect(findingRows(markdown).join("\n")).not.toContain("weekly-2026-11-15");
  });

  it("escapes pipes, line breaks and HTML in cells", () => {
    const nasty: Finding = { ...FINDINGS.failed, reason: "code A|B\nsee <script> & retry" };
    const rows = findingRows(renderPlan(resultOf([nasty]), "markdown"));
    expect(rows[2]).toBe(
      "| ❌ failed | `orders-db/weekly-2026-11-22` | `data-platform` | code A\\|B\\\\nsee \\<script\\> \\& retry | `data-platform/orders-ltr (azurerm_postgresql_flexible_server.orders)` |",
    );
    expect(rows[2].split(/(?<!\\)\|/)).toHaveLength(7);
  });

  // Outside text (construct paths, names, ARM's messages quoted in reasons) must not become a link,
  // an image or HTML in a pull-request comment.
  it.each([
    [
      "a construct path with an image",
      { constructPath: "app/![](https://evil.example/t.png)" },
      "`app/![](https://evil.example/t.png)`",
    ],
    [
      "a construct path with a link",
      { constructPath: "app/[Approve](https://evil.example)" },
      "`app/[Approve](https://evil.example)`",
    ],
    [
      "a construct path with a backtick",
      { constructPath: "app/`[x](https://e.example)`" },
      "`` app/`[x](https://e.example)` ``",
    ],
    [
      "a construct path with a pipe and a line break",
      { constructPath: "app/a|b\n# ok" },
      "`app/a\\|b\\n# ok`",
    ],
  ])("shows %s as code", (_case, change, declared) => {
    const finding: Finding = { ...FINDINGS.missing, ...change, address: null };
    const rows = findingRows(renderPlan(resultOf([finding]), "markdown"));
    expect(rows[2]?.endsWith(` | ${declared} |`)).toBe(true);
    expect(rows[2]?.split(/(?<!\\)\|/)).toHaveLength(7);
  });

  it.each([
    ["[Approve](https://evil.example)", "\\[Approve\\](https\\://evil.example)"],
    ["![](https://evil.example/t.png)", "\\!\\[\\](https\\://evil.example/t.png)"],
    ["<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"],
    ["see www.evil.example or a@evil.example", "see www\\.evil.example or a\\@\u2060evil.example"],
    ["ask @octo-org/admins or @alice, see #123", "ask \\@\u2060octo-org/admins or \\@\u2060alice, see #\u2060123"],
    ["&lt;b&gt; *bold* _it_ ~del~ $x$", "\\&lt;b\\&gt; \\*bold\\* \\_it\\_ \\~del\\~ \\$x\\$"],
    ["line\r\n| forged | row |", "line\\\\r\\\\n\\| forged \\| row \\|"],
  ])("escapes the reason %j so it stays text", (reason, cell) => {
    const finding: Finding = { ...FINDINGS.failed, reason };
    const rows = findingRows(renderPlan(resultOf([finding]), "markdown"));
    expect(rows[2]).toContain(` | ${cell} | `);
    expect(rows[2]?.split(/(?<!\\)\|/)).toHaveLength(7);
  });

  it("has no table of findings when everything is compliant", () => {
    const clean = renderPlan(resultOf([FINDINGS.compliant]), "markdown");
    expect(clean).not.toContain("| Verdict |");
    expect(clean).toContain("<summary>1 compliant</summary>");
  });

  it("shows at most MARKDOWN_ROWS rows per table, then how many more the reports hold", () => {
    const many = (finding: Finding, count: number): Finding[] =>
      Array.from({ length: count }, (_, i) => ({ ...finding, subject: `${finding.subject}-${i}` }));
    const large = renderPlan(
      resultOf([
        ...many(FINDINGS.missing, MARKDOWN_ROWS + 7),
        ...many(FINDINGS.compliant, MARKDOWN_ROWS + 1),
      ]),
      "markdown",
    );
    expect(findingRows(large)).toHaveLength(2 + MARKDOWN_ROWS);
    expect(large).toContain("… and 7 more, not shown here;");
    expect(large).toContain(`<summary>${MARKDOWN_ROWS + 1} compliant</summary>`);
    expect(large).toContain("… and 1 more, not shown here;");
    expect(markdown).not.toContain("more, not shown here");
  });
});
