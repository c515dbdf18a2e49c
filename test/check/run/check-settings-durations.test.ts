import { PgLtrInputError } from "../../../lib/errors/input-error";
import { MAX_TIMER_MS, resolveCheckSettings } from "../../../lib/check/check-settings";

describe("durations a check waits for", () => {
  it("default to PT5M for --max-retry-wait and PT30M for --deadline", () => {
    const settings = resolveCheckSettings({});
    expect(settings.maxRetryWait).toEqual({ text: "PT5M", ms: 300_000 });
    expect(settings.deadline).toEqual({ text: "PT30M", ms: 1_800_000 });
  });

  it.each([
    ["--timeout", { timeout: "P25D" }, '--timeout "P25D"'],
    ["--retry-delay", { retryDelay: "P30D" }, '--retry-delay "P30D"'],
    ["--max-retry-wait", { maxRetryWait: "P100D" }, '--max-retry-wait "P100D"'],
    ["--deadline", { deadline: "PT600H" }, '--deadline "PT600H"'],
    ["--timeout in milliseconds", { timeout: MAX_TIMER_MS + 1 }, `--timeout ${MAX_TIMER_MS + 1}`],
  ])("refuse %s beyond what a Node timer holds, instead of firing after 1 ms", (_label, options, flag) => {
    expect(() => resolveCheckSettings(options)).toThrow(PgLtrInputError);
    expect(() => resolveCheckSettings(options)).toThrow(
      `${flag} is longer than the check can wait (at most 2147483647 ms, about 24.8 days): pass a shorter duration`,
    );
  });

  it("accept the longest a timer holds", () => {
    expect(resolveCheckSettings({ deadline: "P24D" }).deadline.ms).toBe(24 * 86_400_000);
    expect(resolveCheckSettings({ timeout: MAX_TIMER_MS }).timeout.ms).toBe(MAX_TIMER_MS);
  });
});
