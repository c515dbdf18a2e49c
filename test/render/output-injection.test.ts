import { renderPlan } from "../../lib/render/render-plan";
import type { Finding } from "../../lib/check/result";
import { FINDINGS, resultOf } from "./fixtures/check-results";

// Outside text carrying terminal attacks: ESC clears the screen, OSC sets the title, CR/LF forge a
// line. The text plan must show each as escaped characters, with colour and without.
const ESC_CLEAR = "\u001b[2J\u001b[H";
const OSC_TITLE = "\u001b]0;owned\u0007";
const FORGED = "\r\n  # all good\n";

const hostile: Finding = {
  ...FINDINGS.error,
  stack: `data${OSC_TITLE}`,
  subject: `reports-db/pre${ESC_CLEAR}`,
  backupName: `pre${ESC_CLEAR}`,
  constructPath: `data/reports-ltr${FORGED}`,
  reason: `ARM said: boom${FORGED}`,
  http: {
    status: 500,
    code: `Internal${ESC_CLEAR}`,
    message: `try again${FORGED}\u009b31m`,
    requestId: "req\u007f1",
  },
};

const failedHostile: Finding = {
  ...FINDINGS.failed,
  observed: {
    ...FINDINGS.failed.observed!,
    errorCode: `Storage${OSC_TITLE}`,
    errorMessage: `unreachable${FORGED}`,
  },
};

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_BUT_LF = new RegExp("[\u0000-\u0009\u000b-\u001f\u007f-\u009f]");

/** Our own SGR colour codes removed; what is left must hold no control character but LF. */
function withoutOwnColours(text: string): string {
  // eslint-disable-next-line no-control-regex -- so is removing our own colour codes
  return text.replace(new RegExp("\u001b\\[(?:1|2|22|31|32|33|35|36|39)m", "g"), "");
}

describe("outside text in the text plan", () => {
  for (const color of [false, true]) {
    describe(color ? "with colour" : "without colour", () => {
      const text = renderPlan(resultOf([hostile, failedHostile]), "text", { color });
      const plain = withoutOwnColours(text);

      it("sends no control character of its own making to the terminal", () => {
        expect(plain).not.toMatch(CONTROL_BUT_LF);
      });

      it("shows names and Azure's error escaped on their own lines", () => {
        const lines = plain.split("\n");
        expect(lines).toContain('        error_code    = "Storage\\x1b]0;owned\\x07"');
        expect(lines).toContain('        error_message = "unreachable\\r\\n  # all good\\n"');
        expect(lines.filter((line) => line.trim() === "# all good")).toEqual([]);
      });

      it("escapes names, construct path, reason and ARM's error in the error diagnostic", () => {
        const lines = plain.split("\n");
        expect(lines).toContain("│ Error: ARM said: boom\\r\\n  # all good\\n");
        expect(lines).toContain(
          "│ Affected LTR backup: data\\x1b]0;owned\\x07/reports-db/pre\\x1b[2J\\x1b[H, declared at " +
            "data/reports-ltr\\r\\n  # all good\\n (azurerm_postgresql_flexible_server.reports).",
        );
        expect(lines).toContain("│ HTTP 500 Internal\\x1b[2J\\x1b[H, request id req\\x7f1");
        expect(lines).toContain('│ ARM error message: "try again\\r\\n  # all good\\n\\x9b31m"');
      });
    });
  }

  it("leaves the JSON report as it was: JSON escapes control characters itself", () => {
    const json = renderPlan(resultOf([hostile]), "json");
    expect(json).not.toContain("\u001b");
    expect(json).not.toContain("\r");
    expect(JSON.stringify(JSON.parse(json))).toContain(JSON.stringify(hostile.constructPath).slice(1, -1));
  });
});
