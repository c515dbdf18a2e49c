import { PassThrough } from "node:stream";
import { ProgressLine } from "../../lib/cli/progress-line";

function terminal(isTTY: boolean, columns = 120) {
  const stream = Object.assign(new PassThrough(), { isTTY, columns });
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  return { stream, text: () => text };
}

const progress = { done: 120, total: 4000, requests: 130, throttled: 2 };

describe("progress line", () => {
  it("appears on a terminal once the check has run a while, rewritten in place, and is cleared at the end", () => {
    let clock = 0;
    const { stream, text } = terminal(true);
    const line = new ProgressLine(stream, { now: () => clock });
    line.update(progress);
    expect(text()).toBe(""); // a quick check leaves no trace
    clock = 1500;
    line.update(progress);
    line.update({ ...progress, done: 121, requests: 131 });
    line.clear();
    expect(text()).toBe(
      "\rChecking LTR backups: 120/4000 (requests 130, throttled 2)\u001b[K" +
        "\rChecking LTR backups: 121/4000 (requests 131, throttled 2)\u001b[K" +
        "\r\u001b[K",
    );
  });

  it("never shows in a log file or a pipe", () => {
    let clock = 0;
    const { stream, text } = terminal(false);
    const line = new ProgressLine(stream, { now: () => clock });
    clock = 60_000;
    line.update(progress);
    line.clear();
    expect(text()).toBe("");
  });

  it("fits a narrow terminal so that the line does not wrap", () => {
    let clock = 0;
    const { stream, text } = terminal(true, 30);
    const line = new ProgressLine(stream, { now: () => clock });
    clock = 2000;
    line.update(progress);
    expect(text()).toBe("\rChecking LTR backups: 120/400\u001b[K");
  });
});
