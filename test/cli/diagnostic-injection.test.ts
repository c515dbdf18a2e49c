import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCheckCommand } from "../../lib/cli/check-command";
import { capturedIo } from "./captured-io";

// A path, stack name or ARM message on stderr must not drive the terminal: the diagnostic shows the
// control characters escaped, with colour and without.
describe("diagnostics on stderr with outside text", () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "pg-ltr-inject-"));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const out = (): string => join(folder, "out\u001b]0;owned\u0007\r\n# all good");
  const shown = (): string => join(folder, "out\\x1b]0;owned\\x07\\r\\n# all good");

  it("escapes a hostile --out path without colour, byte for byte", async () => {
    const io = capturedIo({ cwd: folder });
    const code = await runCheckCommand(["--out", out()], io);
    expect(code).toBe(1);
    expect(io.stderrText()).toBe(
      "╷\n" +
        `│ Error: no manifest.json in ${shown()}: run \`cdktf synth\` first (or pass --out DIR)\n` +
        "╵\n",
    );
  });

  it("escapes it with colour too, keeping only pg-ltr's own colour codes", async () => {
    const io = capturedIo({ cwd: folder, tty: true, env: { FORCE_COLOR: "1" } });
    const code = await runCheckCommand(["--out", out()], io);
    expect(code).toBe(1);
    const red = (text: string): string => `\u001b[31m${text}\u001b[39m`;
    expect(io.stderrText()).toBe(
      `${red("╷")}\n` +
        `${red("│")} \u001b[1m${red("Error:")} no manifest.json in ${shown()}: run \`cdktf synth\` first (or pass --out DIR)\u001b[22m\n` +
        `${red("╵")}\n`,
    );
  });
});
