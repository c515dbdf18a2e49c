import { markdownCode, markdownText, terminalQuoted, terminalText } from "../../lib/render/untrusted-text";

describe("terminalText", () => {
  it.each([
    ["ESC (clear screen)", "a\u001b[2Jb", "a\\x1b[2Jb"],
    ["OSC (set the title)", "\u001b]0;pwned\u0007", "\\x1b]0;pwned\\x07"],
    ["CR (overwrite the line)", "x\r# all good", "x\\r# all good"],
    ["LF (forge a line)", "x\n# all good", "x\\n# all good"],
    ["TAB", "a\tb", "a\\tb"],
    ["NUL and DEL", "\u0000\u007f", "\\x00\\x7f"],
    ["C1 CSI", "\u009b31m", "\\x9b31m"],
    ["the last C1 control", "\u009f", "\\x9f"],
    ["a right-to-left override", "abc\u202edef", "abc\\u202edef"],
    ["a line separator", "a\u2028b", "a\\u2028b"],
  ])("shows %s escaped", (_name, text, shown) => {
    expect(terminalText(text)).toBe(shown);
  });

  it("leaves printable text, backslashes and non-ASCII letters alone, and is idempotent", () => {
    for (const text of ["orders-db/weekly-2026", "C:\\cdktf.out", "ü ß 😀 …", "\u00a0"]) {
      expect(terminalText(text)).toBe(text);
    }
    expect(terminalText(terminalText("\u001b\n"))).toBe("\\x1b\\n");
  });

  it("quotes like JSON, with control characters shown as the terminal escapes", () => {
    expect(terminalQuoted('say "hi"\\now\u001b[31m\n')).toBe('"say \\"hi\\"\\\\now\\x1b[31m\\n"');
    expect(terminalQuoted("orders-db")).toBe(JSON.stringify("orders-db"));
  });
});

describe("markdownCode", () => {
  it.each([
    ["orders-db/weekly", "`orders-db/weekly`"],
    ["a`b", "``a`b``"],
    ["a``b`", "``` a``b` ```"],
    ["`start", "`` `start ``"],
    [" both ", "`  both  `"],
    ["a|b", "`a\\|b`"],
    ["a\nb\u001b", "`a\\nb\\x1b`"],
    ["", "` `"],
  ])("puts %j in a code span as %s", (text, code) => {
    expect(markdownCode(text)).toBe(code);
  });
});

describe("markdownText", () => {
  it("escapes what could start a link, an image, HTML, an entity or an autolink", () => {
    expect(markdownText("[a](https://x.example) ![i](u) <b> &amp; www.x.example me@x.example")).toBe(
      "\\[a\\](https\\://x.example) \\!\\[i\\](u) \\<b\\> \\&amp; www\\.x.example me\\@\u2060x.example",
    );
  });

  it("keeps @mentions and #123 issue references from pinging people or linking issues, reading the same", () => {
    const shown = markdownText("cc @alice @octo-org/dba, fixes #123 and octo/repo#7; C# stays");
    // GitHub links mentions and references after rendering, in the text an escape leaves behind.
    expect(shown.replace(/\\(.)/g, "$1")).not.toMatch(/@[A-Za-z0-9]|#\d/);
    expect(shown.replace(/[\\\u2060]/g, "")).toBe("cc @alice @octo-org/dba, fixes #123 and octo/repo#7; C# stays");
  });

  it("keeps ordinary wording readable", () => {
    expect(markdownText("ended 2026-09-01T02:10:00Z, older than P32D (cut-off 2026-10-26)")).toBe(
      "ended 2026-09-01T02:10:00Z, older than P32D (cut-off 2026-10-26)",
    );
  });
});
